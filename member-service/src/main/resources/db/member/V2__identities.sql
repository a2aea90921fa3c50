alter table member add column status varchar(16) not null default 'ACTIVE';
alter table member add column merged_into uuid references member (id);

-- Each identity belongs to at most one member: the unique key is the identity itself (type,
-- namespace and the keyed hash of the normalised value). The value is stored encrypted.
create table channel_identity (
    id              bigserial    primary key,
    member_id       uuid         not null references member (id),
    identity_type   varchar(24)  not null,
    namespace       varchar(64)  not null,
    lookup_hash     varchar(64)  not null,
    protected_value text         not null,
    masked_value    varchar(100) not null,
    verified        boolean      not null,
    linked_at       timestamptz  not null,
    unique (identity_type, namespace, lookup_hash)
);
create index channel_identity_member on channel_identity (member_id);

-- Who did what to which member, and why (merges, admin adjustments, ...).
create table member_audit (
    id         bigserial    primary key,
    actor      varchar(200) not null,
    action     varchar(64)  not null,
    member_id  uuid,
    reason     varchar(500),
    details    text         not null,
    at         timestamptz  not null
);
create index member_audit_member on member_audit (member_id, at);

-- One-time codes, stored hashed; a handful of attempts each; they expire in minutes.
create table one_time_code (
    id            bigserial   primary key,
    identity_hash char(64)    not null,
    purpose       varchar(20) not null,
    code_hash     char(64)    not null,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    attempts      int         not null,
    consumed      boolean     not null
);
create index one_time_code_identity on one_time_code (identity_hash, purpose, created_at);

alter table member add column event_version bigint not null default 1;

-- Sign-in
create table member_credential (
    member_id     uuid         primary key references member (id),
    password_hash varchar(100) not null,
    updated_at    timestamptz  not null
);
create table sign_in_attempt (
    identity_hash char(64)    primary key,
    failures      int         not null,
    locked_until  timestamptz
);
create table refresh_token (
    token_hash char(64)    primary key,
    family_id  uuid        not null,
    member_id  uuid        not null references member (id),
    channel    varchar(20) not null,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz
);
create index refresh_token_family on refresh_token (family_id);
create table signing_key (
    kid         varchar(64) primary key,
    private_key text        not null,
    public_jwk  text        not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);

-- Points: the ledger, and the account that is its sum (balance spendable, pending in the return window).
create table points_account (
    member_id uuid   primary key references member (id),
    balance   bigint not null check (balance >= 0),
    pending   bigint not null check (pending >= 0),
    version   bigint not null
);
create table points_entry (
    id           bigserial    primary key,
    member_id    uuid         not null references member (id),
    kind         varchar(16)  not null,
    points       bigint       not null,
    state        varchar(16)  not null,
    source       varchar(32)  not null,
    source_ref   varchar(200) not null,
    available_at timestamptz,
    reason       varchar(500),
    actor        varchar(200),
    created_at   timestamptz  not null,
    unique (source, source_ref, kind)
);
create index points_entry_member on points_entry (member_id, created_at);
create index points_entry_pending on points_entry (available_at) where state = 'PENDING';
