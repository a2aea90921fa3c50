-- One checkout, one order (security review H2, M7): an order is stored under the member's
-- Idempotency-Key with a hash of what was asked, so every retry finds it.
alter table customer_order add column checkout_key varchar(200);
alter table customer_order add column request_hash char(64);
create unique index customer_order_checkout on customer_order (member_id, checkout_key) where checkout_key is not null;

-- Who is placing an order (an instance id; a crashed instance's placements are taken over at
-- once), and when its shopper was told 503 (released unless the checkout is retried in time).
alter table customer_order add column placing_owner uuid;
alter table customer_order add column abandoned_at timestamptz;
create index customer_order_placing_owner on customer_order (placing_owner) where status = 'PLACING';

-- A job's claim on a paid order it confirms with the partners, so replicas never repeat it.
alter table customer_order add column job_lease_until timestamptz;

-- Payments no order could take (REFUND_DUE, AMOUNT_MISMATCH): what ops did about them.
alter table payment add column resolved_at timestamptz;
alter table payment add column resolved_by varchar(200);
alter table payment add column resolution varchar(500);
create index payment_attention on payment (received_at) where outcome in ('REFUND_DUE', 'AMOUNT_MISMATCH') and resolved_at is null;

-- A transition's cause holds a shopper's return reason or ops' rejection reason (up to 200
-- characters), not only a cancellation code: a longer reason refused the return with a 409.
alter table order_transition alter column cause type varchar(200);
