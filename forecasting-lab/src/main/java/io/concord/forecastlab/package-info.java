/**
 * Forecasting experiments that need more than the services carry: a global
 * gradient-boosted model (XGBoost4J, native code) judged by the same backtest command and
 * measures as the service's models, before any of it goes into a service.
 */
package io.concord.forecastlab;
