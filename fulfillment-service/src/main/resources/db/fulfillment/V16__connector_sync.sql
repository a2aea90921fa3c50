-- Stock and prices out to the connectors' platforms (issue 24): per connector and SKU, what
-- inventory last said the connector's channel may sell, what the platform was last told,
-- and whether a push is due (pending), with its retries. Written by the StockChanged and
-- PriceChanged handlers and the re-sync (the value) and the pusher (what was pushed).
create table connector_stock (
    connector_id    varchar(64) not null references connector (connector_id) on delete cascade,
    sku             varchar(64) not null,
    -- ATP for the connector's channel and when inventory said so (the event's changedAt,
    -- or when a re-sync read it): a raise is pushed only while this is recent.
    available       integer     not null,
    known_at        timestamptz not null,
    -- The StockChanged changedAt of the value held (null after a re-sync): latency is
    -- measured from it to the platform's acknowledgement.
    changed_at      timestamptz,
    -- The highest StockChanged aggregate version applied (older ones are dropped).
    stock_version   bigint      not null default 0,
    pushed_quantity integer,
    pushed_at       timestamptz,
    pending         boolean     not null,
    pending_since   timestamptz,
    -- A re-sync queued it: pushed even if the platform was told the same (it may have
    -- changed it on its side).
    resend          boolean     not null default false,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    last_error      varchar(500),
    failing_since   timestamptz,
    primary key (connector_id, sku)
);

create index connector_stock_due on connector_stock (connector_id, pending_since) where pending;

create table connector_price (
    connector_id        varchar(64) not null references connector (connector_id) on delete cascade,
    sku                 varchar(64) not null,
    -- The change's channel: the connector's own, or ALL while its channel has no own price.
    price_channel       varchar(32) not null,
    currency            varchar(3)  not null,
    selling_price_minor bigint      not null,
    list_price_minor    bigint      not null,
    effective_from      timestamptz not null,
    pushed_selling_price_minor bigint,
    pushed_list_price_minor    bigint,
    pushed_at           timestamptz,
    pending             boolean     not null,
    pending_since       timestamptz,
    attempts            integer     not null default 0,
    next_attempt_at     timestamptz,
    last_error          varchar(500),
    failing_since       timestamptz,
    primary key (connector_id, sku)
);

create index connector_price_due on connector_price (connector_id, pending_since) where pending;

-- Per connector: the pusher's lock row (one pusher per connector across replicas), when it
-- last called the platform (the quota holds when the lock moves to another replica), the
-- pause a 429 imposes, and the last full re-sync.
create table connector_sync (
    connector_id      varchar(64) primary key references connector (connector_id) on delete cascade,
    last_call_at      timestamptz,
    paused_until      timestamptz,
    last_resync_at    timestamptz,
    last_resync_skus  integer,
    last_resync_error varchar(500)
);
