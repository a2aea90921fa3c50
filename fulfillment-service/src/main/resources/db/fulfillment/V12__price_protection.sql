-- Price protection: one claim per order line, the difference between what the line's remaining
-- units paid and the current price, refunded like a return. Later returns of the line give back
-- the claim's share of their units (clawed_back_minor), so a line never refunds more than it paid.
create table price_protection_claim (
    claim_id             varchar(64) primary key,
    order_id             varchar(64) not null references customer_order (order_id),
    line_no              integer     not null,
    sku                  varchar(64) not null,
    units                integer     not null check (units > 0),
    paid_minor           bigint      not null check (paid_minor >= 0),
    price_minor          bigint      not null check (price_minor >= 0),
    refund_minor         bigint      not null check (refund_minor > 0),
    returned_units       integer     not null default 0 check (returned_units between 0 and units),
    clawed_back_minor    bigint      not null default 0 check (clawed_back_minor between 0 and refund_minor),
    price_change_id      uuid,
    mode                 varchar(8)  not null check (mode in ('MEMBER', 'AUTO')),
    claimed_at           timestamptz not null,
    unique (order_id, line_no)
);
