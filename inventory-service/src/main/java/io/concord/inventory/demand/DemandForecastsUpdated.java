package io.concord.inventory.demand;

import java.time.LocalDate;

/**
 * A forecast run stored new forecasts (from {@code firstDay} on): replenishment looks at
 * them next.
 */
public record DemandForecastsUpdated(long runId, LocalDate firstDay) {
}
