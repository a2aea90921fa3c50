package io.concord.forecasting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

/**
 * A global model: one gradient-boosted tree ensemble (XGBoost) trained across all series,
 * forecasting every step of the horizon directly (the step is a feature). Each series is
 * scaled by the mean of its last season (or last {@code horizon} values), so series of
 * any size share what the trees learn. Features per (origin, step): the step, the
 * target's position in the season(s), the last values, the values one and two seasons
 * before the target, and recent means. Training rows come from origins spread over each
 * series' history, never looking past the history the forecast starts from. Promoted
 * periods, where the input has them (retail sales files), are features too: whether the
 * target is promoted (planned promotions are known ahead) and how much of the last season
 * was.
 */
public final class GlobalBoosting {

	/** Trees, depth and learning rate; enough for thousands of series on two cores. */
	public record Settings(int rounds, int depth, double eta, int originsPerSeries) {

		public static Settings defaults() {
			return new Settings(400, 8, 0.05, 24);
		}

	}

	private final int period;

	private final int secondPeriod;

	private final int horizon;

	private final int lags;

	private final int seasons;

	private final List<boolean[]> promoted;

	GlobalBoosting(int period, int secondPeriod, int horizon) {
		this(period, secondPeriod, horizon, List.of());
	}

	GlobalBoosting(int period, int secondPeriod, int horizon, List<boolean[]> promoted) {
		this.promoted = promoted;
		this.period = Math.max(1, period);
		this.secondPeriod = Math.max(0, secondPeriod);
		this.horizon = horizon;
		this.lags = Math.max(2 * this.period, Math.max(horizon, 13));
		this.seasons = Math.max(this.period, this.secondPeriod);
	}

	/**
	 * Trains on {@code histories} and forecasts {@code horizon} values after each; null
	 * for a series too short to describe (the caller falls back to another method).
	 */
	public static List<double @Nullable []> forecast(List<double[]> histories, int period, int secondPeriod,
			int horizon, Settings settings) {
		List<boolean[]> none = new ArrayList<>();
		histories.forEach((h) -> none.add(null));
		return forecast(histories, none, period, secondPeriod, horizon, settings);
	}

	/** As above, with each series' promoted periods (null entries: none known). */
	public static List<double @Nullable []> forecast(List<double[]> histories, List<boolean[]> promoted, int period,
			int secondPeriod, int horizon, Settings settings) {
		return new GlobalBoosting(period, secondPeriod, horizon, promoted).run(histories, settings);
	}

	/**
	 * Trains on {@code histories} (each with its promoted periods, null entries: none
	 * known) for forecasting {@code horizon} values ahead.
	 */
	public static Trained train(List<double[]> histories, List<boolean[]> promoted, int period, int secondPeriod,
			int horizon, Settings settings) {
		return new GlobalBoosting(period, secondPeriod, horizon, promoted).train(histories, settings);
	}

	/**
	 * A trained model: forecasts from the end of each history, and can be kept as an
	 * artefact. Holds native memory until {@link #close() closed}.
	 */
	public final class Trained implements AutoCloseable {

		private final @Nullable Booster booster;

		private final int rows;

		private Trained(@Nullable Booster booster, int rows) {
			this.booster = booster;
			this.rows = rows;
		}

		/** Rows (origin × step) the model learned from. */
		public int rows() {
			return this.rows;
		}

		/**
		 * The serialised booster (XGBoost's own format); empty when nothing was trained.
		 */
		public byte[] artefact() {
			try {
				return (this.booster != null) ? this.booster.toByteArray() : new byte[0];
			}
			catch (XGBoostError ex) {
				throw new IllegalStateException("XGBoost failed: " + ex.getMessage(), ex);
			}
		}

