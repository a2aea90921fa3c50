package io.concord.console.forecasts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A location's forecast as inventory-service's admin API answers it
 * ({@code /admin/inventory/forecasts/{sku}}): the daily mean with its 80% and 95%
 * intervals, the series' model, the run's method (name and version) and how accurate the
 * forecasts of the last days were (percentages 0 to 100, null when not measurable).
 */
public record Forecast(String sku, String location, String model, @Nullable String modelName,
		@Nullable String modelVersion, double promotionLift, double sigma, LocalDate firstDay, Instant generatedAt,
		long runId, List<Day> days, Accuracy accuracy) {

	public record Day(LocalDate day, double mean, double lower80, double upper80, double lower95, double upper95) {
	}

	public record Accuracy(int days, long actualUnits, double forecastUnits, @Nullable Double wapePercent,
			@Nullable Double biasPercent, @Nullable Double coverage80Percent, @Nullable Double coverage95Percent,
			@Nullable Double pinball80Percent, @Nullable Double pinball95Percent) {

		// The API's percentages (0 to 100) as shares, for ConsoleFormat.percent.

		public @Nullable Double wape() {
			return share(this.wapePercent);
		}

		public @Nullable Double bias() {
			return share(this.biasPercent);
		}

		public @Nullable Double coverage80() {
			return share(this.coverage80Percent);
		}

		public @Nullable Double coverage95() {
			return share(this.coverage95Percent);
		}

		public @Nullable Double pinball80() {
			return share(this.pinball80Percent);
		}

		public @Nullable Double pinball95() {
			return share(this.pinball95Percent);
		}

		private static @Nullable Double share(@Nullable Double percent) {
			return (percent != null) ? percent / 100 : null;
		}

	}

}
