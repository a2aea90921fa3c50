package io.concord.forecasting;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * The production forecaster: what inventory-service's forecast job runs every night and
 * what the backtest's {@code Service} row scores, through this one class. It forecasts a
 * whole catalogue at once, because its global part learns across series:
 * <ol>
 * <li>the global gradient-boosted model ({@link GlobalBoosting}), trained once on every
 * series of the run;</li>
 * <li>the per-series rolling-origin selection among the statistical methods
 * ({@link #selected});</li>
 * <li>the mean of the two, as the backtest shows best; a series too short for the global
 * model's features gets the selection alone.</li>
 * </ol>
 * Prediction intervals come from the automatic forecaster's error model, centred on the
 * ensemble's mean. The trained model is returned as a versioned artefact, so every run
 * records exactly what produced its forecasts.
 */
public final class CatalogueForecaster {

	/** The method's name, as stored with each run and shown to ops. */
	public static final String MODEL = "Ensemble";

	/**
	 * The method's version: bumped whenever the method, its features or its settings
	 * change, so forecasts are always traceable to the code that made them.
	 */
	public static final String VERSION = "1";

	/**
	 * Seasonal periods, horizon, how many of the best per-series candidates to combine
	 * and the global model's settings.
	 */
	public record Settings(int period, int secondPeriod, int horizon, int combine, GlobalBoosting.Settings boosting) {

		/** Daily retail demand: a weekly season, four weeks ahead. */
		public static Settings daily(int horizon) {
			return new Settings(7, 0, horizon, 1, GlobalBoosting.Settings.defaults());
		}

	}

	/**
	 * One series to forecast. {@code censored} flags the history's periods whose sales do
	 * not show demand (nothing was available to sell); {@code promoted} and {@code price}
	 * cover the history and then the horizon (planned promotions and prices are known
	 * ahead); any may be null when unknown.
	 */
	public record Input(String id, double[] history, boolean @Nullable [] censored, boolean @Nullable [] promoted,
			double @Nullable [] price) {

		public static Input of(String id, double[] history) {
			return new Input(id, history, null, null, null);
		}

	}

	/**
	 * The trained global model: the method's name and version, the serialised booster and
	 * its SHA-256 (the artefact's identity), the rows it learned from and how long
	 * training took.
	 */
	public record Model(String name, String version, byte[] artefact, String sha256, int trainingRows,
			double trainingSeconds) {
	}

	/** The model of the run and one forecast per input, in input order. */
	public record Result(Model model, List<DemandForecaster.Forecast> forecasts) {
	}

	private CatalogueForecaster() {
	}

	public static Result forecast(List<Input> inputs, Settings settings) {
		int horizon = settings.horizon();
		List<double[]> histories = inputs.stream().map(Input::history).toList();
		List<boolean[]> promoted = new ArrayList<>();
		inputs.forEach((input) -> promoted.add(input.promoted()));
		long started = System.nanoTime();
		GlobalBoosting.Trained trained = GlobalBoosting.train(histories, promoted, settings.period(),
				settings.secondPeriod(), horizon, settings.boosting());
		double trainingSeconds = (System.nanoTime() - started) / 1e9;
		List<double @Nullable []> global = trained.forecast(histories, promoted);
		List<DemandForecaster.Forecast> forecasts = IntStream.range(0, inputs.size())
			.parallel()
			.mapToObj((i) -> forecast(inputs.get(i), global.get(i), settings))
			.toList();
		byte[] artefact = trained.artefact();
		return new Result(new Model(MODEL, VERSION, artefact, sha256(artefact), trained.rows(), trainingSeconds),
				forecasts);
	}

	private static DemandForecaster.Forecast forecast(Input input, double @Nullable [] global, Settings settings) {
		int horizon = settings.horizon();
		double[] history = input.history();
		boolean[] promoted = input.promoted();
		boolean[] past = (promoted != null) ? Arrays.copyOf(promoted, history.length) : null;
		boolean[] future = (promoted != null) ? Arrays.copyOfRange(promoted, history.length, history.length + horizon)
				: null;
		DemandForecaster.Forecast auto = DemandForecaster.forecast(history, past, future, horizon,
				new DemandForecaster.Options(settings.period(), Integer.MAX_VALUE));
		if ("Zero".equals(auto.model())) {
			return auto;
		}
		double[] local = selected(history, promoted, horizon, settings.period(), settings.secondPeriod(),
				settings.combine());
		double[] mean = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			mean[h] = Math.max(0, (global != null) ? (global[h] + local[h]) / 2 : local[h]);
		}
		double[][] bands = { auto.lower80(), auto.upper80(), auto.lower95(), auto.upper95() };
		double[][] shifted = new double[4][horizon];
		for (int b = 0; b < 4; b++) {
			for (int h = 0; h < horizon; h++) {
				shifted[b][h] = Math.max(0, bands[b][h] - auto.mean()[h] + mean[h]);
			}
		}
		String model = (global != null) ? MODEL : ((settings.combine() > 1) ? "Top" + settings.combine() : "Selected");
		return new DemandForecaster.Forecast(model, mean, shifted[0], shifted[1], shifted[2], shifted[3],
				auto.promotionLift(), auto.sigma());
	}

	/**
	 * Rolling-origin selection per series among Theta, SES, Damped, the automatic
	 * forecaster and the seasonal naive forecasts (of the period and of the second
	 * period, when given), combining the best {@code combine}. {@code promoted} covers
	 * the history and the horizon, or is null.
	 */
	public static double[] selected(double[] values, boolean @Nullable [] promoted, int horizon, int period,
			int secondPeriod, int combine) {
		List<RollingOrigin.Candidate> candidates = new ArrayList<>(
				List.of(new RollingOrigin.Candidate("Theta", (y, h) -> Benchmarks.theta(y, h, period)),
						new RollingOrigin.Candidate("SES", (y, h) -> Benchmarks.ses(y, h, period)),
						new RollingOrigin.Candidate("Damped", (y, h) -> Benchmarks.damped(y, h, period)),
						new RollingOrigin.Candidate("Auto", (y, h) -> auto(y, promoted, h, period))));
		if (period > 1) {
			candidates.add(new RollingOrigin.Candidate("sNaive", (y, h) -> Benchmarks.seasonalNaive(y, h, period)));
		}
		if (secondPeriod > 1) {
			candidates.add(new RollingOrigin.Candidate("sNaive" + secondPeriod,
					(y, h) -> Benchmarks.seasonalNaive(y, h, secondPeriod)));
		}
		return RollingOrigin.select(values, horizon, candidates, combine, Math.max(2 * period, horizon)).forecast();
	}

	/**
	 * The automatic forecaster's means on {@code values}; {@code promoted} covers at
	 * least the values and the horizon when given.
	 */
	public static double[] auto(double[] values, boolean @Nullable [] promoted, int horizon, int period) {
		boolean[] past = (promoted != null) ? Arrays.copyOf(promoted, values.length) : null;
		boolean[] future = (promoted != null) ? Arrays.copyOfRange(promoted, values.length, values.length + horizon)
				: null;
		return DemandForecaster
			.forecast(values, past, future, horizon, new DemandForecaster.Options(period, Integer.MAX_VALUE))
			.mean();
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
