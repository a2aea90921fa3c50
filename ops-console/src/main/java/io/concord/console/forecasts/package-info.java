/**
 * Forecasts, stock gaps and replenishment (inventory-service): a SKU's forecast per
 * location with its 80% and 95% bands, model and accuracy; the forecast runs and a
 * request for one (ops-manager); the stock-gap report and the replenishment suggestions
 * with lead times and order-by dates, and a replenishment check on demand (ops-manager).
 * The API decides every action; the console shows its answer.
 */
@NullMarked
package io.concord.console.forecasts;

import org.jspecify.annotations.NullMarked;
