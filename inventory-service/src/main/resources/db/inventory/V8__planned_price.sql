-- Prices scheduled ahead (promotion-service's PriceScheduled) until they take effect (then
-- price_history has them under the same id) or are cancelled (PriceScheduleCancelled): the
-- forecast horizon's planned prices.
create table planned_price (
    entry_id            uuid primary key,
    sku                 varchar(64) not null,
    channel             varchar(32) not null,
    currency            char(3) not null,
    selling_price_minor bigint not null check (selling_price_minor >= 0),
    list_price_minor    bigint not null check (list_price_minor >= 0),
    effective_from      timestamptz not null,
    effective_to        timestamptz,
    -- null only when the cancellation arrived first (the row then never counts)
    scheduled_at        timestamptz,
    cancelled_at        timestamptz
);
create index planned_price_sku on planned_price (sku, effective_from);
