package io.concord.forecastlab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import io.concord.forecasting.Accuracy;
import io.concord.forecasting.Benchmarks;
import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;
import io.concord.forecasting.SalesHistoryFiles;
import io.concord.forecasting.Series;
import org.jspecify.annotations.Nullable;

/**
 * Scores forecasting methods the M4 way, without the services running. Input in the M4
 * layout; without a file of actuals it holds out the last {@code horizon} values of each
 * series and scores on them. Prints sMAPE, MASE, OWA against Naive2 and run time per
 * method, and for methods with prediction intervals their coverage (80% and 95%) and the
 * mean scaled pinball loss of the four bounds; writes each method's forecasts (of the
 * full series) in the M4 layout.
 *
 * <pre>
 * java -cp forecasting-lab/target/forecasting-lab-0.1.0-SNAPSHOT-exec.jar \
 *   -Dloader.main=io.concord.forecastlab.Backtest \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --input ../shared/datasets/m4/Weekly-train.csv \
 *   --horizon 13 --period 1 [--actuals Weekly-test.csv] [--output target/forecasts]
 * </pre>
 */
public final class Backtest {

	/**
	 * A forecasting method: (history, promoted periods or null, horizon) to forecasts.
	 * The promoted flags cover the history and the horizon (planned promotions are
	 * known).
	 */
	public interface Forecaster {

		double[] forecast(double[] history, boolean @Nullable [] promoted, int horizon);

	}

	/** A method with prediction intervals: (history, promoted or null, horizon). */
	public interface Probabilistic {

		DemandForecaster.Forecast forecast(double[] history, boolean @Nullable [] promoted, int horizon);

	}

	/**
	 * A named method, with the seasonal periods bound; {@code probabilistic}, when given,
	 * makes the same forecasts with their intervals (and is what is scored).
	 */
	public record Method(String name, Forecaster forecaster, @Nullable Probabilistic probabilistic) {

		public Method(String name, Forecaster forecaster) {
			this(name, forecaster, null);
		}

		public static Method withIntervals(String name, Probabilistic probabilistic) {
			return new Method(name, (history, promoted, h) -> probabilistic.forecast(history, promoted, h).mean(),
					probabilistic);
		}

	}

	/**
	 * More methods for a run, made once the histories are known: a global model trains on
	 * all of them (the held-out histories when scoring, the full series for output).
	 */
	public interface Extension {

		/**
		 * @param promoted per series, the promoted periods (covering the horizon too when
		 * they are known ahead), or null entries when the input has none
		 */
		List<Method> methods(int period, int secondPeriod, int horizon, List<double[]> histories,
				List<boolean @Nullable []> promoted);

	}

	/**
	 * One method's aggregate scores; coverage (shares) and the scaled pinball loss are
	 * NaN for a method without intervals.
	 */
	record Score(String method, double smape, double mase, double owa, double coverage80, double coverage95,
			double pinball, double seconds) {
	}

	/** The interval bounds' quantile levels, in the order they are scored. */
	static final double[] LEVELS = { 0.025, 0.10, 0.90, 0.975 };

	private Backtest() {
	}

	public static void main(String[] args) throws Exception {
		run(args, (period, secondPeriod, horizon, histories, promoted) -> List.of());
	}

