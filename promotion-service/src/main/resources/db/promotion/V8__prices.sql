-- Price lists (issue 20): promotion-service is the price authority (ADR-31). Every entry is
-- kept for good (history and the Omnibus reference price are computed from it); an entry is
-- never updated except to cancel it before it takes effect, or to record that its
-- PriceChanged (and the one at its window's end) was published.
create table price_entry (
    id                          uuid         primary key,
    sku                         varchar(64)  not null,
    channel                     varchar(32)  not null,
    currency                    char(3)      not null,
    list_price_minor            bigint       not null check (list_price_minor >= 0),
    selling_price_minor         bigint       not null check (selling_price_minor >= 0),
    effective_from              timestamptz  not null,
    effective_to                timestamptz,
    source                      varchar(16)  not null check (source in ('ADMIN', 'SCHEDULE', 'DYNAMIC', 'EXPIRY')),
    reason                      varchar(500) not null,
    actor                       varchar(200) not null,
    overridden                  boolean      not null default false,
    created_at                  timestamptz  not null,
    cancelled_at                timestamptz,
    cancelled_by                varchar(200),
    cancel_reason               varchar(500),
    -- set once, by whoever published the PriceChanged (the setter, or the scheduled job)
    published_at                timestamptz,
    expiry_published_at         timestamptz,
    check (effective_to is null or effective_to > effective_from)
);
create index price_entry_lookup on price_entry (sku, currency, channel, effective_from);
create index price_entry_due on price_entry (effective_from) where published_at is null and cancelled_at is null;
create index price_entry_expiring on price_entry (effective_to)
    where effective_to is not null and expiry_published_at is null and cancelled_at is null;

-- PriceChanged's aggregate version: increasing, so a consumer keyed by SKU can drop stale ones.
create sequence price_event_version;

-- SKU groups and their cross-channel rules.
create table price_group (
    id         varchar(64)  primary key,
    name       varchar(200) not null,
    created_at timestamptz  not null
);

create table price_group_sku (
    group_id varchar(64) not null references price_group (id) on delete cascade,
    sku      varchar(64) not null,
    primary key (group_id, sku)
);
create index price_group_sku_sku on price_group_sku (sku);

create table price_rule (
    id                     uuid         primary key,
    group_id               varchar(64)  not null references price_group (id) on delete cascade,
    kind                   varchar(16)  not null check (kind in ('SAME_PRICE', 'MAX_DIFFERENCE')),
    max_difference_percent numeric(6, 2),
    severity               varchar(8)   not null check (severity in ('HARD', 'SOFT')),
    created_at             timestamptz  not null,
    check ((kind = 'MAX_DIFFERENCE') = (max_difference_percent is not null))
);

-- An admin applied a change that broke a hard rule: who, when, why, which rule.
create table price_override (
    id          uuid         primary key,
    entry_id    uuid         not null references price_entry (id),
    rule_id     uuid         not null,
    group_id    varchar(64)  not null,
    actor       varchar(200) not null,
    reason      varchar(500) not null,
    conflicts   jsonb        not null,
    created_at  timestamptz  not null
);

-- A rule broken by a SKU's prices in one currency on one channel; open until a check finds it
-- holds again.
create table price_violation (
    id          uuid         primary key,
    rule_id     uuid         not null,
    group_id    varchar(64)  not null,
    severity    varchar(8)   not null,
    sku         varchar(64)  not null,
    channel     varchar(32)  not null,
    currency    char(3)      not null,
    detail      jsonb        not null,
    overridden  boolean      not null default false,
    opened_at   timestamptz  not null,
    closed_at   timestamptz
);
create unique index price_violation_open on price_violation (rule_id, sku, channel, currency) where closed_at is null;
