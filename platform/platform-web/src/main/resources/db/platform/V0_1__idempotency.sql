-- Platform table (Idempotency-Key). Platform migrations use versions 0.x so that they run before
-- every service's own (1 and up).
create table idempotency_record (
    scope                 varchar(200) not null,
    idempotency_key       varchar(200) not null,
    request_fingerprint   char(64)     not null,
    completed             boolean      not null,
    created_at            timestamptz  not null,
    expires_at            timestamptz  not null,
    response_status       integer,
    response_content_type varchar(200),
    response_location     varchar(2000),
    response_body         bytea,
    primary key (scope, idempotency_key)
);
create index idempotency_record_expires_at on idempotency_record (expires_at);
