/**
 * Demand forecasting: models, accuracy measures, seasonality, replenishment maths and the
 * long daily sales format, as plain Java (no Spring; {@code EngineBoundaryTests} keeps it
 * so), so the same code serves inventory-service's forecast runs, the forecasting lab's
 * backtest and the benchmarks. The measures follow the M4 competition's definitions
 * exactly, so results compare with its published table. The public classes are those
 * callers use; the model internals stay package-private.
 */
@NullMarked
package io.concord.forecasting;

import org.jspecify.annotations.NullMarked;
