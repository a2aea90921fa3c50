-- Points paying towards an order (security review M10): one redemption per order, debited inside the order saga
-- against the payable fulfillment computed. member_id is null for an order closed to points before any
-- redemption arrived (a reversal that found nothing), so a redemption delayed in flight can never debit after its
-- compensation.
create table points_order_redemption (
    order_id      varchar(64)  primary key,
    member_id     uuid         references member (id),
    redemption_id uuid,
    points        bigint       not null check (points >= 0),
    value_minor   bigint       not null check (value_minor >= 0),
    currency      varchar(3),
    balance_after bigint,
    restored      bigint       not null default 0,
    created_at    timestamptz  not null,
    check (restored between 0 and points)
);
create index points_order_redemption_member on points_order_redemption (member_id);

-- What a redemption took from which lot: restored points become lots with the original expiry.
create table points_order_redemption_lot (
    order_id   varchar(64) not null references points_order_redemption (order_id),
    lot_id     bigint      not null references points_entry (id),
    points     bigint      not null check (points > 0),
    restored   bigint      not null default 0,
    expires_at timestamptz not null,
    primary key (order_id, lot_id),
    check (restored between 0 and points)
);

-- Every restoration once: the order's reversal ('reversal') or one return (its return id).
create table points_order_restoration (
    order_id       varchar(64)  not null references points_order_redemption (order_id),
    restoration_id varchar(100) not null,
    points         bigint       not null check (points >= 0),
    balance_after  bigint       not null,
    created_at     timestamptz  not null,
    primary key (order_id, restoration_id)
);
