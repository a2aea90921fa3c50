-- How often a dead letter's event was tried: the deliveries before it was given up on, then
-- every re-drive of a parked one and every replay, for ops judging whether to replay again.
-- (ADR-5: added with Flyway's out-of-order mode.)
alter table dead_letter add column attempts int not null default 1;
