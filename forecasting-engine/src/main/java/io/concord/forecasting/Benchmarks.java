package io.concord.forecasting;

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

	/**
	 * SES on the seasonally adjusted series, re-seasonalised (the M4 "SES" benchmark).
	 */
	public static double[] ses(double[] series, int horizon, int m) {
		return adjusted(series, horizon, m, (y, h) -> ExponentialSmoothing.ses(y).forecast(h));
	}

	public static double[] holt(double[] series, int horizon, int m) {
		return adjusted(series, horizon, m, (y, h) -> ExponentialSmoothing.holt(y, false).forecast(h));
	}

	public static double[] damped(double[] series, int horizon, int m) {
		return adjusted(series, horizon, m, (y, h) -> ExponentialSmoothing.holt(y, true).forecast(h));
	}

	/**
	 * Theta (Assimakopoulos and Nikolopoulos, as Hyndman and Billah show it): SES plus
	 * half the slope of the series' linear trend,
	 * {@code b/2 (h - 1 + (1 - (1-alpha)^n)/alpha)}.
	 */
	public static double[] theta(double[] series, int horizon, int m) {
		return adjusted(series, horizon, m, (y, h) -> {
			ExponentialSmoothing.Fit fit = ExponentialSmoothing.ses(y);
			double halfSlope = slope(y) / 2;
			double alpha = fit.alpha();
			double[] forecast = fit.forecast(h);
			double start = (1 - Math.pow(1 - alpha, y.length)) / alpha;
			for (int i = 0; i < h; i++) {
				forecast[i] += halfSlope * (i + start);
			}
			return forecast;
		});
	}

	/** The average of SES, Holt and damped (the M4 "Comb" benchmark). */
	public static double[] comb(double[] series, int horizon, int m) {
		double[] ses = ses(series, horizon, m);
		double[] holt = holt(series, horizon, m);
		double[] damped = damped(series, horizon, m);
		double[] forecast = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			forecast[h] = (ses[h] + holt[h] + damped[h]) / 3;
		}
		return forecast;
	}

	/** Least-squares slope of the series against time. */
	static double slope(double[] y) {
		int n = y.length;
		double meanT = (n - 1) / 2.0;
		double meanY = 0;
		for (double value : y) {
			meanY += value / n;
		}
		double covariance = 0;
		double variance = 0;
		for (int t = 0; t < n; t++) {
			covariance += (t - meanT) * (y[t] - meanY);
			variance += (t - meanT) * (t - meanT);
		}
		return (variance == 0) ? 0 : covariance / variance;
	}

	/**
	 * Forecasts the multiplicatively deseasonalised series when it is seasonal (as Naive2
	 * decides), then puts the season back.
	 */
	private static double[] adjusted(double[] series, int horizon, int m,
			java.util.function.BiFunction<double[], Integer, double[]> model) {
		if (!Seasonality.isSeasonal(series, m)) {
			return model.apply(series, horizon);
		}
		double[] indices = Seasonality.multiplicativeIndices(series, m);
		double[] adjusted = new double[series.length];
		for (int t = 0; t < series.length; t++) {
			adjusted[t] = series[t] / indices[t % m];
		}
		double[] forecast = model.apply(adjusted, horizon);
		for (int h = 0; h < horizon; h++) {
			forecast[h] *= indices[(series.length + h) % m];
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
