package io.concord.forecasting;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The automatic forecaster behind the service's nightly runs: per series it picks a model
 * family by how the demand looks, then a model within it, and returns point forecasts
 * with 80% and 95% prediction intervals.
 * <ul>
 * <li>No sale in the window: zero.</li>
 * <li>Intermittent (average interval between sales of 1.32 days or more): the best of
 * Croston, SBA and TSB ({@link Intermittent}).</li>
 * <li>Otherwise: the exponential smoothing model with the lowest AICc among no trend or a
 * damped trend, each without or with an additive weekly season ({@link HoltWinters}). An
 * undamped trend is left out on purpose: extrapolating it over four weeks is how retail
 * forecasts go badly wrong.</li>
 * </ul>
 * Planned promotions enter as known future events: the series' lift on promoted days
 * (shrunk towards no lift when it has seen few) is taken out of the history before
 * fitting and put back on the promoted days ahead. Forecasts and bounds are never
 * negative.
 */
public final class DemandForecaster {

	/** z for two-sided 80% and 95% normal intervals. */
	private static final double Z80 = 1.2815515655446004;

	private static final double Z95 = 1.959963984540054;

	/** Promoted days a series must show before its own lift outweighs "no lift". */
	private static final double LIFT_PRIOR_DAYS = 3;

	/** Seasonal period (7 for daily retail demand) and how many recent values to fit. */
	public record Options(int period, int maxHistory) {

		public static Options daily() {
			return new Options(7, 730);
		}

	}

	/**
	 * A forecast of one series: the model chosen, the means and the interval bounds, the
	 * lift on promoted days, and {@code sigma}, the standard deviation of the one-step
	 * error (what safety stock is sized by).
	 */
	public record Forecast(String model, double[] mean, double[] lower80, double[] upper80, double[] lower95,
			double[] upper95, double promotionLift, double sigma) {

		public int horizon() {
			return this.mean.length;
		}

	}

	private DemandForecaster() {
	}

	public static Forecast forecast(double[] history, int horizon, Options options) {
		return forecast(history, null, null, horizon, options);
	}

	/**
	 * Forecasts {@code horizon} periods after {@code history}. {@code promotedHistory}
	 * flags the past periods that were promoted and {@code promotedFuture} the planned
	 * ones (both may be null: no events).
	 */
	public static Forecast forecast(double[] history, boolean @Nullable [] promotedHistory,
			boolean @Nullable [] promotedFuture, int horizon, Options options) {
		if (horizon < 1) {
			throw new IllegalArgumentException("The horizon must be at least 1, was " + horizon);
		}
		int from = Math.max(0, history.length - options.maxHistory());
		double[] y = Arrays.copyOfRange(history, from, history.length);
		boolean[] promoted = (promotedHistory != null) ? Arrays.copyOfRange(promotedHistory, from, history.length)
				: new boolean[y.length];
		double lift = lift(y, promoted);
		if (lift != 1) {
			for (int t = 0; t < y.length; t++) {
				if (promoted[t]) {
					y[t] /= lift;
				}
			}
		}
		Forecast base = (y.length == 0) ? zero(horizon) : baseline(y, horizon, options.period());
		if (promotedFuture == null || lift == 1) {
			return new Forecast(base.model(), base.mean(), base.lower80(), base.upper80(), base.lower95(),
					base.upper95(), lift, base.sigma());
		}
		double[][] bands = { base.mean().clone(), base.lower80().clone(), base.upper80().clone(),
				base.lower95().clone(), base.upper95().clone() };
		for (int h = 0; h < horizon && h < promotedFuture.length; h++) {
			if (promotedFuture[h]) {
				for (double[] band : bands) {
					band[h] *= lift;
				}
			}
		}
		return new Forecast(base.model(), bands[0], bands[1], bands[2], bands[3], bands[4], lift, base.sigma());
	}

	private static Forecast baseline(double[] y, int horizon, int period) {
		double adi = Intermittent.averageDemandInterval(y);
		if (Double.isInfinite(adi)) {
			return zero(horizon);
		}
		if (adi >= 1.32) {
			Intermittent.Fit fit = Intermittent.best(y);
			double sigma = (fit.observations() > 0) ? Math.sqrt(fit.sse() / fit.observations()) : 0;
			double[] errors = new double[horizon];
			Arrays.fill(errors, sigma);
			return bounded(fit.method(), fit.forecast(horizon), errors);
		}
		HoltWinters.@Nullable Fit best = null;
		for (boolean damped : new boolean[] { false, true }) {
			for (int m : (period > 1 && y.length >= 2 * period) ? new int[] { 1, period } : new int[] { 1 }) {
				if (y.length < minimumLength(damped, m)) {
					continue;
				}
				HoltWinters.Fit fit = HoltWinters.fit(y, m, damped);
				if (best == null || fit.aicc() < best.aicc()) {
					best = fit;
				}
			}
		}
		if (best == null) {
			// Too short to fit anything: the mean so far, with its spread.
			double mean = Arrays.stream(y).average().orElse(0);
			double sd = Math.sqrt(Arrays.stream(y).map((v) -> (v - mean) * (v - mean)).sum() / y.length);
			double[] point = new double[horizon];
			double[] errors = new double[horizon];
			Arrays.fill(point, mean);
			Arrays.fill(errors, sd);
			return bounded("Mean", point, errors);
		}
		return bounded(best.name(), best.forecast(horizon), best.standardErrors(horizon));
	}

	/** Enough observations for the parameters plus a few degrees of freedom. */
	private static int minimumLength(boolean damped, int m) {
		return 2 + (damped ? 3 : 0) + ((m > 1) ? m : 0) + 4;
	}

	/**
	 * The lift on promoted days: their mean over the others', shrunk towards 1 by
	 * {@link #LIFT_PRIOR_DAYS}. 1 without promoted days or without unpromoted sales.
	 */
	static double lift(double[] y, boolean[] promoted) {
		double promotedSum = 0;
		double otherSum = 0;
		int promotedDays = 0;
		for (int t = 0; t < y.length; t++) {
			if (promoted[t]) {
				promotedSum += y[t];
				promotedDays++;
			}
			else {
				otherSum += y[t];
			}
		}
		int otherDays = y.length - promotedDays;
		if (promotedDays == 0 || otherDays == 0 || otherSum == 0) {
			return 1;
		}
		double raw = (promotedSum / promotedDays) / (otherSum / otherDays);
		return (promotedDays * raw + LIFT_PRIOR_DAYS) / (promotedDays + LIFT_PRIOR_DAYS);
	}

	private static Forecast zero(int horizon) {
		double[] zeros = new double[horizon];
		return new Forecast("Zero", zeros, zeros, zeros, zeros, zeros, 1, 0);
	}

	private static Forecast bounded(String model, double[] point, double[] errors) {
		int horizon = point.length;
		double[] mean = new double[horizon];
		double[] lower80 = new double[horizon];
		double[] upper80 = new double[horizon];
		double[] lower95 = new double[horizon];
		double[] upper95 = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			mean[h] = Math.max(0, point[h]);
			lower80[h] = Math.max(0, point[h] - Z80 * errors[h]);
			upper80[h] = Math.max(0, point[h] + Z80 * errors[h]);
			lower95[h] = Math.max(0, point[h] - Z95 * errors[h]);
			upper95[h] = Math.max(0, point[h] + Z95 * errors[h]);
		}
		return new Forecast(model, mean, lower80, upper80, lower95, upper95, 1, errors[0]);
	}

}
