-- Connector orders (issue 24): platform orders in, after-sales requests in, tracking out.

-- A platform order is priced by its platform (promotions included) and paid to it: its
-- placement takes the lines' prices as given and locks no Concord promotion or coupon
-- (PlacementSaga). Its dispatch promise is the platform's (OrderSla).
alter table customer_order add column priced_by_platform boolean not null default false;
alter table customer_order add column dispatch_within_seconds integer
    check (dispatch_within_seconds is null or dispatch_within_seconds > 0);
-- A platform-captured payment is recorded as provider channel:<connectorId>.
alter table payment alter column provider type varchar(80);

-- Every platform order as it arrived (webhook or pull), stored before anything is done
-- with it: one row per platform order id, however often it arrives.
create table connector_order (
    connector_id      varchar(64)  not null references connector (connector_id),
    platform_order_id varchar(100) not null,
    status            varchar(16)  not null check (status in ('RECEIVED', 'HELD', 'PLACED', 'DISMISSED')),
    reason            varchar(32),
    detail            jsonb,
    order_id          varchar(64),
    payload           jsonb        not null,
    source            varchar(16)  not null,
    duplicates        integer      not null default 0,
    attempts          integer      not null default 0,
    -- bumped when ops retry an order whose placement was refused (it holds nothing), so
    -- the retry is a new checkout; every other retry resumes the same one
    generation        integer      not null default 0,
    received_at       timestamptz  not null,
    updated_at        timestamptz  not null,
    next_attempt_at   timestamptz,
    dismissed_by      varchar(200),
    primary key (connector_id, platform_order_id)
);
create unique index connector_order_by_order on connector_order (order_id) where order_id is not null;
create index connector_order_to_retry on connector_order (next_attempt_at) where status = 'RECEIVED';

-- Where each connector's order pull stands.
create table connector_pull (
    connector_id varchar(64) primary key references connector (connector_id),
    cursor       varchar(500),
    next_pull_at timestamptz not null,
    pulled_at    timestamptz,
    last_error   varchar(500)
);

-- After-sales requests from platforms, once per request id, with what came of them.
create table connector_after_sale (
    connector_id      varchar(64)  not null references connector (connector_id),
    request_id        varchar(100) not null,
    platform_order_id varchar(100) not null,
    type              varchar(8)   not null check (type in ('CANCEL', 'RETURN')),
    lines             jsonb,
    reason            varchar(500),
    outcome           varchar(32)  not null,
    detail            varchar(1000),
    order_id          varchar(64),
    return_id         varchar(64),
    received_at       timestamptz  not null,
    primary key (connector_id, request_id)
);

-- Tracking to tell the platform, pushed by a job with retries and back-off.
create table connector_tracking (
    connector_id      varchar(64)  not null references connector (connector_id),
    platform_order_id varchar(100) not null,
    order_id          varchar(64)  not null,
    carrier           varchar(64)  not null,
    tracking_number   varchar(100) not null,
    shipped_at        timestamptz  not null,
    status            varchar(8)   not null check (status in ('PENDING', 'PUSHED')),
    attempts          integer      not null default 0,
    next_attempt_at   timestamptz  not null,
    last_error        varchar(500),
    pushed_at         timestamptz,
    primary key (connector_id, platform_order_id)
);
create index connector_tracking_due on connector_tracking (next_attempt_at) where status = 'PENDING';
