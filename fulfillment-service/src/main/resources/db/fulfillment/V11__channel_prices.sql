-- The price authority's prices as fulfillment knows them (promotion-service's PriceChanged): the
-- latest effective entry per SKU, channel (ALL = every channel without its own) and currency. A
-- change older than the one held is ignored, so redelivered or reordered events change nothing.
create table channel_price (
    sku                  varchar(64) not null,
    channel              varchar(32) not null,
    currency             char(3)     not null,
    selling_price_minor  bigint      not null check (selling_price_minor >= 0),
    list_price_minor     bigint      not null check (list_price_minor >= 0),
    effective_from       timestamptz not null,
    effective_to         timestamptz,
    change_id            uuid        not null,
    updated_at           timestamptz not null,
    primary key (sku, channel, currency)
);
