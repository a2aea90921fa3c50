/**
 * Demand forecasting: models, accuracy measures and seasonality as plain Java (no
 * Spring), so the same code serves the service's forecast runs and the backtest command
 * line. The measures follow the M4 competition's definitions exactly, so results compare
 * with its published table. Uses no other package; the public classes are those
 * {@code demand}, {@code replenishment}, the bench and the forecasting lab call.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.inventory.forecasting;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
