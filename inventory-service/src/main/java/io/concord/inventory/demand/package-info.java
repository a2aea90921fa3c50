/**
 * Demand: the sales history that accumulates from order events (and imports), the
 * forecast runs (nightly and on demand) that store a forecast per SKU × location with its
 * intervals and model, and the accuracy of those forecasts as actuals arrive. The models
 * themselves are the forecasting-engine module ({@code io.concord.forecasting}); runs are
 * carried out by the forecast job process
 * ({@link io.concord.inventory.demand.ForecastJob}, a separate JVM of the same jar), the
 * service only requests them and notices when they succeeded. Owns {@code daily_demand},
 * {@code demand_order}, {@code demand_forecast*}, {@code forecast_run},
 * {@code price_history} and {@code planned_price}.
 *
 * <p>
 * Public face: {@link io.concord.inventory.demand.DemandForecasts},
 * {@link io.concord.inventory.demand.SalesHistory},
 * {@link io.concord.inventory.demand.DemandForecastsUpdated},
 * {@link io.concord.inventory.demand.DemandSettings}.
 */
@ApplicationModule(allowedDependencies = { "reservation", "stock" })
@NullMarked
package io.concord.inventory.demand;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
