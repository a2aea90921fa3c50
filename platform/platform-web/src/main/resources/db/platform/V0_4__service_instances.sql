-- Platform table: the running instances of the service, each heartbeating, so that work an
-- instance claimed (an in-flight Idempotency-Key, a job's rows) is taken over as soon as that
-- instance is gone instead of after a fixed lease. (ADR-5: added with Flyway's out-of-order mode.)
create table service_instance (
    id           uuid        primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);

-- The instance that runs a request's first attempt, and whether its effect has committed
-- (marked inside the effect's own transaction).
alter table idempotency_record add column owner uuid;
alter table idempotency_record add column effect_committed boolean not null default false;
