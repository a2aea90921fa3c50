-- Campaigns group promotions under one window; inventory-service follows the window for ring-fences.
create table campaign (
    id          varchar(64)  primary key,
    name        varchar(200) not null,
    description text,
    starts_at   timestamptz  not null,
    ends_at     timestamptz  not null,
    status      varchar(12)  not null check (status in ('DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'ENDED')),
    version     bigint       not null default 0,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    check (ends_at > starts_at)
);

-- A promotion: what it gives (rule), to what and whom (scope), how it stacks, and for coupon
-- templates how coupons are issued. Budget counters are in minor units of the currency.
create table promotion (
    id                       varchar(64)  primary key,
    campaign_id              varchar(64)  not null references campaign (id),
    name                     varchar(200) not null,
    kind                     varchar(20)  not null,
    activation               varchar(10)  not null check (activation in ('AUTOMATIC', 'COUPON')),
    stacking_group           varchar(10)  not null,
    exclusive                boolean      not null,
    priority                 integer      not null,
    currency                 char(3)      not null,
    combinable_with_points   boolean      not null,
    scope                    jsonb        not null,
    rule                     jsonb        not null,
    starts_at                timestamptz,
    ends_at                  timestamptz,
    status                   varchar(12)  not null check (status in ('ACTIVE', 'PAUSED', 'EXHAUSTED')),
    total_quantity           integer      check (total_quantity > 0),
    per_member_limit         integer      check (per_member_limit > 0),
    valid_days               integer      check (valid_days > 0),
    public_code              varchar(40)  unique,
    issue_trigger            varchar(20)  check (issue_trigger in ('NEW_MEMBER', 'TIER_UPGRADE', 'CHURN_RISK', 'BIRTHDAY')),
    trigger_tier             varchar(20),
    budget_minor             bigint       check (budget_minor > 0),
    budget_locked_minor      bigint       not null default 0 check (budget_locked_minor >= 0),
    budget_spent_minor       bigint       not null default 0 check (budget_spent_minor >= 0),
    restore_budget_on_return boolean      not null default true,
    version                  bigint       not null default 0,
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    -- The database refuses what would break the budget, whatever the code does.
    check (budget_minor is null or budget_locked_minor + budget_spent_minor <= budget_minor)
);
create index promotion_campaign on promotion (campaign_id);

-- Coupons are minted into a pool when a template is activated (its total quantity) and
-- handed out by flipping a pool row to a member: claimers take different rows
-- (FOR UPDATE SKIP LOCKED), so there is no single hot counter row.
create table coupon (
    id           uuid        primary key,
    promotion_id varchar(64) not null references promotion (id),
    code         varchar(32) unique,
    status       varchar(10) not null check (status in ('POOL', 'AVAILABLE', 'LOCKED', 'REDEEMED', 'EXPIRED', 'VOIDED')),
    member_id    uuid,
    issue_key    varchar(120),
    issued_at    timestamptz,
    valid_from   timestamptz,
    valid_until  timestamptz,
    order_id     varchar(64),
    locked_at    timestamptz,
    redeemed_at  timestamptz,
    version      bigint      not null default 0,
    check (status = 'POOL' or status = 'VOIDED' or member_id is not null or status in ('REDEEMED', 'EXPIRED')),
    check (status <> 'LOCKED' or order_id is not null)
);
create index coupon_pool on coupon (promotion_id) where status = 'POOL' and code is null;
create index coupon_wallet on coupon (member_id, status);
create index coupon_order on coupon (order_id) where order_id is not null;
create index coupon_expiry on coupon (valid_until) where status = 'AVAILABLE';
-- A trigger (registration, upgrade, birthday, ...) issues a template's coupon to a member once.
create unique index coupon_issue_once on coupon (promotion_id, member_id, issue_key) where issue_key is not null;

-- Coupons a member has taken of a template: the per-member limit is a conditional upsert
-- on this row, so two concurrent claims by one member serialise on it and nothing else.
create table member_claim (
    promotion_id varchar(64) not null references promotion (id),
    member_id    uuid        not null,
    claimed      integer     not null check (claimed > 0),
    primary key (promotion_id, member_id)
);

-- An order's participation: the quote it was priced with, its coupons and budgets.
create table order_promotion (
    order_id       varchar(64) primary key,
    member_id      uuid,
    status         varchar(10) not null check (status in ('LOCKED', 'REDEEMED', 'RELEASED')),
    currency       char(3)     not null,
    payable_minor  bigint      not null,
    discount_minor bigint      not null,
    quote          jsonb       not null,
    version        bigint      not null default 0,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index order_promotion_locked on order_promotion (created_at) where status = 'LOCKED';

create table order_promotion_applied (
    order_id       varchar(64) not null references order_promotion (order_id),
    promotion_id   varchar(64) not null references promotion (id),
    coupon_id      uuid,
    discount_minor bigint      not null check (discount_minor > 0),
    restored_minor bigint      not null default 0 check (restored_minor >= 0),
    primary key (order_id, promotion_id)
);
create index order_promotion_applied_promotion on order_promotion_applied (promotion_id);

-- Returns of an order: units per SKU (so later returns know what went before) and the answer
-- given, so a repeated return request gets the same refund.
create table order_return (
    order_id  varchar(64) not null references order_promotion (order_id),
    return_id varchar(64) not null,
    result    jsonb       not null,
    primary key (order_id, return_id)
);

create table order_returned_units (
    order_id varchar(64) not null references order_promotion (order_id),
    sku      varchar(64) not null,
    quantity integer     not null check (quantity > 0),
    primary key (order_id, sku)
);

alter table audience_member
    add column tier varchar(20),
    add column segment varchar(40),
    add column tier_version bigint not null default 0;
