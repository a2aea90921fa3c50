/**
 * The backtest harness and forecasting experiments that need more than the services
 * carry. {@link io.concord.forecastlab.Backtest} scores the engine's models (module
 * forecasting-engine, {@code io.concord.forecasting}) the M4 way on M4 files or the
 * service's sales exports; {@link io.concord.forecastlab.GlobalBacktest} adds a global
 * gradient-boosted model (XGBoost4J, native code) judged by the same command and
 * measures, before any of it goes into a service. None of it ships in a service.
 */
package io.concord.forecastlab;
