-- Channel ring-fences, allocation strategies, transfers between locations, campaign windows
-- (from promotion-service) and what events need to stay ordered.

-- Free-form product attributes (size, colour, material...) for channels and forecasting.
alter table sku add column attributes jsonb not null default '{}'::jsonb;

-- Where shoppers are, for the "nearest" strategy: a region's centre.
create table region (
    code      varchar(64) primary key,
    name      varchar(200) not null,
    latitude  numeric(9, 6) not null,
    longitude numeric(9, 6) not null
);

-- How a channel picks among its locations (channel_location holds which, in sort order).
create table sales_channel (
    channel             varchar(32) primary key,
    allocation_strategy varchar(16) not null default 'SORT_ORDER'
        check (allocation_strategy in ('SORT_ORDER', 'MOST_STOCK', 'NEAREST'))
);
insert into sales_channel (channel) select distinct channel from channel_location;

-- Campaign windows as promotion-service announces them; fences tied to a campaign follow them.
create table campaign (
    campaign_id varchar(64) primary key,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    ended_at    timestamptz
);

-- Units of a SKU held for one channel: other channels cannot have them until the fence is
-- released (at release_at, when its campaign ends, or by hand). Sales in the channel draw
-- the fence down (consumed); a cancelled order gives its units back to the fence.
create table ring_fence (
    id            bigserial primary key,
    sku           varchar(64) not null references sku (sku),
    channel       varchar(32) not null,
    quantity      integer not null check (quantity > 0),
    consumed      integer not null default 0,
    share_percent numeric(5, 2) check (share_percent > 0 and share_percent <= 100),
    campaign_id   varchar(64),
    starts_at     timestamptz,
    release_at    timestamptz,
    released_at   timestamptz,
    created_by    varchar(128) not null,
    created_at    timestamptz not null,
    constraint ring_fence_consumed check (consumed >= 0 and consumed <= quantity),
    constraint ring_fence_window check (release_at is null or starts_at is null or release_at > starts_at)
);
create index ring_fence_by_sku on ring_fence (sku) where released_at is null;
create index ring_fence_by_campaign on ring_fence (campaign_id) where released_at is null;

alter table reservation add column region varchar(64);
alter table reservation add column version bigint not null default 1;
alter table reservation drop constraint reservation_status_check;
alter table reservation add constraint reservation_status_check
    check (status in ('ACTIVE', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REVERSED'));

-- How much of a reservation each fence supplied, to give it back on release.
create table reservation_fence (
    order_id varchar(64) not null references reservation (order_id),
    fence_id bigint not null references ring_fence (id),
    quantity integer not null check (quantity > 0),
    primary key (order_id, fence_id)
);

-- Units shipped to a location and not yet received there.
alter table stock_level add column in_transit integer not null default 0 check (in_transit >= 0);

-- What was last announced per SKU (StockChanged, LowStock, OutOfStock, BackInStock), so a
-- signal goes out when availability crosses a line, not on every change; version orders them.
create table availability_signal (
    sku       varchar(64) primary key references sku (sku),
    available integer not null,
    low       boolean not null,
    version   bigint not null
);

create table stock_transfer (
    id            bigserial primary key,
    sku           varchar(64) not null,
    from_location varchar(64) not null,
    to_location   varchar(64) not null,
    quantity      integer not null check (quantity > 0),
    received      integer check (received >= 0 and received <= quantity),
    status        varchar(16) not null check (status in ('IN_TRANSIT', 'RECEIVED')),
    reference     varchar(128),
    shipped_by    varchar(128) not null,
    shipped_at    timestamptz not null,
    received_at   timestamptz,
    foreign key (sku, from_location) references stock_level (sku, location_code),
    foreign key (sku, to_location) references stock_level (sku, location_code),
    check (from_location <> to_location)
);

-- A goods receipt is booked once per SKU x location however often its event arrives.
create unique index stock_movement_receipt on stock_movement (reference, sku, location_code) where kind = 'RECEIPT';
