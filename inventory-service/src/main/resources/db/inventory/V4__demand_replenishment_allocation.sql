-- Forecasting (issue 8): demand history, forecasts, replenishment and pre-sale allocation.

-- Units ordered per day, SKU, location and channel, from OrderPlaced (each order once):
-- demand as shoppers placed it, whether or not they paid later.
create table daily_demand (
    sku               varchar(64) not null,
    location_code     varchar(64) not null,
    channel           varchar(32) not null,
    day               date not null,
    quantity          integer not null check (quantity >= 0),
    promoted_quantity integer not null default 0 check (promoted_quantity >= 0 and promoted_quantity <= quantity),
    primary key (sku, location_code, day, channel)
);
create table demand_order (
    order_id    varchar(64) primary key,
    recorded_at timestamptz not null
);

create table forecast_run (
    id            bigserial primary key,
    trigger       varchar(16) not null check (trigger in ('SCHEDULED', 'ON_DEMAND')),
    status        varchar(16) not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    requested_by  varchar(128) not null,
    first_day     date not null,
    horizon       integer not null check (horizon between 1 and 366),
    started_at    timestamptz not null,
    finished_at   timestamptz,
    series        integer,
    models        jsonb,
    failure       varchar(1000)
);
-- One run at a time across replicas.
create unique index forecast_run_one_running on forecast_run ((status)) where status = 'RUNNING';

-- The latest forecast of each SKU x location.
create table demand_forecast (
    sku            varchar(64) not null,
    location_code  varchar(64) not null,
    run_id         bigint not null references forecast_run (id),
    model          varchar(32) not null,
    promotion_lift double precision not null,
    sigma          double precision not null,
    first_day      date not null,
    generated_at   timestamptz not null,
    primary key (sku, location_code)
);
-- Forecast per day. A run rewrites the days from its first day on, so a past day keeps the
-- forecast made before it: what accuracy (WAPE, bias) is measured on.
create table demand_forecast_day (
    sku           varchar(64) not null,
    location_code varchar(64) not null,
    day           date not null,
    mean          double precision not null,
    lower80       double precision not null,
    upper80       double precision not null,
    lower95       double precision not null,
    upper95       double precision not null,
    run_id        bigint not null,
    primary key (sku, location_code, day)
);

create table replenishment_policy (
    sku              varchar(64) not null,
    location_code    varchar(64) not null,
    lead_time_days   integer not null check (lead_time_days between 1 and 365),
    review_days      integer not null check (review_days between 1 and 90),
    service_level    numeric(5, 4) not null check (service_level >= 0.5 and service_level < 1),
    supplier_id      varchar(64),
    minimum_order    integer not null default 1 check (minimum_order >= 1),
    updated_by       varchar(128) not null,
    updated_at       timestamptz not null,
    primary key (sku, location_code),
    foreign key (sku, location_code) references stock_level (sku, location_code)
);

create table replenishment_suggestion (
    id             varchar(64) primary key,
    sku            varchar(64) not null,
    location_code  varchar(64) not null,
    quantity       integer not null check (quantity > 0),
    supplier_id    varchar(64),
    need_by        timestamptz not null,
    safety_stock   integer not null,
    reorder_point  integer not null,
    order_up_to    integer not null,
    position       integer not null,
    status         varchar(16) not null check (status in ('OPEN', 'ORDERED', 'EXPIRED')),
    run_id         bigint,
    created_at     timestamptz not null,
    closed_at      timestamptz
);
-- One open suggestion per SKU x location: the next run waits for it to be ordered or to lapse.
create unique index replenishment_suggestion_one_open on replenishment_suggestion (sku, location_code)
    where status = 'OPEN';

-- Units on purchase orders sent to suppliers and not received yet (PurchaseOrderSent, GoodsReceived).
create table incoming_supply (
    purchase_order_id varchar(64) not null,
    sku               varchar(64) not null,
    location_code     varchar(64) not null,
    ordered           integer not null check (ordered > 0),
    received          integer not null default 0 check (received >= 0),
    need_by           timestamptz not null,
    primary key (purchase_order_id, sku, location_code)
);
create index incoming_supply_open on incoming_supply (sku, location_code) where received < ordered;

create table allocation_plan (
    id            bigserial primary key,
    campaign_id   varchar(64) not null,
    window_start  date not null,
    window_end    date not null,
    fence_percent numeric(5, 2) not null check (fence_percent >= 0 and fence_percent <= 100),
    status        varchar(16) not null check (status in ('PROPOSED', 'APPROVED', 'REJECTED')),
    created_by    varchar(128) not null,
    created_at    timestamptz not null,
    decided_by    varchar(128),
    decided_at    timestamptz
);
create table allocation_plan_target (
    plan_id       bigint not null references allocation_plan (id),
    sku           varchar(64) not null,
    location_code varchar(64) not null,
    region        varchar(64),
    forecast      double precision not null,
    available     integer not null,
    target        integer not null,
    primary key (plan_id, sku, location_code)
);
create table allocation_plan_transfer (
    plan_id       bigint not null references allocation_plan (id),
    sku           varchar(64) not null,
    from_location varchar(64) not null,
    to_location   varchar(64) not null,
    quantity      integer not null check (quantity > 0),
    transfer_id   bigint,
    primary key (plan_id, sku, from_location, to_location)
);
create table allocation_plan_fence (
    plan_id   bigint not null references allocation_plan (id),
    sku       varchar(64) not null,
    channel   varchar(32) not null,
    share     double precision not null,
    quantity  integer not null check (quantity > 0),
    fence_id  bigint,
    primary key (plan_id, sku, channel)
);
