-- One cart per member, the same from every channel (issue 19), and guest carts until they
-- sign in. Lines are SKU and quantity only: prices, promotions and availability are read when
-- the cart is, so a cart never shows yesterday's price. A cart holds no stock.
create table cart (
    cart_id          uuid primary key,
    member_id        uuid unique,
    lines            jsonb not null,
    coupon_ids       jsonb,
    points_to_redeem bigint not null default 0,
    version          bigint not null,
    updated_at       timestamptz not null,
    test_run         varchar(40) default nullif(current_setting('concord.test_run', true), '')
);
-- Abandoned guest carts are dropped after a while.
create index cart_guest_updated_at on cart (updated_at) where member_id is null;
