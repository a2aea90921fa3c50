-- How each run blended the global model and the per-series part (learned per run since
-- forecasting v3, e.g. "global 0.7 + selection, level x1.000"): with the method's version
-- and the artefact it says exactly what produced the run's forecasts.
alter table forecast_run add column blend text;