		/**
		 * Forecasts {@code horizon} values after each history; null for a series too
		 * short to describe (the caller falls back to another method).
		 */
		public List<double @Nullable []> forecast(List<double[]> histories, List<boolean[]> promotedPeriods) {
			List<double @Nullable []> forecasts = new ArrayList<>();
			histories.forEach((h) -> forecasts.add(null));
			if (this.booster == null) {
				return forecasts;
			}
			List<float[]> query = new ArrayList<>();
			List<Integer> asked = new ArrayList<>();
			for (int i = 0; i < histories.size(); i++) {
				double[] y = histories.get(i);
				if (y.length - 1 < needed()) {
					continue;
				}
				boolean[] promo = (i < promotedPeriods.size()) ? promotedPeriods.get(i) : null;
				double scale = scale(y, y.length - 1);
				for (int step = 1; step <= GlobalBoosting.this.horizon; step++) {
					query.add(features(y, promo, y.length - 1, step, scale));
				}
				asked.add(i);
			}
			if (asked.isEmpty()) {
				return forecasts;
			}
			try {
				float[][] predicted = this.booster.predict(matrix(query));
				for (int a = 0; a < asked.size(); a++) {
					double[] y = histories.get(asked.get(a));
					double scale = scale(y, y.length - 1);
					double[] forecast = new double[GlobalBoosting.this.horizon];
					for (int step = 0; step < GlobalBoosting.this.horizon; step++) {
						forecast[step] = Math.max(0, predicted[a * GlobalBoosting.this.horizon + step][0] * scale);
					}
					forecasts.set(asked.get(a), forecast);
				}
				return forecasts;
			}
			catch (XGBoostError ex) {
				throw new IllegalStateException("XGBoost failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public void close() {
			if (this.booster != null) {
				this.booster.dispose();
			}
		}

	}

	private List<double @Nullable []> run(List<double[]> histories, Settings settings) {
		try (Trained trained = train(histories, settings)) {
			return trained.forecast(histories, this.promoted);
		}
	}

	private Trained train(List<double[]> histories, Settings settings) {
		List<float[]> rows = new ArrayList<>();
		List<Float> labels = new ArrayList<>();
		for (int series = 0; series < histories.size(); series++) {
			double[] y = histories.get(series);
			boolean[] promo = promo(series);
			int last = y.length - 1 - this.horizon;
			int first = needed();
			if (last < first) {
				continue;
			}
			int stride = Math.max(1, (last - first) / settings.originsPerSeries());
			for (int origin = last; origin >= first; origin -= stride) {
				double scale = scale(y, origin);
				for (int step = 1; step <= this.horizon; step++) {
					rows.add(features(y, promo, origin, step, scale));
					labels.add((float) (y[origin + step] / scale));
				}
			}
		}
		if (rows.isEmpty()) {
			return new Trained(null, 0);
		}
		try {
			return new Trained(train(rows, labels, settings), rows.size());
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException("XGBoost failed: " + ex.getMessage(), ex);
		}
	}

	/** History an origin needs: the lags, and two of the longest season. */
	int needed() {
		return Math.max(this.lags, 2 * this.seasons) + 1;
	}

	/** Mean absolute value of the last season (or lags) up to the origin. */
	double scale(double[] y, int origin) {
		int window = Math.max(this.seasons, this.horizon);
		double sum = 0;
		for (int t = origin - window + 1; t <= origin; t++) {
			sum += Math.abs(y[t]);
		}
		double mean = sum / window;
		return (mean > 0) ? mean : 1;
	}

	private boolean[] promo(int series) {
		return (series < this.promoted.size()) ? this.promoted.get(series) : null;
	}

	float[] features(double[] y, int origin, int step, double scale) {
		return features(y, null, origin, step, scale);
	}

	float[] features(double[] y, boolean[] promoted, int origin, int step, double scale) {
		int target = origin + step;
		float[] row = new float[featureCount()];
		int f = 0;
		row[f++] = step;
		row[f++] = target % this.period;
		row[f++] = (this.secondPeriod > 1) ? target % this.secondPeriod : 0;
		for (int lag = 0; lag < this.lags; lag++) {
			row[f++] = (float) (y[origin - lag] / scale);
		}
		for (int season : new int[] { this.period, this.secondPeriod }) {
			if (season > 1) {
				int back = season * ((step + season - 1) / season);
				row[f++] = (float) (y[target - back] / scale);
				row[f++] = (float) (y[target - back - season] / scale);
				row[f++] = (float) (mean(y, origin, season) / scale);
			}
			else {
				row[f++] = Float.NaN;
				row[f++] = Float.NaN;
				row[f++] = Float.NaN;
			}
		}
		row[f++] = (float) (mean(y, origin, Math.min(this.lags, 4)) / scale);
		row[f++] = (float) (mean(y, origin, this.lags) / scale);
		row[f++] = (promoted != null && target < promoted.length && promoted[target]) ? 1 : 0;
		int recent = 0;
		for (int t = origin - this.period + 1; promoted != null && t <= origin; t++) {
			recent += promoted[t] ? 1 : 0;
		}
		row[f] = (float) recent / this.period;
		return row;
	}

	int featureCount() {
		return 3 + this.lags + 6 + 4;
	}

	private static double mean(double[] y, int origin, int window) {
		double sum = 0;
		for (int t = origin - window + 1; t <= origin; t++) {
			sum += y[t];
		}
		return sum / window;
	}

	private Booster train(List<float[]> rows, List<Float> labels, Settings settings) throws XGBoostError {
		DMatrix training = matrix(rows);
		float[] label = new float[labels.size()];
		for (int i = 0; i < label.length; i++) {
			label[i] = labels.get(i);
		}
		training.setLabel(label);
		Map<String, Object> parameters = new HashMap<>();
		// Absolute error: the competition's measures are absolute (sMAPE, MASE).
		parameters.put("objective", "reg:absoluteerror");
		parameters.put("eta", settings.eta());
		parameters.put("max_depth", settings.depth());
		parameters.put("min_child_weight", 20);
		parameters.put("subsample", 0.8);
		parameters.put("colsample_bytree", 0.8);
		parameters.put("tree_method", "hist");
		parameters.put("nthread", Runtime.getRuntime().availableProcessors());
		parameters.put("seed", 7);
		parameters.put("verbosity", 0);
		Booster booster = XGBoost.train(training, parameters, settings.rounds(), new HashMap<>(), null, null);
		training.dispose();
		return booster;
	}

	private DMatrix matrix(List<float[]> rows) throws XGBoostError {
		int columns = featureCount();
		float[] data = new float[rows.size() * columns];
		for (int r = 0; r < rows.size(); r++) {
			System.arraycopy(rows.get(r), 0, data, r * columns, columns);
		}
		return new DMatrix(data, rows.size(), columns, Float.NaN);
	}

}
