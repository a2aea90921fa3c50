-- Points as payment (security review M10): what the shopper asked to redeem, what member-service debited and what
-- it was worth (payable_minor is what is left to pay in money), what came back (cancellation, returns).
alter table customer_order add column points_to_redeem bigint not null default 0 check (points_to_redeem >= 0);
alter table customer_order add column points_redeemed bigint not null default 0 check (points_redeemed >= 0);
alter table customer_order add column points_value_minor bigint not null default 0 check (points_value_minor >= 0);
alter table customer_order add column points_restored bigint not null default 0 check (points_restored >= 0);
alter table customer_order add column points_reversed boolean not null default false;

-- Per line: its share of the points value (largest remainder over the lines' net), and what returns refunded of it
-- so far (money and points together, and the points part), so cumulative rounding never gives back more than paid.
alter table order_line add column points_value_minor bigint not null default 0 check (points_value_minor >= 0);
alter table order_line add column return_refund_minor bigint not null default 0 check (return_refund_minor >= 0);
alter table order_line add column return_points_value_minor bigint not null default 0
    check (return_points_value_minor between 0 and points_value_minor);

alter table order_return add column points_value_minor bigint;
alter table order_return add column points_restored bigint;

-- The placement saga's new step: points debited at member-service (a resumed placement never redeems twice).
alter table customer_order drop constraint customer_order_saga_step_check;
alter table customer_order add constraint customer_order_saga_step_check
    check (saga_step in ('NEW', 'STOCK_RESERVED', 'POINTS_REDEEMED', 'DONE', 'COMPENSATED'));
