-- Catalogue (SKUs, locations, which locations serve which channel) and stock: levels per SKU x
-- location, an append-only ledger of every movement, and reservations for orders.
create table sku (
    sku           varchar(64) primary key,
    name          varchar(200) not null,
    category      varchar(100),
    brand         varchar(100),
    dropship      boolean not null default false,
    supplier_id   varchar(64),
    reorder_point integer not null default 0 check (reorder_point >= 0)
);

create table location (
    code      varchar(64) primary key,
    name      varchar(200) not null,
    type      varchar(16) not null check (type in ('WAREHOUSE', 'STORE', 'DROPSHIP')),
    region    varchar(64),
    latitude  numeric(9, 6),
    longitude numeric(9, 6)
);

-- The locations that fulfil a channel, tried in sort order.
create table channel_location (
    channel       varchar(32) not null,
    location_code varchar(64) not null references location (code),
    sort_order    integer not null,
    primary key (channel, location_code)
);

-- reserved <= on_hand is the no-oversell invariant, enforced by the database as well.
create table stock_level (
    sku           varchar(64) not null references sku (sku),
    location_code varchar(64) not null references location (code),
    on_hand       integer not null default 0,
    reserved      integer not null default 0,
    safety_stock  integer not null default 0,
    primary key (sku, location_code),
    constraint stock_never_oversold check (on_hand >= 0 and reserved >= 0 and reserved <= on_hand),
    constraint stock_safety_not_negative check (safety_stock >= 0)
);

create table stock_movement (
    id            bigserial primary key,
    sku           varchar(64) not null,
    location_code varchar(64) not null,
    quantity      integer not null,
    kind          varchar(24) not null,
    reason        varchar(64),
    reference     varchar(128),
    actor         varchar(128),
    at            timestamptz not null,
    foreign key (sku, location_code) references stock_level (sku, location_code)
);
create index stock_movement_by_level on stock_movement (sku, location_code, id);

create table reservation (
    order_id   varchar(64) primary key,
    channel    varchar(32) not null,
    status     varchar(16) not null check (status in ('ACTIVE', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    updated_at timestamptz not null
);
create index reservation_expiring on reservation (expires_at) where status = 'ACTIVE';

create table reservation_line (
    order_id      varchar(64) not null references reservation (order_id),
    sku           varchar(64) not null,
    location_code varchar(64) not null,
    quantity      integer not null check (quantity > 0),
    primary key (order_id, sku, location_code),
    foreign key (sku, location_code) references stock_level (sku, location_code)
);
