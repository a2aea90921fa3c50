-- Dead letters parked for a prerequisite event are re-driven; when they were last tried.
-- (ADR-5: added with Flyway's out-of-order mode.)
alter table dead_letter add column retried_at timestamptz;
