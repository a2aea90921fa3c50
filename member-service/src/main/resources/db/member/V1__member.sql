create table member (
    id                 uuid         primary key,
    display_name       varchar(100) not null,
    registered_channel varchar(20)  not null,
    registered_at      timestamptz  not null,
    version            bigint       not null
);
