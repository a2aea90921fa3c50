package io.concord.forecasting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Per-series model selection by a rolling-origin backtest: every candidate forecasts the
 * last {@code horizon} values from the history before them; the candidates are ranked by
 * their mean absolute error there, and the best (or the mean of the best few — combining
 * is what the M4 competition rewarded) forecasts from the full series. Each series thus
 * gets what has worked on it, whatever its shape.
 */
public final class RollingOrigin {

	/** A named forecasting method: (history, horizon) to point forecasts. */
	public record Candidate(String name, BiFunction<double[], Integer, double[]> method) {
	}

	/**
	 * The candidates ranked best first, and the forecast of the chosen (combined) ones.
	 */
	public record Choice(List<String> ranking, double[] forecast) {
	}

	private RollingOrigin() {
	}

	/**
	 * Ranks {@code candidates} on the series' last {@code horizon} values and forecasts
	 * with the mean of the best {@code combine}. A series too short to hold out
	 * {@code horizon} values (and keep {@code minimumHistory}) uses the first candidate.
	 */
	public static Choice select(double[] series, int horizon, List<Candidate> candidates, int combine,
			int minimumHistory) {
		if (candidates.isEmpty() || combine < 1) {
			throw new IllegalArgumentException("Need candidates and at least one to combine");
		}
		int n = series.length;
		if (n - horizon < minimumHistory || candidates.size() == 1) {
			return new Choice(candidates.stream().map(Candidate::name).toList(),
					candidates.get(0).method().apply(series, horizon));
		}
		double[] history = Arrays.copyOf(series, n - horizon);
		double[] errors = new double[candidates.size()];
		for (int c = 0; c < candidates.size(); c++) {
			double[] forecast = candidates.get(c).method().apply(history, horizon);
			double sum = 0;
			for (int h = 0; h < horizon; h++) {
				sum += Math.abs(series[n - horizon + h] - forecast[h]);
			}
			errors[c] = Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
		}
		List<Integer> order = new ArrayList<>();
		for (int c = 0; c < candidates.size(); c++) {
			order.add(c);
		}
		order.sort(Comparator.comparingDouble((Integer c) -> errors[c]));
		int chosen = Math.min(combine, order.size());
		double[] forecast = new double[horizon];
		for (int i = 0; i < chosen; i++) {
			double[] f = candidates.get(order.get(i)).method().apply(series, horizon);
			for (int h = 0; h < horizon; h++) {
				forecast[h] += f[h] / chosen;
			}
		}
		return new Choice(order.stream().map((c) -> candidates.get(c).name()).toList(), forecast);
	}

}
