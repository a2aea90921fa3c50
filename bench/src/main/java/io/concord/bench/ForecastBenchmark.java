package io.concord.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.concord.forecasting.Accuracy;
import io.concord.forecasting.Benchmarks;
import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;

/**
 * The forecasting speed target: a retail catalogue of 30,490 SKU × location daily series,
 * 1,941 days each, forecast 28 days ahead with the service's automatic forecaster (model
 * choice per series, intervals) on all cores. Usage:
 * {@code java -jar bench/target/bench-*-exec.jar forecast [series] [days]}.
 *
 * <p>
 * The series are generated as a catalogue looks (M5-like): most items sell a unit or less
 * a day with many zero days, a few sell dozens; a weekly rhythm (weekends up), a yearly
 * swell, slow trends, launches part-way through the history, discontinued items and price
 * promotions with a lift. Each series comes from its own seed, so it is generated where
 * it is forecast and the catalogue never has to sit in memory. The baseline pass
 * generates the same series and forecasts them with the seasonal naive method, so the
 * difference is the cost of the forecasting itself. Both are scored on the 28 days that
 * follow (generated too): WAPE over the catalogue.
 *
 * <p>
 * The production pass runs the whole catalogue through {@link CatalogueForecaster}, as
 * the nightly job does: the global model trained once (row cap), the interval
 * calibration, the per-series selection; scored the same way, plus the coverage of its
 * 80% and 95% intervals. Its series are generated up front (the global model needs them
 * all at once).
 */
final class ForecastBenchmark {

	private static final int HORIZON = 28;

	private ForecastBenchmark() {
	}

