-- Notifications to members (issue 19): one row per member, kind and source (the coupon, the
-- order, the expiry day), so a repeated event never notifies twice. Destinations (phone,
-- e-mail, app account) are not stored: they are read from the identities when sending.
create table notification (
    id                uuid primary key,
    member_id         uuid        not null,
    kind              varchar(32) not null,
    purpose           varchar(16) not null,
    source_key        varchar(200) not null,
    order_id          varchar(64),
    params            jsonb       not null,
    status            varchar(16) not null,
    reason            varchar(32),
    channel           varchar(16),
    send_at           timestamptz not null,
    attempts          int         not null default 0,
    last_error        varchar(300),
    created_at        timestamptz not null,
    sent_at           timestamptz,
    -- The loop closed: the unpaid order was paid after its reminder went out, the win-back
    -- coupon was redeemed (converted_order_id: the order).
    converted_at      timestamptz,
    converted_order_id varchar(64),
    test_run          varchar(40) default nullif(current_setting('concord.test_run', true), ''),
    unique (member_id, kind, source_key)
);
create index notification_due on notification (send_at) where status = 'PENDING';
create index notification_order on notification (order_id) where order_id is not null;
create index notification_member on notification (member_id, created_at);
create index notification_created on notification (created_at, kind);

-- What a member allows, per channel and purpose; no row: the configured default.
create table notification_consent (
    member_id  uuid        not null,
    channel    varchar(16) not null,
    purpose    varchar(16) not null,
    allowed    boolean     not null,
    updated_at timestamptz not null,
    primary key (member_id, channel, purpose)
);
