-- Every one-time-code request within the last hour (sent or not), for the hourly limits per identity, per
-- number range (E.164 without its last 4 digits) and per foreign country calling code. Older rows are purged.
create table code_request (
    id            bigserial   primary key,
    identity_hash char(64)    not null,
    purpose       varchar(20) not null,
    number_range  varchar(16),
    country_code  int,
    requested_at  timestamptz not null
);
create index code_request_identity on code_request (identity_hash, purpose, requested_at);
create index code_request_range on code_request (number_range, requested_at) where number_range is not null;
create index code_request_country on code_request (country_code, requested_at) where country_code is not null;
create index code_request_age on code_request (requested_at);
