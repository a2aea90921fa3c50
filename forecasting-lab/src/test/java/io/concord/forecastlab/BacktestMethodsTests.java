package io.concord.forecastlab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every backtest method forecasts a real noisy retail series (moved here from the
 * engine's ExponentialSmoothingTests with the harness, unchanged).
 */
class BacktestMethodsTests {

	@Test
	void noisyIntermittentRetailSeriesAreFittedNotRefused() throws Exception {
		String text = new String(getClass().getResourceAsStream("/forecasting/retail-daily-units.txt").readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
		double[] units = java.util.Arrays
			.stream(text.lines().filter((l) -> !l.startsWith("#")).findFirst().orElseThrow().split(","))
			.mapToDouble(Double::parseDouble)
			.toArray();
		assertThat(units).hasSize(1941);
		for (Backtest.Method method : Backtest.methods(7, 0)) {
			double[] forecast = method.forecaster().forecast(units, null, 28);
			assertThat(forecast).as(method.name()).hasSize(28);
			for (double value : forecast) {
				assertThat(value).as(method.name()).isFinite();
			}
		}
	}

}
