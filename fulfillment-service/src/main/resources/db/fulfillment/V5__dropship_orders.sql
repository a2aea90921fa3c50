-- Dropship lines become purchase orders the supplier ships straight to the shopper, with the
-- parcel's carrier label; they are settled when the carrier delivers the parcel.
alter table purchase_order
    add column customer_order_id varchar(64),
    add column ship_to           jsonb,
    add column tracking_number   varchar(64),
    drop constraint purchase_order_origin_check,
    add constraint purchase_order_origin_check check (origin in ('MANUAL', 'REPLENISHMENT', 'DROPSHIP'));
create unique index purchase_order_dropship on purchase_order (customer_order_id, supplier_id)
    where customer_order_id is not null;
