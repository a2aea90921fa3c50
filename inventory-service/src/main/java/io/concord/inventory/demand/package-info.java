/**
 * Demand: the sales history that accumulates from order events (and imports), the
 * forecast runs (nightly and on demand) that store a forecast per SKU × location with its
 * intervals and model, and the accuracy of those forecasts as actuals arrive. The models
 * themselves are in {@code forecasting}.
 */
@NullMarked
package io.concord.inventory.demand;

import org.jspecify.annotations.NullMarked;