	/**
	 * Writes the first {@code series} generated series (with the 28 days that follow) as
	 * a long-format sales file, for the backtest command:
	 * {@code ... forecast-export <file> [series]}. Days with no sale and no promotion are
	 * left out, as a shop's export leaves them out.
	 */
	static void export(String[] args) throws java.io.IOException {
		java.nio.file.Path file = java.nio.file.Path.of(args[1]);
		int seriesCount = (args.length > 2) ? Integer.parseInt(args[2]) : 3_000;
		int days = 1_941 + HORIZON;
		java.time.LocalDate start = java.time.LocalDate.of(2021, 1, 1);
		try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(file)) {
			out.write("date,sku,location,quantity,price,promo\n");
			for (int i = 0; i < seriesCount; i++) {
				double[] y = generate(i, days);
				boolean[] promoted = promotions(i, days);
				for (int d = 0; d < days; d++) {
					if (y[d] > 0 || promoted[d] || d == 0 || d == days - 1) {
						out.write(start.plusDays(d) + ",SKU-" + i + ",WH," + (long) y[d] + ",," + promoted[d] + "\n");
					}
				}
			}
		}
		System.out.printf(Locale.ROOT, "Wrote %d series of %d days to %s%n", seriesCount, days, file);
	}

	static void run(String[] args) {
		int seriesCount = (args.length > 1) ? Integer.parseInt(args[1]) : 30_490;
		int days = (args.length > 2) ? Integer.parseInt(args[2]) : 1_941;
		System.out.printf(Locale.ROOT, "%d series x %d days, horizon %d, %d cores%n", seriesCount, days, HORIZON,
				Runtime.getRuntime().availableProcessors());
		// Warm-up on a slice, so both passes run compiled code.
		pass(Math.min(2_000, seriesCount), days, true);
		pass(Math.min(2_000, seriesCount), days, false);
		Result baseline = pass(seriesCount, days, false);
		Result concord = pass(seriesCount, days, true);
		System.out.printf(Locale.ROOT, "| pass | seconds | WAPE %% | bias %% | intermittent series %% |%n");
		System.out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
		System.out.printf(Locale.ROOT, "| generate + seasonal naive (baseline) | %.1f | %.1f | %.1f | %.1f |%n",
				baseline.seconds(), baseline.wape(), baseline.bias(), baseline.intermittentShare());
		System.out.printf(Locale.ROOT, "| generate + Concord automatic forecaster | %.1f | %.1f | %.1f | %.1f |%n",
				concord.seconds(), concord.wape(), concord.bias(), concord.intermittentShare());
		System.out.printf(Locale.ROOT, "Forecasting alone: %.1f s for %d series (%.2f ms per series per core)%n",
				concord.seconds() - baseline.seconds(), seriesCount, (concord.seconds() - baseline.seconds()) * 1000
						* Runtime.getRuntime().availableProcessors() / seriesCount);
		production(seriesCount, days);
	}

	/**
	 * The production forecaster on the whole catalogue: time (global model, calibration,
	 * per-series part), WAPE, bias and interval coverage.
	 */
	static Production production(int seriesCount, int days) {
		return production(seriesCount, days, CatalogueForecaster.Settings.daily(HORIZON));
	}

	static Production production(int seriesCount, int days, CatalogueForecaster.Settings settings) {
		long started = System.nanoTime();
		java.util.List<double[]> futures = new java.util.ArrayList<>(seriesCount);
		java.util.List<CatalogueForecaster.Input> inputs = new java.util.ArrayList<>(seriesCount);
		for (int i = 0; i < seriesCount; i++) {
			double[] all = generate(i, days + HORIZON);
			futures.add(java.util.Arrays.copyOfRange(all, days, days + HORIZON));
			inputs.add(new CatalogueForecaster.Input("SKU-" + i, java.util.Arrays.copyOf(all, days), null,
					promotions(i, days + HORIZON), null));
		}
		double generated = (System.nanoTime() - started) / 1e9;
		CatalogueForecaster.Result result = CatalogueForecaster.forecast(inputs, settings);
		double seconds = (System.nanoTime() - started) / 1e9;
		double absolute = 0;
		double signed = 0;
		double actual = 0;
		double inside80 = 0;
		double inside95 = 0;
		for (int i = 0; i < seriesCount; i++) {
			DemandForecaster.Forecast f = result.forecasts().get(i);
			double[] future = futures.get(i);
			for (int h = 0; h < HORIZON; h++) {
				absolute += Math.abs(future[h] - f.mean()[h]);
				signed += f.mean()[h] - future[h];
				actual += future[h];
			}
			inside80 += Accuracy.coverage(future, f.lower80(), f.upper80());
			inside95 += Accuracy.coverage(future, f.lower95(), f.upper95());
		}
		CatalogueForecaster.Timings timings = result.timings();
		System.out.printf(Locale.ROOT, "| pass | seconds | WAPE %% | bias %% | 80%% coverage | 95%% coverage |%n");
		System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|%n");
		System.out.printf(Locale.ROOT,
				"| generate + production forecaster (%s %s) | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
				result.model().name(), result.model().version(), seconds, 100 * absolute / actual,
				100 * signed / actual, 100 * inside80 / seriesCount, 100 * inside95 / seriesCount);
		System.out.printf(Locale.ROOT,
				"Production: generating %.1f s; global model %.1f s (training %.1f s on %,d rows); calibration %.1f s;"
						+ " per-series part %.1f s; blend learned: %s%n",
				generated, timings.globalSeconds(), result.model().trainingSeconds(), result.model().trainingRows(),
				timings.calibrationSeconds(), timings.perSeriesSeconds(), result.blend());
		return new Production(seconds, 100 * absolute / actual, inside80 / seriesCount, inside95 / seriesCount,
				timings);
	}

	/** The production pass's figures: coverage as shares. */
	record Production(double seconds, double wape, double coverage80, double coverage95,
			CatalogueForecaster.Timings timings) {
	}

	record Result(double seconds, double wape, double bias, double intermittentShare) {
	}

	private static Result pass(int seriesCount, int days, boolean concord) {
		long started = System.nanoTime();
		double[][] totals = IntStream.range(0, seriesCount).parallel().mapToObj((i) -> {
			double[] all = generate(i, days + HORIZON);
			double[] history = java.util.Arrays.copyOf(all, days);
			boolean[] promoted = promotions(i, days + HORIZON);
			double[] forecast;
			boolean intermittent;
			if (concord) {
				DemandForecaster.Forecast f = DemandForecaster.forecast(history,
						java.util.Arrays.copyOf(promoted, days),
						java.util.Arrays.copyOfRange(promoted, days, days + HORIZON), HORIZON,
						DemandForecaster.Options.daily());
				forecast = f.mean();
				intermittent = !f.model().startsWith("ETS");
			}
			else {
				forecast = Benchmarks.seasonalNaive(history, HORIZON, 7);
				intermittent = false;
			}
			double absolute = 0;
			double signed = 0;
			double actual = 0;
			for (int h = 0; h < HORIZON; h++) {
				absolute += Math.abs(all[days + h] - forecast[h]);
				signed += forecast[h] - all[days + h];
				actual += all[days + h];
			}
			return new double[] { absolute, signed, actual, intermittent ? 1 : 0 };
		}).toArray(double[][]::new);
		double seconds = (System.nanoTime() - started) / 1e9;
		double absolute = 0;
		double signed = 0;
		double actual = 0;
		double intermittent = 0;
		for (double[] t : totals) {
			absolute += t[0];
			signed += t[1];
			actual += t[2];
			intermittent += t[3];
		}
		return new Result(seconds, 100 * absolute / actual, 100 * signed / actual, 100 * intermittent / seriesCount);
	}

	/** Promotion days of series i: a few windows a year of 3 to 10 days. */
	static boolean[] promotions(int i, int length) {
		SplittableRandom random = new SplittableRandom(31L * i + 7);
		boolean[] promoted = new boolean[length];
		for (int start = random.nextInt(60); start < length; start += 40 + random.nextInt(80)) {
			int duration = 3 + random.nextInt(8);
			for (int d = start; d < Math.min(length, start + duration); d++) {
				promoted[d] = true;
			}
		}
		return promoted;
	}

	/** Daily unit sales of series i: gamma-Poisson around a seasonal, trending rate. */
	static double[] generate(int i, int length) {
		SplittableRandom random = new SplittableRandom(i);
		// Rates are log-normal: median 0.6 units a day, a long tail of fast movers.
		double base = Math.exp(Math.log(0.6) + 1.3 * gaussian(random));
		double[] week = new double[7];
		for (int d = 0; d < 7; d++) {
			week[d] = 1 + ((d >= 5) ? 0.3 + 0.3 * random.nextDouble() : 0.15 * gaussian(random));
		}
		double yearly = 0.25 * random.nextDouble();
		double phase = random.nextDouble() * 2 * Math.PI;
		double trend = 0.0004 * gaussian(random);
		int launch = (random.nextDouble() < 0.2) ? random.nextInt(length / 2) : 0;
		int discontinued = (random.nextDouble() < 0.05) ? length - HORIZON - random.nextInt(200) : length;
		double lift = 1.5 + random.nextDouble() * 2;
		double shape = 1 + 4 * random.nextDouble();
		boolean[] promoted = promotions(i, length);
		double[] y = new double[length];
		for (int t = launch; t < Math.min(length, discontinued); t++) {
			double rate = base * week[t % 7] * (1 + yearly * Math.sin(2 * Math.PI * t / 365.25 + phase))
					* Math.max(0.1, 1 + trend * (t - launch)) * (promoted[t] ? lift : 1);
			y[t] = poisson(random, gamma(random, shape) * rate / shape);
		}
		return y;
	}

	private static double gaussian(SplittableRandom random) {
		double u = 1 - random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Marsaglia-Tsang for shape >= 1. */
	private static double gamma(SplittableRandom random, double shape) {
		double d = shape - 1.0 / 3;
		double c = 1 / Math.sqrt(9 * d);
		while (true) {
			double x = gaussian(random);
			double v = 1 + c * x;
			if (v <= 0) {
				continue;
			}
			v = v * v * v;
			double u = random.nextDouble();
			if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
				return d * v;
			}
		}
	}

	private static double poisson(SplittableRandom random, double mean) {
		if (mean > 30) {
			return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
		}
		double limit = Math.exp(-mean);
		double product = random.nextDouble();
		int count = 0;
		while (product > limit) {
			product *= random.nextDouble();
			count++;
		}
		return count;
	}

}
