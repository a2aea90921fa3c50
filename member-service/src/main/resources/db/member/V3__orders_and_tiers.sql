-- The member's delivered orders, from fulfillment-service's events: the basis of points, tiers and RFM.
create table member_order (
    order_id       varchar(100) primary key,
    member_id      uuid         not null references member (id),
    paid_minor     bigint       not null check (paid_minor >= 0),
    refunded_minor bigint       not null check (refunded_minor >= 0),
    currency       varchar(3)   not null,
    delivered_at   timestamptz  not null
);
create index member_order_member on member_order (member_id, delivered_at);
create table member_order_return (
    order_id       varchar(100) not null,
    return_id      varchar(100) not null,
    refunded_minor bigint       not null,
    returned_at    timestamptz  not null,
    primary key (order_id, return_id)
);

-- Tier thresholds and benefits; ops change them through the admin API.
create table tier_rule (
    tier                 varchar(16)  primary key,
    rank                 int          not null unique,
    min_spend_minor      bigint       not null check (min_spend_minor >= 0),
    min_orders           int          not null check (min_orders >= 0),
    discount_percent     numeric(5,2) not null check (discount_percent >= 0 and discount_percent < 100),
    free_shipping        boolean      not null,
    early_access         boolean      not null,
    points_multiplier    numeric(4,2) not null check (points_multiplier >= 1),
    birthday_gift_points bigint       not null check (birthday_gift_points >= 0),
    updated_at           timestamptz  not null,
    updated_by           varchar(200) not null
);
insert into tier_rule values
    ('BRONZE',   0,       0,  0,  0.00, false, false, 1.00,  100, now(), 'migration'),
    ('SILVER',   1,  100000,  2,  2.00, false, false, 1.20,  200, now(), 'migration'),
    ('GOLD',     2,  500000,  5,  5.00, true,  false, 1.50,  500, now(), 'migration'),
    ('PLATINUM', 3, 2000000, 12,  8.00, true,  true,  2.00, 1000, now(), 'migration'),
    ('DIAMOND',  4, 5000000, 24, 10.00, true,  true,  3.00, 2000, now(), 'migration');

create table member_tier (
    member_id    uuid        primary key references member (id),
    tier         varchar(16) not null,
    since        timestamptz not null,
    spend_minor  bigint      not null,
    orders       int         not null,
    evaluated_at timestamptz not null,
    version      bigint      not null
);
