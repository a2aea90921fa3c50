-- Forecasting in production (issue 22): runs are carried out by the forecast job process (a separate
-- JVM of inventory-service), not by the JVM that takes reservations. The service only requests runs.

-- A run requested through the admin API waits as REQUESTED until a job process claims it.
alter table forecast_run drop constraint forecast_run_status_check;
alter table forecast_run add constraint forecast_run_status_check
    check (status in ('REQUESTED', 'RUNNING', 'SUCCEEDED', 'FAILED'));
alter table forecast_run alter column started_at drop not null;
alter table forecast_run add column requested_at timestamptz;
update forecast_run set requested_at = started_at;
alter table forecast_run alter column requested_at set default now();
alter table forecast_run alter column requested_at set not null;
-- What produced the run's forecasts: the method's name and version, and the trained artefact.
alter table forecast_run add column model_name    varchar(64);
alter table forecast_run add column model_version varchar(32);
alter table forecast_run add column model_id      bigint;
-- Which job process ran it (host and pid), for ops following a run.
alter table forecast_run add column runner        varchar(128);
-- Censored days and the share of series the global model forecast, for the run's report.
alter table forecast_run add column censored_days integer;

-- Trained model artefacts, one per run that trained one; identified by their SHA-256.
create table forecast_model (
    id               bigserial primary key,
    name             varchar(64) not null,
    version          varchar(32) not null,
    sha256           char(64) not null,
    training_rows    integer not null,
    training_seconds double precision not null,
    trained_at       timestamptz not null,
    artefact         bytea not null
);
alter table forecast_run add constraint forecast_run_model_fk foreign key (model_id) references forecast_model (id);

-- Availability history (owned by reservation, next to availability_signal): periods a SKU x location had nothing free to sell
-- (on hand - reserved - safety stock <= 0). Open while ended_at is null. Sales on such days
-- are censored demand, not zero demand.
create table stock_out_period (
    sku           varchar(64) not null,
    location_code varchar(64) not null,
    started_at    timestamptz not null,
    ended_at      timestamptz,
    primary key (sku, location_code, started_at),
    check (ended_at is null or ended_at >= started_at)
);
create unique index stock_out_period_open on stock_out_period (sku, location_code) where ended_at is null;

-- Selling prices as they took effect (from promotion-service's PriceChanged), per SKU, channel
-- and currency: the forecast's price feature.
create table price_history (
    change_id           uuid primary key,
    sku                 varchar(64) not null,
    channel             varchar(32) not null,
    currency            char(3) not null,
    selling_price_minor bigint not null check (selling_price_minor >= 0),
    list_price_minor    bigint not null check (list_price_minor >= 0),
    effective_from      timestamptz not null,
    effective_to        timestamptz
);
create index price_history_sku on price_history (sku, effective_from);
