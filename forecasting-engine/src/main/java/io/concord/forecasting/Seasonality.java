package io.concord.forecasting;

/**
 * Seasonality as the M4 benchmarks treat it: a 90% autocorrelation test at the seasonal
 * lag, and classical multiplicative decomposition (R's {@code decompose}) for the
 * seasonal indices.
 */
final class Seasonality {

	private static final double T_CRITICAL = 1.645;

	private Seasonality() {
	}

	/**
	 * Whether the series is seasonal with period {@code m}: at least three full seasons,
	 * and the autocorrelation at lag m beyond 1.645 of its standard error (Bartlett's
	 * formula over the lags before it).
	 */
	public static boolean isSeasonal(double[] series, int m) {
		if (m <= 1 || series.length < 3 * m) {
			return false;
		}
		// A multiplicative season needs positive values (every M4 series has them); a
		// series with zero days, as retail demand has, is left unadjusted rather than
		// divided by a zero index.
		for (double value : series) {
			if (value <= 0) {
				return false;
			}
		}
		double[] acf = autocorrelations(series, m);
		double sumSquares = 0;
		for (int k = 1; k < m; k++) {
			sumSquares += acf[k] * acf[k];
		}
		double limit = T_CRITICAL / Math.sqrt(series.length) * Math.sqrt(1 + 2 * sumSquares);
		return Math.abs(acf[m]) > limit;
	}

	/** Sample autocorrelations r_0..r_maxLag (r_0 = 1), about the series mean. */
	static double[] autocorrelations(double[] series, int maxLag) {
		int n = series.length;
		double mean = 0;
		for (double value : series) {
			mean += value;
		}
		mean /= n;
		double denominator = 0;
		for (double value : series) {
			denominator += (value - mean) * (value - mean);
		}
		double[] acf = new double[maxLag + 1];
		for (int k = 0; k <= maxLag; k++) {
			double numerator = 0;
			for (int t = 0; t < n - k; t++) {
				numerator += (series[t] - mean) * (series[t + k] - mean);
			}
			acf[k] = (denominator == 0) ? 0 : numerator / denominator;
		}
		return acf;
	}

	/**
	 * Multiplicative seasonal indices, one per position of the season starting with the
	 * series' first value, normalised to average 1: the series over its centred moving
	 * average (2×m for even m), averaged per position.
	 */
	public static double[] multiplicativeIndices(double[] series, int m) {
		int n = series.length;
		double[] ratioSums = new double[m];
		int[] ratioCounts = new int[m];
		int half = m / 2;
		for (int t = half; t < n - half; t++) {
			double trend;
			if (m % 2 == 0) {
				double sum = 0.5 * series[t - half] + 0.5 * series[t + half];
				for (int k = t - half + 1; k < t + half; k++) {
					sum += series[k];
				}
				trend = sum / m;
			}
			else {
				double sum = 0;
				for (int k = t - half; k <= t + half; k++) {
					sum += series[k];
				}
				trend = sum / m;
			}
			ratioSums[t % m] += series[t] / trend;
			ratioCounts[t % m]++;
		}
		double[] indices = new double[m];
		double mean = 0;
		for (int i = 0; i < m; i++) {
			indices[i] = ratioSums[i] / ratioCounts[i];
			mean += indices[i] / m;
		}
		for (int i = 0; i < m; i++) {
			indices[i] /= mean;
		}
		return indices;
	}

}
