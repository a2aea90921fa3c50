-- The placement saga's history, for ops following an order: every step reached, refused or
-- interrupted, and every resumption, with its time (customer_order.saga_step keeps only the last
-- stored step, which is all a resumption needs).
create table placement_step (
    id       bigserial   primary key,
    order_id varchar(64) not null references customer_order (order_id),
    step     varchar(32) not null,
    outcome  varchar(16) not null check (outcome in ('COMPLETED', 'REFUSED', 'UNAVAILABLE', 'RESUMED')),
    detail   varchar(500),
    at       timestamptz not null
);
create index placement_step_order on placement_step (order_id, id);

-- Ops search orders newest first without a status, or by channel (the ops console's order search).
create index customer_order_created on customer_order (created_at desc);
create index customer_order_channel on customer_order (channel, created_at desc);
