package io.concord.bench;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.GlobalBoosting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production pass forecasts a generated catalogue through the production forecaster
 * and its intervals hold their coverage on the days that follow.
 */
class ForecastBenchmarkTests {

	@Test
	void productionPassForecastsTheCatalogueWithCalibratedIntervals() {
		// The daily settings with a smaller booster, so the test takes seconds.
		CatalogueForecaster.Settings daily = CatalogueForecaster.Settings.daily(28);
		CatalogueForecaster.Settings settings = new CatalogueForecaster.Settings(daily.period(), daily.secondPeriod(),
				daily.horizon(), daily.combine(), new GlobalBoosting.Settings(60, 5, 0.1, 12, 200_000),
				daily.globalWeight(), daily.maxHistory(), daily.calibrationSeries());
		ForecastBenchmark.Production production = ForecastBenchmark.production(600, 400, settings);
		assertThat(production.wape()).as("WAPE %").isBetween(20.0, 100.0);
		// Demand is discrete and mostly small, so a band covers a bit more than nominal.
		assertThat(production.coverage80()).isBetween(0.74, 0.90);
		assertThat(production.coverage95()).isBetween(0.91, 0.99);
		assertThat(production.timings().perSeriesSeconds()).isPositive();
		assertThat(production.timings().globalSeconds()).isPositive();
	}

}
