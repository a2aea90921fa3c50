package io.concord.forecasting;

import org.jspecify.annotations.Nullable;

/**
 * Forecasts for intermittent demand (many days without a sale), where smoothing the raw
 * series chases zeros: Croston (smooth the non-zero sizes and the intervals between them;
 * forecast size / interval), SBA (Syntetos-Boylan: Croston times {@code 1 - alpha/2},
 * removing its upward bias) and TSB (Teunter-Syntetos-Babai: smooth the probability of a
 * sale every day, so the forecast decays when an item stops selling). Each forecast is
 * flat over the horizon. Parameters are chosen from a small grid by in-sample one-step
 * squared error, which is how they are usually tuned and cheap enough for a catalogue.
 */
final class Intermittent {

	private static final double[] GRID = { 0.05, 0.1, 0.2, 0.3 };

	/** A fitted method: its name, parameters, the daily rate it forecasts and its fit. */
	public record Fit(String method, double alpha, double beta, double rate, double sse, int observations) {

		public double[] forecast(int horizon) {
			double[] forecast = new double[horizon];
			java.util.Arrays.fill(forecast, this.rate);
			return forecast;
		}

	}

	private Intermittent() {
	}

	/** Croston with smoothing {@code alpha} for both sizes and intervals. */
	public static Fit croston(double[] y, double alpha) {
		return crostonFamily(y, alpha, false);
	}

	/** The Syntetos-Boylan approximation: Croston's rate times {@code 1 - alpha/2}. */
	public static Fit sba(double[] y, double alpha) {
		return crostonFamily(y, alpha, true);
	}

	/**
	 * TSB: size smoothed by {@code alpha} on sale days, probability of a sale smoothed by
	 * {@code beta} every day.
	 */
	public static Fit tsb(double[] y, double alpha, double beta) {
		int first = firstDemand(y);
		if (first < 0) {
			return new Fit("TSB", alpha, beta, 0, 0, y.length);
		}
		double size = y[first];
		double probability = 1.0 / (first + 1);
		double sse = 0;
		for (int t = first + 1; t < y.length; t++) {
			double error = y[t] - probability * size;
			sse += error * error;
			if (y[t] != 0) {
				size += alpha * (y[t] - size);
				probability += beta * (1 - probability);
			}
			else {
				probability -= beta * probability;
			}
		}
		return new Fit("TSB", alpha, beta, probability * size, sse, y.length - first - 1);
	}

	/** The best of Croston, SBA and TSB over the parameter grid. */
	public static Fit best(double[] y) {
		@Nullable Fit best = null;
		for (double alpha : GRID) {
			best = better(best, croston(y, alpha));
			best = better(best, sba(y, alpha));
			for (double beta : GRID) {
				best = better(best, tsb(y, alpha, beta));
			}
		}
		return java.util.Objects.requireNonNull(best);
	}

	/**
	 * Average inter-demand interval (ADI): periods per period with demand. Demand is
	 * treated as intermittent from 1.32 (Syntetos, Boylan and Croston's cut-off).
	 */
	public static double averageDemandInterval(double[] y) {
		int nonZero = 0;
		for (double value : y) {
			if (value != 0) {
				nonZero++;
			}
		}
		return (nonZero == 0) ? Double.POSITIVE_INFINITY : (double) y.length / nonZero;
	}

	private static Fit crostonFamily(double[] y, double alpha, boolean debiased) {
		String name = debiased ? "SBA" : "Croston";
		double factor = debiased ? 1 - alpha / 2 : 1;
		int first = firstDemand(y);
		if (first < 0) {
			return new Fit(name, alpha, 0, 0, 0, y.length);
		}
		double size = y[first];
		double interval = first + 1;
		int sinceLast = 0;
		double sse = 0;
		for (int t = first + 1; t < y.length; t++) {
			double error = y[t] - factor * size / interval;
			sse += error * error;
			sinceLast++;
			if (y[t] != 0) {
				size += alpha * (y[t] - size);
				interval += alpha * (sinceLast - interval);
				sinceLast = 0;
			}
		}
		return new Fit(name, alpha, 0, factor * size / interval, sse, y.length - first - 1);
	}

	private static Fit better(@Nullable Fit best, Fit candidate) {
		return (best == null || candidate.sse() < best.sse()) ? candidate : best;
	}

	private static int firstDemand(double[] y) {
		for (int t = 0; t < y.length; t++) {
			if (y[t] != 0) {
				return t;
			}
		}
		return -1;
	}

}
