-- Competitor watch (package competitors) and dynamic pricing with guardrails (package repricing), issue 20.
-- V8 is the price lists' (feat/prices-core); a fresh database applies V9 without it, and the merge brings V8 in
-- before V9 is applied anywhere.

-- competitors ---------------------------------------------------------------------------------------------
create table competitor_source (
    source_id                   varchar(64)  primary key,
    name                        varchar(200) not null,
    webhook_secret              varchar(200) not null,
    -- null: the global threshold (concord.competitors.undercut-threshold-percent)
    undercut_threshold_percent  numeric(5, 2),
    updated_at                  timestamptz  not null
);

create table competitor_sku_mapping (
    source_id             varchar(64)  not null references competitor_source (source_id) on delete cascade,
    competitor_product_id varchar(128) not null,
    sku                   varchar(64)  not null,
    updated_at            timestamptz  not null,
    primary key (source_id, competitor_product_id)
);

create table competitor_observation (
    observation_id        uuid         primary key,
    source_id             varchar(64)  not null,
    competitor_product_id varchar(128) not null,
    -- null while the product has no mapping: kept and listed, mapped later
    sku                   varchar(64),
    price_minor           bigint       not null check (price_minor >= 0),
    currency              char(3)      not null,
    in_stock              boolean      not null,
    observed_at           timestamptz  not null,
    received_at           timestamptz  not null,
    channel               varchar(16)  not null check (channel in ('WEBHOOK', 'KAFKA'))
);
create index competitor_observation_sku on competitor_observation (sku, observed_at);
create index competitor_observation_unmapped on competitor_observation (source_id, competitor_product_id) where sku is null;

create table competitor_alert (
    alert_id              uuid         primary key,
    sku                   varchar(64)  not null,
    source_id             varchar(64)  not null,
    observation_id        uuid         not null,
    competitor_price_minor bigint      not null,
    our_price_minor       bigint       not null,
    currency              char(3)      not null,
    undercut_percent      numeric(7, 2) not null,
    threshold_percent     numeric(5, 2) not null,
    status                varchar(16)  not null check (status in ('OPEN', 'RESOLVED')),
    opened_at             timestamptz  not null,
    last_seen_at          timestamptz  not null,
    resolved_at           timestamptz,
    resolution            varchar(200)
);
-- One open alert per SKU x source: a repeated undercut refreshes it instead of raising another.
create unique index competitor_alert_open on competitor_alert (sku, source_id) where status = 'OPEN';

-- repricing -----------------------------------------------------------------------------------------------
create table repricing_rule (
    rule_id                   varchar(64)  primary key,
    name                      varchar(200) not null,
    scope_kind                varchar(8)   not null check (scope_kind in ('SKU', 'GROUP')),
    scope_value               varchar(64)  not null,
    -- SKUs a GROUP rule prices (the group is confirmed through the price lists' groups)
    skus                      jsonb        not null,
    channel                   varchar(32)  not null,
    currency                  char(3)      not null,
    mode                      varchar(8)   not null check (mode in ('SUGGEST', 'AUTO')),
    enabled                   boolean      not null,
    definition                jsonb        not null,
    updated_at                timestamptz  not null
);

create table repricing_cost (
    sku         varchar(64) not null,
    currency    char(3)     not null,
    cost_minor  bigint      not null check (cost_minor >= 0),
    updated_at  timestamptz not null,
    primary key (sku, currency)
);

create table repricing_plan (
    sku            varchar(64) primary key,
    period_start   timestamptz not null,
    period_end     timestamptz not null check (period_end > period_start),
    planned_units  bigint      not null check (planned_units > 0),
    updated_at     timestamptz not null
);

create table repricing_guarantee (
    guarantee_id  uuid        primary key,
    scope_kind    varchar(8)  not null check (scope_kind in ('SKU', 'GROUP')),
    scope_value   varchar(64) not null,
    campaign_id   varchar(64) not null,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null check (ends_at > starts_at)
);

-- scope GLOBAL, or a SKU group id
create table repricing_kill_switch (
    scope       varchar(64)  primary key,
    engaged     boolean      not null,
    reason      varchar(200),
    changed_by  varchar(128) not null,
    changed_at  timestamptz  not null
);

-- Inputs, kept as history so a rule can be replayed over them.
create table repricing_stock (
    sku         varchar(64) not null,
    available   bigint      not null,
    changed_at  timestamptz not null,
    event_id    varchar(64) not null primary key
);
create index repricing_stock_sku on repricing_stock (sku, changed_at);

create table repricing_demand (
    order_id    varchar(64) not null,
    sku         varchar(64) not null,
    units       bigint      not null,
    placed_at   timestamptz not null,
    primary key (order_id, sku)
);
create index repricing_demand_sku on repricing_demand (sku, placed_at);

-- Every decision with its inputs and reason; suggestions wait here for approval.
create table repricing_decision (
    decision_id          uuid         primary key,
    rule_id              varchar(64)  not null,
    sku                  varchar(64)  not null,
    channel              varchar(32)  not null,
    currency             char(3)      not null,
    decided_at           timestamptz  not null,
    current_price_minor  bigint,
    target_price_minor   bigint,
    final_price_minor    bigint,
    outcome              varchar(16)  not null check (outcome in ('APPLIED', 'SUGGESTED', 'APPROVED', 'REJECTED', 'HELD', 'UNCHANGED', 'FAILED', 'SUPERSEDED')),
    held_by              varchar(32),
    reason               varchar(1000) not null,
    inputs               jsonb        not null,
    decided_by           varchar(128) not null,
    reviewed_by          varchar(128),
    reviewed_at          timestamptz
);
create index repricing_decision_rule on repricing_decision (rule_id, decided_at);
create index repricing_decision_sku on repricing_decision (sku, channel, currency, decided_at);
