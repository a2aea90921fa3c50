package io.concord.inventory.forecasting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Scores forecasting methods the M4 way, without the services running. Input in the M4
 * layout; without a file of actuals it holds out the last {@code horizon} values of each
 * series and scores on them. Prints sMAPE, MASE, OWA against Naive2 and run time per
 * method, and writes each method's forecasts (of the full series) in the M4 layout.
 *
 * <pre>
 * java -cp inventory-service/target/inventory-service-0.1.0-SNAPSHOT-exec.jar \
 *   -Dloader.main=io.concord.inventory.forecasting.Backtest \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --input ../shared/datasets/m4/Weekly-train.csv \
 *   --horizon 13 --period 1 [--actuals Weekly-test.csv] [--output target/forecasts]
 * </pre>
 */
public final class Backtest {

	/** A method: (series, horizon) to forecasts, with the seasonal period bound. */
	record Method(String name, BiFunction<double[], Integer, double[]> forecast) {
	}

	/** One method's aggregate scores. */
	record Score(String method, double smape, double mase, double owa, double seconds) {
	}

	private Backtest() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path input = Path.of(required(options, "input"));
		int horizon = Integer.parseInt(required(options, "horizon"));
		int period = Integer.parseInt(options.getOrDefault("period", "1"));
		List<M4Files.Series> series = M4Files.read(input);
		List<M4Files.Series> actuals = options.containsKey("actuals") ? M4Files.read(Path.of(options.get("actuals")))
				: null;
		List<Score> scores = score(series, actuals, horizon, period, methods(period));
		System.out.printf(Locale.ROOT, "%s: %d series, horizon %d, period %d, %s%n", input.getFileName(), series.size(),
				horizon, period, (actuals != null) ? "scored on the given actuals"
						: "scored on the last " + horizon + " values held out");
		System.out.println("| Method | sMAPE | MASE | OWA | seconds |");
		System.out.println("|---|---|---|---|---|");
		for (Score score : scores) {
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f |%n", score.method(), score.smape(),
					score.mase(), score.owa(), score.seconds());
		}
		if (options.containsKey("output")) {
			Path output = Path.of(options.get("output"));
			java.nio.file.Files.createDirectories(output);
			for (Method method : methods(period)) {
				List<double[]> forecasts = series.stream()
					.map((s) -> method.forecast().apply(s.values(), horizon))
					.toList();
				M4Files.writeForecasts(output.resolve(method.name() + ".csv"),
						series.stream().map(M4Files.Series::id).toList(), forecasts, horizon);
			}
			System.out.println("Forecasts of the full series written to " + output);
		}
	}

	static List<Method> methods(int period) {
		return List.of(new Method("Naive1", Benchmarks::naive1),
				new Method("sNaive", (values, h) -> Benchmarks.seasonalNaive(values, h, period)),
				new Method("Naive2", (values, h) -> Benchmarks.naive2(values, h, period)),
				new Method("SES", (values, h) -> Benchmarks.ses(values, h, period)),
				new Method("Holt", (values, h) -> Benchmarks.holt(values, h, period)),
				new Method("Damped", (values, h) -> Benchmarks.damped(values, h, period)),
				new Method("Theta", (values, h) -> Benchmarks.theta(values, h, period)),
				new Method("Comb", (values, h) -> Benchmarks.comb(values, h, period)));
	}

	/**
	 * Scores every method; OWA is relative to Naive2 (which must be among the methods).
	 * With {@code actuals} null, the last {@code horizon} values of each series are the
	 * actuals and the rest the history.
	 */
	static List<Score> score(List<M4Files.Series> series, List<M4Files.Series> actuals, int horizon, int period,
			List<Method> methods) {
		Map<String, double[]> totals = new LinkedHashMap<>();
		for (Method method : methods) {
			long started = System.nanoTime();
			double smape = 0;
			double mase = 0;
			for (int i = 0; i < series.size(); i++) {
				double[] values = series.get(i).values();
				double[] history = (actuals != null) ? values : Arrays.copyOf(values, values.length - horizon);
				double[] future = (actuals != null) ? Arrays.copyOf(actuals.get(i).values(), horizon)
						: Arrays.copyOfRange(values, values.length - horizon, values.length);
				double[] forecast = method.forecast().apply(history, horizon);
				smape += Accuracy.smape(future, forecast);
				mase += Accuracy.mase(history, future, forecast, period);
			}
			totals.put(method.name(),
					new double[] { smape / series.size(), mase / series.size(), (System.nanoTime() - started) / 1e9 });
		}
		double[] naive2 = totals.get("Naive2");
		List<Score> scores = new ArrayList<>();
		totals.forEach((name, t) -> scores
			.add(new Score(name, t[0], t[1], Accuracy.owa(t[0], t[1], naive2[0], naive2[1]), t[2])));
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
