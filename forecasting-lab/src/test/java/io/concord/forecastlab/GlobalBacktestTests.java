package io.concord.forecastlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;
import io.concord.forecasting.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's backtest scores the production forecaster as it is (the Service row) and the
 * intervals of the methods that have them.
 */
class GlobalBacktestTests {

	@TempDir
	Path directory;

	@Test
	void theServiceRowIsTheProductionForecasterOnTheWholeRun() {
		List<Series> series = series(60, 120);
		int horizon = 7;
		List<double[]> histories = Backtest.histories(series, null, horizon);
		List<boolean[]> promoted = new ArrayList<>();
		series.forEach((s) -> promoted.add(null));
		Backtest.Method service = GlobalBacktest.methods(7, 0, horizon, histories, promoted)
			.stream()
			.filter((m) -> m.name().equals("Service"))
			.findFirst()
			.orElseThrow();
		List<CatalogueForecaster.Input> inputs = new ArrayList<>();
		for (int i = 0; i < histories.size(); i++) {
			inputs.add(CatalogueForecaster.Input.of("S" + i, histories.get(i)));
		}
		CatalogueForecaster.Result direct = CatalogueForecaster.forecast(inputs,
				GlobalBacktest.serviceSettings(7, 0, horizon));
		for (int i = 0; i < histories.size(); i++) {
			DemandForecaster.Forecast scored = service.probabilistic().forecast(histories.get(i), null, horizon);
			DemandForecaster.Forecast job = direct.forecasts().get(i);
			assertThat(scored.mean()).as("series %d", i).containsExactly(job.mean());
			assertThat(scored.upper95()).as("series %d", i).containsExactly(job.upper95());
			assertThat(service.forecaster().forecast(histories.get(i), null, horizon)).containsExactly(job.mean());
		}
		List<Backtest.Score> scores = Backtest.score(series, null, histories, horizon, 7,
				List.of(Backtest.methods(7, 0).get(2), service));
		Backtest.Score naive2 = scores.get(0);
		Backtest.Score scored = scores.get(1);
		assertThat(naive2.coverage80()).as("no intervals").isNaN();
		assertThat(scored.coverage80()).isBetween(0.5, 1.0);
		assertThat(scored.coverage95()).isGreaterThanOrEqualTo(scored.coverage80());
		assertThat(scored.pinball()).isPositive().isFinite();
	}

	@Test
	void theTablePrintsCoverageAndPinballForMethodsWithIntervals() throws Exception {
		Path input = this.directory.resolve("train.csv");
		StringBuilder csv = new StringBuilder("\"V1\"");
		for (int t = 0; t < 120; t++) {
			csv.append(",\"V").append(t + 2).append('"');
		}
		csv.append('\n');
		for (Series s : series(40, 120)) {
			csv.append('"').append(s.id()).append('"');
			for (double v : s.values()) {
				csv.append(",\"").append(String.format(Locale.ROOT, "%.1f", v)).append('"');
			}
			csv.append('\n');
		}
		Files.writeString(input, csv);
		java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
		java.io.PrintStream out = System.out;
		System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			GlobalBacktest.main(new String[] { "--input", input.toString(), "--horizon", "7", "--period", "7" });
		}
		finally {
			System.setOut(out);
		}
		String table = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(table).contains("| Method | sMAPE | MASE | OWA | 80% coverage | 95% coverage | scaled pinball |");
		assertThat(table.lines().filter((l) -> l.startsWith("| Service |")).findFirst().orElseThrow())
			.matches("\\| Service \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+% \\| [0-9.]+% \\| [0-9.]+ \\| .*");
		assertThat(table.lines().filter((l) -> l.startsWith("| Auto |")).findFirst().orElseThrow()).contains("%");
		assertThat(table.lines().filter((l) -> l.startsWith("| Theta |")).findFirst().orElseThrow())
			.contains("| - | - | - |");
	}

	/** Weekly-seasonal noisy series of different levels. */
	private static List<Series> series(int count, int length) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(3);
		List<Series> series = new ArrayList<>();
		for (int s = 0; s < count; s++) {
			double level = 10 + 10 * s;
			double[] y = new double[length];
			for (int t = 0; t < length; t++) {
				y[t] = level * ((t % 7 >= 5) ? 1.5 : 1) * (0.8 + 0.4 * random.nextDouble());
			}
			series.add(new Series("S" + s, y));
		}
		return series;
	}

}
