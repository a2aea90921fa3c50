-- The inbox: an event id applied by a handler is recorded with its effect, so a redelivery has none.
create table processed_event (
    handler      varchar(200) not null,
    event_id     varchar(200) not null,
    processed_at timestamptz  not null,
    primary key (handler, event_id)
);
create index processed_event_processed_at on processed_event (processed_at);

-- Events given up on after bounded retries; listed and replayed through the admin API.
create table dead_letter (
    id              bigserial primary key,
    topic           varchar(249)  not null,
    kafka_partition int           not null,
    kafka_offset    bigint        not null,
    record_key      varchar(500),
    event_id        varchar(200),
    event_type      varchar(300),
    reason          varchar(2000) not null,
    headers         text          not null,
    payload         bytea         not null,
    status          varchar(16)   not null,
    failed_at       timestamptz   not null,
    replayed_at     timestamptz,
    unique (topic, kafka_partition, kafka_offset)
);
create index dead_letter_status on dead_letter (status, failed_at);
