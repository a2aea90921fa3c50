package io.concord.forecasting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

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
	 * Every candidate's absolute error on the series' last {@code horizon} values
	 * (forecast from the history before them), from which {@link Ranking#best} selects
	 * and {@link Ranking#inverseError} combines; each candidate's forecast of the full
	 * series is made once, when first asked for. A series too short to hold out
	 * {@code horizon} values (and keep {@code minimumHistory}) has no errors: both then
	 * give the first candidate.
	 */
	public static Ranking rank(double[] series, int horizon, List<Candidate> candidates, int minimumHistory) {
		if (candidates.isEmpty()) {
			throw new IllegalArgumentException("Need candidates");
		}
		int n = series.length;
		if (n - horizon < minimumHistory || candidates.size() == 1) {
			return new Ranking(series, horizon, candidates, null);
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
		return new Ranking(series, horizon, candidates, errors);
	}

	/** The candidates' errors on one series' last values (see {@link #rank}). */
	public static final class Ranking {

		private final double[] series;

		private final int horizon;

		private final List<Candidate> candidates;

		private final double @Nullable [] errors;

		private final double[][] forecasts;

		private Ranking(double[] series, int horizon, List<Candidate> candidates, double @Nullable [] errors) {
			this.series = series;
			this.horizon = horizon;
			this.candidates = candidates;
			this.errors = errors;
			this.forecasts = new double[candidates.size()][];
		}

		/** The mean of the best {@code combine} candidates' forecasts. */
		public double[] best(int combine) {
			if (this.errors == null) {
				return forecast(0);
			}
			List<Integer> order = order();
			int chosen = Math.min(Math.max(1, combine), order.size());
			double[] forecast = new double[this.horizon];
			for (int i = 0; i < chosen; i++) {
				double[] f = forecast(order.get(i));
				for (int h = 0; h < this.horizon; h++) {
					forecast[h] += f[h] / chosen;
				}
			}
			return forecast;
		}

		/**
		 * The best {@code top} candidates' forecasts weighted by the inverse of their
		 * error: what has worked on the series counts most, but one window of
		 * {@code horizon} values does not decide alone (selecting the single best on so
		 * short a window is mostly noise). A candidate without error there gets it all.
		 */
		public double[] inverseError(int top) {
			double[] errors = this.errors;
			if (errors == null) {
				return forecast(0);
			}
			List<Integer> order = order();
			int chosen = Math.min(Math.max(1, top), order.size());
			double least = errors[order.get(0)];
			if (Double.isInfinite(least)) {
				return forecast(0);
			}
			double[] forecast = new double[this.horizon];
			double total = 0;
			for (int i = 0; i < chosen; i++) {
				int c = order.get(i);
				if (Double.isInfinite(errors[c]) || (least == 0 && errors[c] > 0)) {
					continue;
				}
				double[] f = forecast(c);
				double weight = (least == 0) ? 1 : 1 / errors[c];
				boolean finite = true;
				for (double v : f) {
					finite &= Double.isFinite(v);
				}
				if (!finite) {
					continue;
				}
				total += weight;
				for (int h = 0; h < this.horizon; h++) {
					forecast[h] += weight * f[h];
				}
			}
			if (total == 0) {
				return forecast(0);
			}
			for (int h = 0; h < this.horizon; h++) {
				forecast[h] /= total;
			}
			return forecast;
		}

		private List<Integer> order() {
			List<Integer> order = new ArrayList<>();
			for (int c = 0; c < this.candidates.size(); c++) {
				order.add(c);
			}
			double[] errors = this.errors;
			if (errors != null) {
				order.sort(Comparator.comparingDouble((Integer c) -> errors[c]));
			}
			return order;
		}

		private double[] forecast(int candidate) {
			if (this.forecasts[candidate] == null) {
				this.forecasts[candidate] = this.candidates.get(candidate).method().apply(this.series, this.horizon);
			}
			return this.forecasts[candidate];
		}

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