	/** The command, with the methods of {@code extension} after the built-in ones. */
	public static void run(String[] args, Extension extension) throws Exception {
		Map<String, String> options = options(args);
		Path input = Path.of(required(options, "input"));
		int horizon = Integer.parseInt(required(options, "horizon"));
		int period = Integer.parseInt(options.getOrDefault("period", "1"));
		int secondPeriod = Integer.parseInt(options.getOrDefault("second-period", "0"));
		List<Series> series = SalesHistoryFiles.isLongFormat(input) ? SalesHistoryFiles.read(input)
				: M4Files.read(input);
		List<Series> actuals = options.containsKey("actuals") ? M4Files.read(Path.of(options.get("actuals"))) : null;
		List<double[]> histories = histories(series, actuals, horizon);
		List<Method> methods = new ArrayList<>(methods(period, secondPeriod));
		List<boolean @Nullable []> promoted = new ArrayList<>();
		series.forEach((s) -> promoted.add((actuals != null) ? null : s.promoted()));
		methods.addAll(extension.methods(period, secondPeriod, horizon, histories, promoted));
		List<Score> scores = score(series, actuals, histories, horizon, period, methods);
		System.out.printf(Locale.ROOT, "%s: %d series, horizon %d, period %d, %s%n", input.getFileName(), series.size(),
				horizon, period, (actuals != null) ? "scored on the given actuals"
						: "scored on the last " + horizon + " values held out");
		System.out.println("| Method | sMAPE | MASE | OWA | 80% coverage | 95% coverage | scaled pinball | seconds |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (Score score : scores) {
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s | %s | %s | %.2f |%n", score.method(),
					score.smape(), score.mase(), score.owa(), percent(score.coverage80()), percent(score.coverage95()),
					Double.isNaN(score.pinball()) ? "-" : String.format(Locale.ROOT, "%.3f", score.pinball()),
					score.seconds());
		}
		if (options.containsKey("output")) {
			Path output = Path.of(options.get("output"));
			java.nio.file.Files.createDirectories(output);
			List<double[]> full = series.stream().map(Series::values).toList();
			List<Method> outputMethods = new ArrayList<>(methods(period, secondPeriod));
			List<boolean @Nullable []> promotedPast = new ArrayList<>();
			series.forEach((s) -> promotedPast.add(s.promoted()));
			outputMethods.addAll(extension.methods(period, secondPeriod, horizon, full, promotedPast));
			for (Method method : outputMethods) {
				List<double[]> forecasts = java.util.stream.IntStream.range(0, series.size())
					.parallel()
					.mapToObj((i) -> method.forecaster().forecast(full.get(i), series.get(i).promoted(), horizon))
					.toList();
				M4Files.writeForecasts(output.resolve(method.name() + ".csv"), series.stream().map(Series::id).toList(),
						forecasts, horizon);
			}
			System.out.println("Forecasts of the full series written to " + output);
		}
	}

	private static String percent(double share) {
		return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
	}

	static List<Method> methods(int period, int secondPeriod) {
		return List.of(plain("Naive1", Benchmarks::naive1),
				plain("sNaive", (values, h) -> Benchmarks.seasonalNaive(values, h, period)),
				plain("Naive2", (values, h) -> Benchmarks.naive2(values, h, period)),
				plain("SES", (values, h) -> Benchmarks.ses(values, h, period)),
				plain("Holt", (values, h) -> Benchmarks.holt(values, h, period)),
				plain("Damped", (values, h) -> Benchmarks.damped(values, h, period)),
				plain("Theta", (values, h) -> Benchmarks.theta(values, h, period)),
				plain("Comb", (values, h) -> Benchmarks.comb(values, h, period)),
				Method.withIntervals("Auto", (values, promoted, h) -> autoForecast(values, promoted, h, period)),
				new Method("Selected", (values, promoted, h) -> selected(values, promoted, h, period, secondPeriod, 1)),
				new Method("Top2", (values, promoted, h) -> selected(values, promoted, h, period, secondPeriod, 2)));
	}

	private static Method plain(String name, BiFunction<double[], Integer, double[]> forecast) {
		return new Method(name, (values, promoted, h) -> forecast.apply(values, h));
	}

	/**
	 * The automatic forecaster (AICc among ETS, or Croston/SBA/TSB), on the full series.
	 */
	static double[] auto(double[] values, boolean @Nullable [] promoted, int horizon, int period) {
		return CatalogueForecaster.auto(values, promoted, horizon, period);
	}

	/** The automatic forecaster with its intervals. */
	static DemandForecaster.Forecast autoForecast(double[] values, boolean @Nullable [] promoted, int horizon,
			int period) {
		boolean[] past = (promoted != null) ? Arrays.copyOf(promoted, values.length) : null;
		boolean[] future = (promoted != null) ? Arrays.copyOfRange(promoted, values.length, values.length + horizon)
				: null;
		return DemandForecaster.forecast(values, past, future, horizon,
				new DemandForecaster.Options(period, Integer.MAX_VALUE));
	}

	/**
	 * The per-series selection of the service's forecaster
	 * ({@link CatalogueForecaster#selected}).
	 */
	public static double[] selected(double[] values, boolean @Nullable [] promoted, int horizon, int period,
			int secondPeriod, int combine) {
		return CatalogueForecaster.selected(values, promoted, horizon, period, secondPeriod, combine);
	}

	/**
	 * Scores every method; OWA is relative to Naive2 (which must be among the methods).
	 * With {@code actuals} null, the last {@code horizon} values of each series are the
	 * actuals and the rest the history.
	 */
	static List<Score> score(List<Series> series, @Nullable List<Series> actuals, int horizon, int period,
			List<Method> methods) {
		return score(series, actuals, histories(series, actuals, horizon), horizon, period, methods);
	}

	/**
	 * The history each series is forecast from: all of it when actuals are given, else
	 * all but the last {@code horizon} values. The same arrays go to every method.
	 */
	static List<double[]> histories(List<Series> series, @Nullable List<Series> actuals, int horizon) {
		return series.stream()
			.map((s) -> (actuals != null) ? s.values() : Arrays.copyOf(s.values(), s.values().length - horizon))
			.toList();
	}

	static List<Score> score(List<Series> series, @Nullable List<Series> actuals, List<double[]> histories, int horizon,
			int period, List<Method> methods) {
		Map<String, double[]> totals = new LinkedHashMap<>();
		for (Method method : methods) {
			long started = System.nanoTime();
			double[][] perSeries = java.util.stream.IntStream.range(0, series.size()).parallel().mapToObj((i) -> {
				double[] values = series.get(i).values();
				double[] history = histories.get(i);
				double[] future = (actuals != null) ? Arrays.copyOf(actuals.get(i).values(), horizon)
						: Arrays.copyOfRange(values, values.length - horizon, values.length);
				// Planned promotions are known ahead; with separate actuals there are
				// none.
				boolean[] promoted = (actuals != null) ? null : series.get(i).promoted();
				if (method.probabilistic() == null) {
					double[] forecast = method.forecaster().forecast(history, promoted, horizon);
					return new double[] { Accuracy.smape(future, forecast),
							Accuracy.mase(history, future, forecast, period), Double.NaN, Double.NaN, Double.NaN };
				}
				DemandForecaster.Forecast forecast = method.probabilistic().forecast(history, promoted, horizon);
				double[][] bounds = { forecast.lower95(), forecast.lower80(), forecast.upper80(), forecast.upper95() };
				double pinball = 0;
				for (int q = 0; q < LEVELS.length; q++) {
					pinball += Accuracy.pinball(history, future, bounds[q], LEVELS[q], period) / LEVELS.length;
				}
				return new double[] { Accuracy.smape(future, forecast.mean()),
						Accuracy.mase(history, future, forecast.mean(), period),
						Accuracy.coverage(future, forecast.lower80(), forecast.upper80()),
						Accuracy.coverage(future, forecast.lower95(), forecast.upper95()), pinball };
			}).toArray(double[][]::new);
			double[] sums = new double[5];
			for (double[] scores : perSeries) {
				for (int k = 0; k < sums.length; k++) {
					sums[k] += scores[k];
				}
			}
			totals.put(method.name(),
					new double[] { sums[0] / series.size(), sums[1] / series.size(), sums[2] / series.size(),
							sums[3] / series.size(), sums[4] / series.size(), (System.nanoTime() - started) / 1e9 });
		}
		double[] naive2 = totals.get("Naive2");
		List<Score> scores = new ArrayList<>();
		totals.forEach((name, t) -> scores
			.add(new Score(name, t[0], t[1], Accuracy.owa(t[0], t[1], naive2[0], naive2[1]), t[2], t[3], t[4], t[5])));
		return scores;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required (see the README's backtest command)");
		}
		return value;
	}

}
