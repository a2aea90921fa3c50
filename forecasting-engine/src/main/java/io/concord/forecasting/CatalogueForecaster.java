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
 * <li>censored periods (nothing was available to sell, so sales show less than demand)
 * are replaced by an estimate of demand ({@link #uncensored}) and never used as the
 * global model's training labels;</li>
 * <li>the global gradient-boosted model ({@link GlobalBoosting}), trained once on every
 * series of the run, with promotions and prices as features;</li>
 * <li>the per-series part: the statistical methods ranked by a rolling-origin backtest
 * ({@link #ranking}), the best selected or all combined by inverse error;</li>
 * <li>the weighted mean of the two, blended as learned on the calibration window
 * ({@link Blend}); a series too short for the global model's features gets the per-series
 * part alone.</li>
 * </ol>
 * Prediction intervals are calibrated (split conformal): on a sample of the catalogue
 * (all of it up to {@link Settings#calibrationSeries()} series), a second booster is
 * trained without the last {@code horizon} periods of each history, the ensemble
 * forecasts that window from the history before it, and each error is divided by the
 * automatic forecaster's standard error for its series and step; the conformal quantiles
 * of those, per step ahead across series, set the 80% and 95% bands as multiples of the
 * final forecasts' own standard errors. (Holding the window back from the production
 * booster itself would cost its most recent targets: 0.873 instead of 0.850 OWA on M4
 * Weekly when measured.) The production booster is returned as a versioned artefact, so
 * every run records exactly what produced its forecasts.
 */
public final class CatalogueForecaster {

	/** The method's name, as stored with each run and shown to ops. */
	public static final String MODEL = "Ensemble";

	/**
	 * The method's version: bumped whenever the method, its features or its settings
	 * change, so forecasts are always traceable to the code that made them. 2: conformal
	 * intervals, censored demand, price features, training-row cap, 48 origins per
	 * series, the global model weighted 0.7. 3: the {@link Blend} learned per run on the
	 * calibration window (global weight, selection or inverse-error combination, the
	 * level to the mean for intermittent demand), the second period's Theta, SES and
	 * Damped among the per-series candidates. 4: the global model forecasts series
	 * shorter than two of its longest seasons, learns from 96 origins per series and, on
	 * weekly data, from a year of lags ({@link GlobalBoosting}).
	 */
	public static final String VERSION = "4";

	/**
	 * The global model's weight in the mean when the blend cannot be learned (fewer than
	 * {@link #MIN_BLEND_SERIES} calibration windows): v2's fixed weight, which with the
	 * per-series selection did best across M4 Weekly and Hourly on their holdouts.
	 */
	static final double GLOBAL_WEIGHT = 0.7;

	/**
	 * {@link Settings#globalWeight()} asking for the blend to be learned per run on the
	 * calibration window ({@link Blend}).
	 */
	public static final double LEARNED = Double.NaN;

	/**
	 * Share of zero periods from which a catalogue's demand counts as intermittent, and
	 * the blend is levelled to the mean ({@link Blend#level()}).
	 */
	static final double INTERMITTENT_SHARE = 0.3;

	/** Calibration windows below which the blend is not learned but the default. */
	private static final int MIN_BLEND_SERIES = 30;

	/** z of the two-sided 95% normal interval, the automatic forecaster's. */
	private static final double Z95 = 1.959963984540054;

	/** Same-season values a censored period's estimate averages. */
	static final int CENSORED_SEASONS = 4;

	/** Errors per step below which the calibration pools neighbouring steps. */
	private static final int MIN_ERRORS_PER_STEP = 200;

	/**
	 * Errors in all below which the intervals fall back to the automatic forecaster's.
	 */
	private static final int MIN_ERRORS = 30;

	/**
	 * Seasonal periods, horizon, how many of the best per-series candidates to combine
	 * (when the per-series part selects), the global model's settings, the global model's
	 * weight in the mean ({@link #LEARNED}: the {@link Blend} is learned on each run's
	 * calibration window; a number fixes it, with the selection), how many recent periods
	 * the per-series methods fit, and on how many series (at most, spread over the
	 * catalogue) the intervals are calibrated.
	 */
	public record Settings(int period, int secondPeriod, int horizon, int combine, GlobalBoosting.Settings boosting,
			double globalWeight, int maxHistory, int calibrationSeries) {

		public Settings(int period, int secondPeriod, int horizon, int combine, GlobalBoosting.Settings boosting) {
			this(period, secondPeriod, horizon, combine, boosting, LEARNED, Integer.MAX_VALUE, 5_000);
		}

		/**
		 * Daily retail demand: a weekly season, {@code horizon} days ahead; the
		 * per-series methods fit the last two years, as the automatic forecaster does.
		 */
		public static Settings daily(int horizon) {
			return new Settings(7, 0, horizon, 1, GlobalBoosting.Settings.defaults(), LEARNED, 730, 5_000);
		}

	}

	/**
	 * One series to forecast. {@code censored} flags the history's periods whose sales do
	 * not show demand (nothing was available to sell); {@code promoted} and {@code price}
	 * (selling price per period, NaN or 0 where unknown) cover the history and then the
	 * horizon (planned promotions and prices are known ahead); any may be null when
	 * unknown.
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

	/**
	 * The model of the run, one forecast per input (in input order), where the time went
	 * and the blend of the run (e.g. "global 0.5 + inverse-error combination", see
	 * {@link Blend}).
	 */
	public record Result(Model model, List<DemandForecaster.Forecast> forecasts, Timings timings, String blend) {

		public Result(Model model, List<DemandForecaster.Forecast> forecasts) {
			this(model, forecasts, new Timings(0, 0, 0));
		}

		public Result(Model model, List<DemandForecaster.Forecast> forecasts, Timings timings) {
			this(model, forecasts, timings, "");
		}

	}

	/**
	 * Seconds of a run: the global model (training and forecasting), the interval
	 * calibration (its own booster and the sample's per-series forecasts) and the
	 * per-series part of the final forecasts (selection, automatic forecaster, bands).
	 */
	public record Timings(double globalSeconds, double calibrationSeconds, double perSeriesSeconds) {
	}

	private CatalogueForecaster() {
	}

	public static Result forecast(List<Input> inputs, Settings settings) {
		int horizon = settings.horizon();
		List<double[]> histories = inputs.stream()
			.map((input) -> uncensored(input.history(), input.censored(), settings.period()))
			.toList();
		List<GlobalBoosting.Covariates> covariates = inputs.stream()
			.map((input) -> new GlobalBoosting.Covariates(input.promoted(), input.price(), input.censored()))
			.toList();
		long started = System.nanoTime();
		try (GlobalBoosting.Trained trained = GlobalBoosting.train(histories, covariates, settings.period(),
				settings.secondPeriod(), horizon, settings.boosting(), 0)) {
			double trainingSeconds = (System.nanoTime() - started) / 1e9;
			List<double @Nullable []> global = trained.forecastWith(histories, covariates);
			double globalSeconds = (System.nanoTime() - started) / 1e9;
			long calibrating = System.nanoTime();
			Calibration calibration = calibrate(inputs, histories, covariates, settings, trained.objective());
			double calibrationSeconds = (System.nanoTime() - calibrating) / 1e9;
			long perSeries = System.nanoTime();
			List<DemandForecaster.Forecast> forecasts = IntStream.range(0, inputs.size())
				.parallel()
				.mapToObj((i) -> forecast(inputs.get(i), histories.get(i), global.get(i), calibration, settings))
				.toList();
			double perSeriesSeconds = (System.nanoTime() - perSeries) / 1e9;
			byte[] artefact = trained.artefact();
			return new Result(new Model(MODEL, VERSION, artefact, sha256(artefact), trained.rows(), trainingSeconds),
					forecasts, new Timings(globalSeconds, calibrationSeconds, perSeriesSeconds),
					calibration.blend().toString());
		}
	}

	/**
	 * The history with each censored period replaced by an estimate of its demand: the
	 * larger of what sold and the mean of the same position in the season (the same
	 * weekday for daily data) over the last {@link #CENSORED_SEASONS} uncensored seasons
	 * before it (after it, for a series that starts censored). What sold is a lower bound
	 * of demand, hence the larger. Uncensored periods are kept as they are.
	 */
	public static double[] uncensored(double[] history, boolean @Nullable [] censored, int period) {
		if (censored == null) {
			return history;
		}
		int season = Math.max(1, period);
		double[] demand = history.clone();
		for (int t = 0; t < history.length && t < censored.length; t++) {
			if (!censored[t]) {
				continue;
			}
			double sum = 0;
			int count = 0;
			for (int u = t - season; u >= 0 && count < CENSORED_SEASONS; u -= season) {
				if (u >= censored.length || !censored[u]) {
					sum += history[u];
					count++;
				}
			}
			for (int u = t + season; count == 0 && u < history.length; u += season) {
				if (u >= censored.length || !censored[u]) {
					sum += history[u];
					count++;
				}
			}
			if (count > 0) {
				demand[t] = Math.max(history[t], sum / count);
			}
		}
		return demand;
	}

	/**
	 * Scaled errors of the ensemble per step ahead, and their quantiles: for each step
	 * the 2.5%, 10%, 90% and 97.5% quantiles, or null when too few errors were seen.
	 */
	record Calibration(double @Nullable [][] quantiles, Blend blend) {

		static final double[] LEVELS = { 0.025, 0.10, 0.90, 0.975 };

	}

	/**
	 * How the mean blends the two parts: the global model's weight, and whether the
	 * per-series part is the selection ({@link Settings#combine()} best candidates) or
	 * all candidates weighted by the inverse of their rolling-origin error. Learned per
	 * run on the calibration window (the last {@code horizon} periods, forecast from the
	 * history before them by the calibration booster and the per-series candidates): the
	 * blend with the least mean absolute error scaled like MASE over the sample, the
	 * weight on a grid of tenths. So the weight follows the data (M4 Hourly's global
	 * model is far ahead of the per-series methods, on Weekly they are close) instead of
	 * one number chosen on a benchmark's holdout. {@code level} multiplies the blend: for
	 * intermittent demand ({@link #INTERMITTENT_SHARE}) the factor that made the sample's
	 * forecasts of the window add up to its actual demand, else 1. The absolute-error
	 * global model forecasts the median, which on slow movers sits well below the mean
	 * (-13% bias on the generated daily catalogue), while replenishment sizes orders from
	 * the mean; a median-to-mean correction learned on the window kept more accuracy
	 * there than a Tweedie objective (WAPE +2.2 against +4.0 points, both unbiased within
	 * 3%).
	 */
	record Blend(boolean weighted, double globalWeight, double level) {

		static Blend fixed(double globalWeight) {
			return new Blend(false, globalWeight, 1);
		}

		Blend(boolean weighted, double globalWeight) {
			this(weighted, globalWeight, 1);
		}

		Blend withLevel(double level) {
			return new Blend(this.weighted, this.globalWeight, level);
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "global %.1f + %s, level x%.3f", this.globalWeight,
					this.weighted ? "inverse-error combination" : "selection", this.level);
		}

	}

	/**
	 * One calibration series' window: the global model's forecast (null when the series
	 * is too short for it), the selection's and the inverse-error combination's, the
	 * actual values (NaN where censored), the automatic forecaster's standard errors and
	 * the MASE scale.
	 */
	private record Window(double @Nullable [] global, double[] selected, double[] weighted, double[] actual,
			double[] scales, double scale) {

		double[] mean(Blend blend) {
			return blended(this.global, blend.weighted() ? this.weighted : this.selected, blend.globalWeight(),
					blend.level());
		}

	}

	private static Calibration calibrate(List<Input> inputs, List<double[]> histories,
			List<GlobalBoosting.Covariates> covariates, Settings settings, GlobalBoosting.Objective objective) {
		int horizon = settings.horizon();
		// A sample spread evenly over the catalogue is enough for the quantiles.
		int stride = Math.max(1, (int) Math.ceil((double) inputs.size() / Math.max(1, settings.calibrationSeries())));
		List<Integer> sample = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i += stride) {
			if (histories.get(i).length > horizon + Math.max(2 * settings.period(), horizon)) {
				sample.add(i);
			}
		}
		List<double[]> before = sample.stream()
			.map((i) -> Arrays.copyOf(histories.get(i), histories.get(i).length - horizon))
			.toList();
		List<GlobalBoosting.Covariates> known = sample.stream().map(covariates::get).toList();
		List<double @Nullable []> global;
		// Half the production model's row cap: the calibration needs the quantiles of the
		// errors, not the last bit of accuracy (a slightly weaker model errs a bit
		// wider). Its objective is the production booster's, whose errors it stands for.
		GlobalBoosting.Settings boosting = settings.boosting();
		GlobalBoosting.Settings calibrationBoosting = new GlobalBoosting.Settings(boosting.rounds(), boosting.depth(),
				boosting.eta(), boosting.originsPerSeries(), Math.max(1, boosting.maxRows() / 2), objective);
		try (GlobalBoosting.Trained trained = GlobalBoosting.train(before, known, settings.period(),
				settings.secondPeriod(), horizon, calibrationBoosting, 0)) {
			global = trained.forecastWith(before, known);
		}
		List<@Nullable Window> windows = IntStream.range(0, sample.size()).parallel().mapToObj((s) -> {
			Input input = inputs.get(sample.get(s));
			double[] history = before.get(s);
			double[] actual = histories.get(sample.get(s));
			boolean[] promoted = input.promoted();
			DemandForecaster.Forecast auto = DemandForecaster.forecast(history,
					(promoted != null) ? Arrays.copyOf(promoted, history.length) : null,
					(promoted != null) ? slice(promoted, history.length, horizon) : null, horizon,
					new DemandForecaster.Options(settings.period(), settings.maxHistory()));
			if ("Zero".equals(auto.model())) {
				return null;
			}
			RollingOrigin.Ranking ranking = ranking(history, promoted, auto, settings);
			double[] window = new double[horizon];
			boolean[] censored = input.censored();
			for (int h = 0; h < horizon; h++) {
				int t = history.length + h;
				// A censored period's demand is not known: it calibrates nothing.
				window[h] = (censored == null || t >= censored.length || !censored[t]) ? actual[t] : Double.NaN;
			}
			boolean learn = Double.isNaN(settings.globalWeight());
			return new Window(global.get(s), ranking.best(settings.combine()),
					learn ? ranking.inverseError(Integer.MAX_VALUE) : ranking.best(settings.combine()), window,
					scales(auto, history, settings.period()), scale(history, settings.period()));
		}).toList();
		Blend blend = blend(windows, settings, intermittent(before));
		double[][] errors = windows.stream().map((window) -> {
			double[] scaled = new double[horizon];
			Arrays.fill(scaled, Double.NaN);
			if (window != null) {
				double[] mean = window.mean(blend);
				for (int h = 0; h < horizon; h++) {
					scaled[h] = (window.actual()[h] - mean[h]) / window.scales()[h];
				}
			}
			return scaled;
		}).toArray(double[][]::new);
		int total = 0;
		for (double[] e : errors) {
			for (double v : e) {
				total += Double.isNaN(v) ? 0 : 1;
			}
		}
		if (total < MIN_ERRORS) {
			return new Calibration(null, blend);
		}
		double[][] quantiles = new double[horizon][];
		for (int h = 0; h < horizon; h++) {
			// Widen to neighbouring steps until enough errors are pooled.
			double[] pooled = new double[0];
			for (int width = 0; width <= horizon; width++) {
				pooled = pool(errors, Math.max(0, h - width), Math.min(horizon - 1, h + width));
				if (pooled.length >= MIN_ERRORS_PER_STEP) {
					break;
				}
			}
			Arrays.sort(pooled);
			quantiles[h] = new double[Calibration.LEVELS.length];
			for (int q = 0; q < Calibration.LEVELS.length; q++) {
				quantiles[h][q] = conformalQuantile(pooled, Calibration.LEVELS[q]);
			}
		}
		return new Calibration(quantiles, blend);
	}

	/**
	 * The blend with the least mean scaled absolute error on the calibration windows (see
	 * {@link Blend}); the settings' fixed weight (with the selection) when they give one,
	 * the default when too few windows were seen to learn from. {@code toMean}: each
	 * blend is first levelled ({@link Blend#level()}) so its forecasts of the windows add
	 * up to what happened, and the best levelled one wins.
	 */
	static Blend blend(List<@Nullable Window> windows, Settings settings, boolean toMean) {
		List<Window> seen = windows.stream().filter((w) -> w != null).map((w) -> (Window) w).toList();
		if (seen.size() < MIN_BLEND_SERIES) {
			return Blend.fixed(Double.isNaN(settings.globalWeight()) ? GLOBAL_WEIGHT : settings.globalWeight());
		}
		if (!Double.isNaN(settings.globalWeight())) {
			Blend fixed = Blend.fixed(settings.globalWeight());
			return toMean ? fixed.withLevel(level(seen, fixed)) : fixed;
		}
		Blend best = Blend.fixed(GLOBAL_WEIGHT);
		double least = Double.POSITIVE_INFINITY;
		for (boolean weighted : new boolean[] { false, true }) {
			for (int tenths = 0; tenths <= 10; tenths++) {
				Blend blend = new Blend(weighted, tenths / 10.0);
				if (toMean) {
					blend = blend.withLevel(level(seen, blend));
				}
				double sum = 0;
				int count = 0;
				for (Window window : seen) {
					double[] mean = window.mean(blend);
					for (int h = 0; h < mean.length; h++) {
						if (!Double.isNaN(window.actual()[h])) {
							sum += Math.abs(window.actual()[h] - mean[h]) / window.scale();
							count++;
						}
					}
				}
				double loss = (count > 0) ? sum / count : Double.POSITIVE_INFINITY;
				if (loss < least) {
					least = loss;
					best = blend;
				}
			}
		}
		return best;
	}

	private static double[] pool(double[][] errors, int from, int to) {
		return Arrays.stream(errors)
			.flatMapToDouble((e) -> Arrays.stream(e, from, to + 1))
			.filter((v) -> !Double.isNaN(v))
			.toArray();
	}

	/**
	 * The empirical quantile with the split-conformal correction: the ⌈(n + 1) level⌉-th
	 * smallest for an upper level, its mirror for a lower one, so a new error falls
	 * beyond it with probability at most the tail's.
	 */
	static double conformalQuantile(double[] sorted, double level) {
		int n = sorted.length;
		if (level > 0.5) {
			int rank = (int) Math.ceil((n + 1) * level);
			return sorted[Math.min(n, rank) - 1];
		}
		int rank = (int) Math.floor((n + 1) * level);
		return sorted[Math.max(1, rank) - 1];
	}

	/**
	 * What a series' errors at each step are scaled by: the automatic forecaster's
	 * standard error there (its error model: the series' own noise, growing with the step
	 * as its model says), else the MASE scale. The calibration then only sets how many of
	 * those make 80% and 95%.
	 */
	static double[] scales(DemandForecaster.Forecast auto, double[] history, int period) {
		double fallback = scale(history, period);
		double[] scales = new double[auto.horizon()];
		for (int h = 0; h < scales.length; h++) {
			double error = (auto.upper95()[h] - auto.mean()[h]) / Z95;
			scales[h] = (error > 1e-9 * fallback) ? error : fallback;
		}
		return scales;
	}

	/**
	 * What errors are scaled by, as MASE does: the in-sample mean absolute error of the
	 * seasonal naive forecast, else of the naive one, else the mean level.
	 */
	static double scale(double[] history, int period) {
		for (int m : new int[] { Math.max(1, period), 1 }) {
			if (history.length > m) {
				double sum = 0;
				for (int t = m; t < history.length; t++) {
					sum += Math.abs(history[t] - history[t - m]);
				}
				if (sum > 0) {
					return sum / (history.length - m);
				}
			}
		}
		double level = Arrays.stream(history).map(Math::abs).average().orElse(0);
		return (level > 0) ? level : 1;
	}

	private static DemandForecaster.Forecast forecast(Input input, double[] history, double @Nullable [] global,
			Calibration calibration, Settings settings) {
		int horizon = settings.horizon();
		boolean[] promoted = input.promoted();
		DemandForecaster.Forecast auto = DemandForecaster.forecast(history,
				(promoted != null) ? Arrays.copyOf(promoted, history.length) : null,
				(promoted != null) ? slice(promoted, history.length, horizon) : null, horizon,
				new DemandForecaster.Options(settings.period(), settings.maxHistory()));
		if ("Zero".equals(auto.model())) {
			return auto;
		}
		double[] mean = mean(history, promoted, global, auto, settings, calibration.blend());
		double[][] bands = new double[4][horizon];
		double[][] quantiles = calibration.quantiles();
		double[] scales = scales(auto, history, settings.period());
		for (int h = 0; h < horizon; h++) {
			for (int b = 0; b < 4; b++) {
				// Without a calibration (a handful of series): the automatic forecaster's
				// bands, moved onto the ensemble's mean.
				double offset = (quantiles != null) ? quantiles[h][b] * scales[h]
						: new double[] { auto.lower95()[h], auto.lower80()[h], auto.upper80()[h], auto.upper95()[h] }[b]
								- auto.mean()[h];
				bands[b][h] = Math.max(0, mean[h] + offset);
			}
			// Demand is never negative, and a band always holds its mean.
			bands[0][h] = Math.min(bands[0][h], mean[h]);
			bands[1][h] = Math.min(bands[1][h], mean[h]);
			bands[2][h] = Math.max(bands[2][h], mean[h]);
			bands[3][h] = Math.max(bands[3][h], mean[h]);
		}
		String model = (global != null) ? MODEL : calibration.blend().weighted() ? "Combined"
				: ((settings.combine() > 1) ? "Top" + settings.combine() : "Selected");
		return new DemandForecaster.Forecast(model, mean, bands[1], bands[2], bands[0], bands[3], auto.promotionLift(),
				auto.sigma());
	}

	/**
	 * Whether demand is intermittent: at least {@link #INTERMITTENT_SHARE} of the
	 * histories' periods are zero.
	 */
	static boolean intermittent(List<double[]> histories) {
		long zeros = 0;
		long periods = 0;
		for (double[] history : histories) {
			for (double value : history) {
				zeros += (value == 0) ? 1 : 0;
			}
			periods += history.length;
		}
		return periods > 0 && zeros >= INTERMITTENT_SHARE * periods;
	}

	/**
	 * The factor that makes the blend's forecasts of the calibration windows add up to
	 * what happened there (1 when nothing did).
	 */
	private static double level(List<Window> windows, Blend blend) {
		double actual = 0;
		double forecast = 0;
		for (Window window : windows) {
			double[] mean = window.mean(blend);
			for (int h = 0; h < mean.length; h++) {
				if (!Double.isNaN(window.actual()[h])) {
					actual += window.actual()[h];
					forecast += mean[h];
				}
			}
		}
		return (forecast > 0 && actual > 0) ? actual / forecast : 1;
	}

	/**
	 * The ensemble's mean from {@code history}: the global model's forecast (when the
	 * series is long enough for it) and the per-series part, blended as {@code blend}
	 * says.
	 */
	private static double[] mean(double[] history, boolean @Nullable [] promoted, double @Nullable [] global,
			DemandForecaster.Forecast auto, Settings settings, Blend blend) {
		if (global != null && blend.globalWeight() >= 1) {
			// The per-series part would get no weight: not fitted at all.
			return blended(global, global, 1, blend.level());
		}
		RollingOrigin.Ranking ranking = ranking(history, promoted, auto, settings);
		double[] local = blend.weighted() ? ranking.inverseError(Integer.MAX_VALUE) : ranking.best(settings.combine());
		return blended(global, local, blend.globalWeight(), blend.level());
	}

	/**
	 * {@code weight} × global + the rest × local; local alone without a global forecast.
	 */
	private static double[] blended(double @Nullable [] global, double[] local, double weight, double level) {
		double[] mean = new double[local.length];
		for (int h = 0; h < mean.length; h++) {
			mean[h] = level * Math.max(0, (global != null) ? weight * global[h] + (1 - weight) * local[h] : local[h]);
		}
		return mean;
	}

	/**
	 * The per-series candidates ranked on the last {@link Settings#maxHistory()} periods
	 * of {@code history}.
	 */
	private static RollingOrigin.Ranking ranking(double[] history, boolean @Nullable [] promoted,
			DemandForecaster.Forecast auto, Settings settings) {
		int from = Math.max(0, history.length - settings.maxHistory());
		double[] recent = (from > 0) ? Arrays.copyOfRange(history, from, history.length) : history;
		boolean[] recentPromoted = (promoted != null && from > 0)
				? Arrays.copyOfRange(promoted, from, Math.max(from, promoted.length)) : promoted;
		return ranking(recent, recentPromoted, settings.horizon(), settings.period(), settings.secondPeriod(),
				auto.mean());
	}

	private static boolean[] slice(boolean[] flags, int from, int length) {
		boolean[] slice = new boolean[length];
		for (int i = 0; i < length && from + i < flags.length; i++) {
			slice[i] = flags[from + i];
		}
		return slice;
	}

	/**
	 * Rolling-origin selection per series among the per-series candidates
	 * ({@link #ranking}), combining the best {@code combine}. {@code promoted} covers the
	 * history and the horizon, or is null.
	 */
	public static double[] selected(double[] values, boolean @Nullable [] promoted, int horizon, int period,
			int secondPeriod, int combine) {
		return ranking(values, promoted, horizon, period, secondPeriod, null).best(combine);
	}

	/**
	 * The per-series candidates ranked on the last {@code horizon} values: Theta, SES,
	 * Damped, the automatic forecaster, the seasonal naive forecast of the period; with a
	 * second period (52 weeks in a year, 168 hours in a week), also its seasonal naive
	 * forecast and Theta, SES and Damped on the series deseasonalised by it (when the
	 * seasonality test finds it). {@code autoMean}, when given, is the automatic
	 * forecaster's forecast of the full values (computed already, so not fitted twice).
	 */
	static RollingOrigin.Ranking ranking(double[] values, boolean @Nullable [] promoted, int horizon, int period,
			int secondPeriod, double @Nullable [] autoMean) {
		List<RollingOrigin.Candidate> candidates = new ArrayList<>(
				List.of(new RollingOrigin.Candidate("Theta", (y, h) -> Benchmarks.theta(y, h, period)),
						new RollingOrigin.Candidate("SES", (y, h) -> Benchmarks.ses(y, h, period)),
						new RollingOrigin.Candidate("Damped", (y, h) -> Benchmarks.damped(y, h, period)),
						new RollingOrigin.Candidate("Auto", (y, h) -> (autoMean != null && y.length == values.length)
								? autoMean : auto(y, promoted, h, period))));
		if (period > 1) {
			candidates.add(new RollingOrigin.Candidate("sNaive", (y, h) -> Benchmarks.seasonalNaive(y, h, period)));
		}
		if (secondPeriod > 1) {
			candidates.add(new RollingOrigin.Candidate("sNaive" + secondPeriod,
					(y, h) -> Benchmarks.seasonalNaive(y, h, secondPeriod)));
			candidates.add(new RollingOrigin.Candidate("Theta" + secondPeriod,
					(y, h) -> Benchmarks.theta(y, h, secondPeriod)));
			candidates
				.add(new RollingOrigin.Candidate("SES" + secondPeriod, (y, h) -> Benchmarks.ses(y, h, secondPeriod)));
			candidates.add(new RollingOrigin.Candidate("Damped" + secondPeriod,
					(y, h) -> Benchmarks.damped(y, h, secondPeriod)));
		}
		return RollingOrigin.rank(values, horizon, candidates, Math.max(2 * period, horizon));
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
