-- The member a platform order is placed under, decided once before it is placed (the
-- linked member of the platform's buyer id, or the connector's stable buyer id): every
-- retry places it under the same member, so its checkout key finds the same order.
-- Ships with V15 (no platform order exists before it), so nothing to backfill.
alter table connector_order add column buyer_id uuid;
