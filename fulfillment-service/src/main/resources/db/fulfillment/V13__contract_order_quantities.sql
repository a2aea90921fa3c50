-- A supplier contract's order quantities: the fewest units the supplier takes in one order and the
-- pack size orders come in (1: any quantity). Announced with the lead time as
-- SupplierContractChanged, which inventory's replenishment plans with.
alter table supplier_contract add column min_order_quantity integer not null default 1
    check (min_order_quantity between 1 and 1000000);
alter table supplier_contract add column order_multiple integer not null default 1
    check (order_multiple between 1 and 1000000);
