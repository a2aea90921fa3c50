-- Members known to promotion-service, projected from member-service's events.
create table audience_member (
    member_id          uuid        primary key,
    registered_channel varchar(20) not null,
    registered_at      timestamptz not null,
    member_version     bigint      not null
);
