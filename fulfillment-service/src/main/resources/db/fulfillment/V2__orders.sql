-- What can be sold and at what list price (promotions discount from it).
create table product (
    sku              varchar(64)  primary key,
    name             varchar(200) not null,
    category         varchar(64),
    brand            varchar(64),
    unit_price_minor bigint       not null check (unit_price_minor >= 0),
    currency         char(3)      not null,
    dropship         boolean      not null default false,
    supplier_id      varchar(64),
    updated_at       timestamptz  not null
);

-- An order and its placement saga. status is the lifecycle; saga_step is how far placement got,
-- so a restart resumes or compensates an interrupted placement.
create table customer_order (
    order_id                varchar(64) primary key,
    member_id               uuid        not null,
    channel                 varchar(32) not null,
    status                  varchar(20) not null check (status in ('PLACING', 'REJECTED', 'PENDING_PAYMENT', 'PAID',
                                'ALLOCATED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURN_REQUESTED', 'RETURNED')),
    saga_step               varchar(20) not null check (saga_step in ('NEW', 'STOCK_RESERVED', 'DONE', 'COMPENSATED')),
    rejection               jsonb,
    cancel_cause            varchar(32),
    currency                char(3)     not null,
    subtotal_minor          bigint      not null default 0,
    discount_minor          bigint      not null default 0,
    shipping_fee_minor      bigint      not null default 0,
    shipping_discount_minor bigint      not null default 0,
    payable_minor           bigint      not null default 0,
    refunded_minor          bigint      not null default 0,
    quote                   jsonb,
    shipping_address        jsonb       not null,
    region                  varchar(32),
    coupon_ids              jsonb,
    use_points              boolean     not null default false,
    reservation_expires_at  timestamptz,
    payment_due_at          timestamptz,
    paid_at                 timestamptz,
    partners_confirmed      boolean     not null default false,
    shipped_at              timestamptz,
    delivered_at            timestamptz,
    cancelled_at            timestamptz,
    version                 bigint      not null default 0,
    created_at              timestamptz not null,
    updated_at              timestamptz not null
);
create index customer_order_member on customer_order (member_id, created_at desc);
create index customer_order_placing on customer_order (updated_at) where status = 'PLACING';
create index customer_order_unpaid on customer_order (payment_due_at) where status = 'PENDING_PAYMENT';
create index customer_order_unconfirmed on customer_order (paid_at) where status = 'PAID' and not partners_confirmed;

create table order_line (
    order_id          varchar(64) not null references customer_order (order_id),
    line_no           integer     not null,
    sku               varchar(64) not null,
    name              varchar(200) not null,
    quantity          integer     not null check (quantity > 0),
    unit_price_minor  bigint      not null,
    discount_minor    bigint      not null default 0,
    returned_quantity integer     not null default 0,
    primary key (order_id, line_no),
    check (returned_quantity between 0 and quantity)
);

-- Every transition, for the order's history and the KPIs.
create table order_transition (
    id          bigserial   primary key,
    order_id    varchar(64) not null references customer_order (order_id),
    from_status varchar(20) not null,
    to_status   varchar(20) not null,
    action      varchar(32) not null,
    cause       varchar(32),
    at          timestamptz not null
);
create index order_transition_order on order_transition (order_id, id);

-- Payment callbacks, one row per provider transaction: a repeated callback finds its row.
create table payment (
    provider        varchar(32)  not null,
    provider_txn_id varchar(100) not null,
    order_id        varchar(64)  not null,
    amount_minor    bigint       not null,
    currency        char(3)      not null,
    outcome         varchar(20)  not null check (outcome in ('APPLIED', 'FAILED', 'AMOUNT_MISMATCH', 'REFUND_DUE')),
    received_at     timestamptz  not null,
    primary key (provider, provider_txn_id)
);
create index payment_order on payment (order_id);

-- Returns: requested by the member, received and inspected, refunded from the order's allocation.
create table order_return (
    return_id    varchar(64) primary key,
    order_id     varchar(64) not null references customer_order (order_id),
    status       varchar(20) not null check (status in ('REQUESTED', 'RETURNED', 'REJECTED')),
    reason       varchar(200),
    lines        jsonb       not null,
    refund_minor bigint,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index order_return_order on order_return (order_id);
