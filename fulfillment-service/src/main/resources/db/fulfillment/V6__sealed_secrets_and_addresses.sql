-- Partner webhook secrets and shoppers' addresses are stored sealed (AES-GCM, FieldEncryption):
-- text columns for "enc:<key id>:<base64>". Existing values are sealed by the application at
-- startup (ColumnSealing: SQL has no key); the partial indexes find the ones still in clear.
alter table carrier alter column webhook_secret type text;
alter table supplier alter column webhook_secret type text;
alter table customer_order alter column shipping_address type text using shipping_address::text;
alter table purchase_order alter column ship_to type text using ship_to::text;
create index customer_order_address_unsealed on customer_order (order_id) where shipping_address not like 'enc:%';
create index purchase_order_ship_to_unsealed on purchase_order (po_id) where ship_to not like 'enc:%';

-- Members who asked to be forgotten (MemberErased). Their orders' addresses are erased once
-- nothing is left to deliver; an order still on its way keeps the address until it is delivered
-- or cancelled, then loses it in that transition (or at the latest in the next order job).
create table member_erasure (
    member_id   uuid        primary key,
    erased_at   timestamptz not null,
    recorded_at timestamptz not null
);
alter table customer_order add column address_erased_at timestamptz;
