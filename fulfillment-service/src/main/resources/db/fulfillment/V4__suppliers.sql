-- Suppliers and their contracts: what they sell us at what price, how fast, and what a late,
-- short or defective delivery costs them.
create table supplier (
    supplier_id    varchar(64)  primary key,
    name           varchar(200) not null,
    webhook_secret varchar(200) not null,
    grade          char(1),
    score          numeric(5, 2),
    updated_at     timestamptz  not null
);

create table supplier_contract (
    supplier_id            varchar(64)   not null references supplier (supplier_id),
    sku                    varchar(64)   not null,
    unit_price_minor       bigint        not null check (unit_price_minor >= 0),
    currency               char(3)       not null,
    lead_time_days         integer       not null check (lead_time_days > 0),
    late_penalty_percent_per_day numeric(5, 2) not null default 0 check (late_penalty_percent_per_day >= 0),
    max_late_penalty_percent     numeric(5, 2) not null default 20 check (max_late_penalty_percent between 0 and 100),
    short_penalty_percent  numeric(5, 2) not null default 0 check (short_penalty_percent >= 0),
    defect_penalty_percent numeric(5, 2) not null default 0 check (defect_penalty_percent >= 0),
    primary key (supplier_id, sku)
);

create table purchase_order (
    po_id          varchar(64) primary key,
    supplier_id    varchar(64) not null references supplier (supplier_id),
    location       varchar(64) not null,
    status         varchar(12) not null check (status in ('DRAFT', 'APPROVED', 'CONFIRMED', 'SHIPPED', 'RECEIVED',
                       'SETTLED', 'CANCELLED')),
    currency       char(3)     not null,
    need_by        timestamptz not null,
    emergency      boolean     not null default false,
    origin         varchar(16) not null check (origin in ('MANUAL', 'REPLENISHMENT')),
    suggestion_id  varchar(64) unique,
    asn_reference  varchar(64),
    expected_at    timestamptz,
    created_at     timestamptz not null,
    approved_at    timestamptz,
    confirmed_at   timestamptz,
    shipped_at     timestamptz,
    received_at    timestamptz,
    version        bigint      not null default 0
);
create index purchase_order_supplier on purchase_order (supplier_id, status);

create table purchase_order_line (
    po_id                 varchar(64) not null references purchase_order (po_id),
    sku                   varchar(64) not null,
    quantity              integer     not null check (quantity > 0),
    unit_price_minor      bigint      not null,
    confirmed_quantity    integer,
    confirmed_price_minor bigint,
    asn_quantity          integer,
    received_quantity     integer,
    accepted_quantity     integer,
    rejected_quantity     integer,
    reject_reason         varchar(200),
    primary key (po_id, sku)
);

-- What was paid for a receipt, computed from the contract at once (no reconciliation cycle).
create table supplier_settlement (
    po_id                varchar(64) primary key references purchase_order (po_id),
    supplier_id          varchar(64) not null,
    currency             char(3)     not null,
    accepted_value_minor bigint      not null,
    late_penalty_minor   bigint      not null,
    short_penalty_minor  bigint      not null,
    defect_penalty_minor bigint      not null,
    payable_minor        bigint      not null check (payable_minor >= 0),
    days_late            integer     not null,
    settled_at           timestamptz not null
);
