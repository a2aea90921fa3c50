package io.concord.forecasting;

/**
 * The M4 competition's accuracy measures, as its organisers computed them: per series the
 * mean over the horizon, then the mean over series; OWA on those aggregates.
 */
public final class Accuracy {

	private Accuracy() {
	}

	/**
	 * Symmetric MAPE in percent: mean of {@code 200 |y - f| / (|y| + |f|)} over the
	 * horizon.
	 */
	public static double smape(double[] actual, double[] forecast) {
		checkLengths(actual, forecast);
		double sum = 0;
		for (int i = 0; i < actual.length; i++) {
			double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
			sum += (denominator == 0) ? 0 : 200 * Math.abs(actual[i] - forecast[i]) / denominator;
		}
		return sum / actual.length;
	}

	/**
	 * Mean absolute scaled error: the horizon's absolute errors over the in-sample mean
	 * absolute error of the seasonal naive forecast with period {@code m} (1 for none).
	 */
	public static double mase(double[] insample, double[] actual, double[] forecast, int m) {
		checkLengths(actual, forecast);
		// A flat history has no naive error to scale by (no M4 series is flat): its
		// errors
		// count as they are, so an exact forecast still scores 0 rather than NaN.
		double scale = seasonalNaiveInSampleError(insample, m);
		if (scale == 0) {
			scale = 1;
		}
		double sum = 0;
		for (int i = 0; i < actual.length; i++) {
			sum += Math.abs(actual[i] - forecast[i]);
		}
		return sum / actual.length / scale;
	}

	/**
	 * Mean pinball (quantile) loss of the {@code tau} quantile forecast over the horizon,
	 * scaled like MASE by the in-sample seasonal naive error with period {@code m}, so
	 * series of any size are comparable. A perfect quantile scores 0.
	 */
	public static double pinball(double[] insample, double[] actual, double[] quantile, double tau, int m) {
		checkLengths(actual, quantile);
		if (!(tau > 0 && tau < 1)) {
			throw new IllegalArgumentException("The quantile level must be in (0, 1), was " + tau);
		}
		double scale = seasonalNaiveInSampleError(insample, m);
		if (scale == 0) {
			scale = 1;
		}
		double sum = 0;
		for (int i = 0; i < actual.length; i++) {
			double error = actual[i] - quantile[i];
			sum += (error >= 0) ? tau * error : (tau - 1) * error;
		}
		return sum / actual.length / scale;
	}

	/**
	 * Share of the actuals inside their interval, bounds included (a day with no demand
	 * and a lower bound of zero is covered).
	 */
	public static double coverage(double[] actual, double[] lower, double[] upper) {
		checkLengths(actual, lower);
		checkLengths(actual, upper);
		int inside = 0;
		for (int i = 0; i < actual.length; i++) {
			inside += (actual[i] >= lower[i] && actual[i] <= upper[i]) ? 1 : 0;
		}
		return (double) inside / actual.length;
	}

	/** Overall weighted average against Naive2, on aggregate sMAPE and MASE. */
	public static double owa(double smape, double mase, double naive2Smape, double naive2Mase) {
		return (smape / naive2Smape + mase / naive2Mase) / 2;
	}

	static double seasonalNaiveInSampleError(double[] insample, int m) {
		if (insample.length <= m) {
			throw new IllegalArgumentException(
					"MASE needs more than " + m + " in-sample values; the series has " + insample.length);
		}
		double sum = 0;
		for (int t = m; t < insample.length; t++) {
			sum += Math.abs(insample[t] - insample[t - m]);
		}
		return sum / (insample.length - m);
	}

	private static void checkLengths(double[] actual, double[] forecast) {
		if (actual.length != forecast.length || actual.length == 0) {
			throw new IllegalArgumentException("Actuals (" + actual.length + ") and forecasts (" + forecast.length
					+ ") must be equally long and not empty");
		}
	}

}
