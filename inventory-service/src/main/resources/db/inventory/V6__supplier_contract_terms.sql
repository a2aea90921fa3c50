-- fulfillment-service's supplier contracts as SupplierContractChanged announces them: the lead time
-- and order quantities replenishment plans with (its own policies only when no contract is known).
-- One row per supplier and SKU, the latest by changed_at; a removed contract stays, inactive.
create table supplier_contract_terms (
    supplier_id        varchar(64) not null,
    sku                varchar(64) not null,
    lead_time_days     integer     not null check (lead_time_days >= 1),
    min_order_quantity integer     not null check (min_order_quantity >= 1),
    order_multiple     integer     not null check (order_multiple >= 1),
    unit_price_minor   bigint      not null,
    currency           char(3)     not null,
    active             boolean     not null,
    changed_at         timestamptz not null,
    primary key (supplier_id, sku)
);
create index supplier_contract_terms_active on supplier_contract_terms (sku) where active;

-- Which terms a suggestion was planned with: a supplier contract's or inventory's own setting.
alter table replenishment_suggestion add column terms_source varchar(8) not null default 'SETTING'
    check (terms_source in ('CONTRACT', 'SETTING'));
