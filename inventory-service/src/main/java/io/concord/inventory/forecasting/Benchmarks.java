package io.concord.inventory.forecasting;

import java.util.Arrays;

/**
 * The M4 competition's simplest benchmarks: Naive1 (the last value), seasonal naive (the
 * last season repeated) and Naive2 (the naive forecast of the seasonally adjusted series,
 * re-seasonalised; adjustment only when {@link Seasonality#isSeasonal} says so). Naive2
 * is the yardstick OWA divides by.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static double[] naive1(double[] series, int horizon) {
		double[] forecast = new double[horizon];
		Arrays.fill(forecast, series[series.length - 1]);
		return forecast;
	}

	public static double[] seasonalNaive(double[] series, int horizon, int m) {
		if (m <= 1 || series.length < m) {
			return naive1(series, horizon);
		}
		double[] forecast = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			forecast[h] = series[series.length - m + (h % m)];
		}
		return forecast;
	}

	public static double[] naive2(double[] series, int horizon, int m) {
		if (!Seasonality.isSeasonal(series, m)) {
			return naive1(series, horizon);
		}
		double[] indices = Seasonality.multiplicativeIndices(series, m);
		int n = series.length;
		double lastAdjusted = series[n - 1] / indices[(n - 1) % m];
		double[] forecast = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			forecast[h] = lastAdjusted * indices[(n + h) % m];
		}
		return forecast;
	}

}
