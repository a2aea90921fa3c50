-- Where the reservation put each unit (inventory's allocation), the source of shipments.
alter table customer_order
    add column allocations           jsonb,
    add column promised_dispatch_by  timestamptz,
    add column promised_delivery_by  timestamptz,
    add column at_risk_since         timestamptz;
create index customer_order_open_sla on customer_order (promised_dispatch_by) where status in ('PAID', 'ALLOCATED');

-- Carriers and their rate cards: per service level and zone, a cost and a transit time.
create table carrier (
    code           varchar(32)  primary key,
    name           varchar(100) not null,
    webhook_secret varchar(200) not null,
    active         boolean      not null default true,
    updated_at     timestamptz  not null
);

create table carrier_rate (
    carrier_code  varchar(32) not null references carrier (code) on delete cascade,
    service_level varchar(16) not null check (service_level in ('SAME_DAY', 'EXPRESS', 'STANDARD', 'ECONOMY')),
    zone          varchar(16) not null check (zone in ('LOCAL', 'NATIONAL', 'INTERNATIONAL')),
    cost_minor    bigint      not null check (cost_minor >= 0),
    transit_hours integer     not null check (transit_hours > 0),
    primary key (carrier_code, service_level, zone)
);

-- One parcel per source location (or per supplier for dropship lines).
create table shipment (
    shipment_id      varchar(64) primary key,
    order_id         varchar(64) not null references customer_order (order_id),
    source           varchar(64) not null,
    dropship         boolean     not null,
    carrier_code     varchar(32) references carrier (code),
    service_level    varchar(16),
    tracking_number  varchar(64) unique,
    cost_minor       bigint,
    status           varchar(16) not null check (status in ('CREATED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION')),
    exception        varchar(200),
    lines            jsonb       not null,
    estimated_delivery_at timestamptz,
    last_event_at    timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index shipment_order on shipment (order_id);

-- Carrier tracking events, once each (carriers resend).
create table carrier_event (
    carrier_code varchar(32)  not null,
    event_id     varchar(100) not null,
    tracking_number varchar(64) not null,
    status       varchar(16)  not null,
    occurred_at  timestamptz  not null,
    applied      boolean      not null,
    received_at  timestamptz  not null,
    primary key (carrier_code, event_id)
);

-- SLA breaches with their cause.
create table sla_breach (
    order_id    varchar(64) not null references customer_order (order_id),
    kind        varchar(16) not null check (kind in ('DISPATCH', 'DELIVERY')),
    cause       varchar(32) not null,
    promised_by timestamptz not null,
    actual_at   timestamptz,
    recorded_at timestamptz not null,
    primary key (order_id, kind)
);
