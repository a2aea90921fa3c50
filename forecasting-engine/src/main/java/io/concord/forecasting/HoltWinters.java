package io.concord.forecasting;

import java.util.Arrays;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Additive-error exponential smoothing with an optional damped trend and an optional
 * additive season (Holt-Winters): the ETS(A,N,N), (A,Ad,N), (A,N,A) and (A,Ad,A) models
 * the automatic forecaster chooses among. Additive seasons suit retail demand, where days
 * with no sales are common (a multiplicative season cannot hold a zero).
 *
 * <p>
 * Smoothing parameters and the initial level are fitted by least squares with Nelder-Mead
 * (Hipparchus); the initial trend and season come from the first two seasons, which keeps
 * a fit to a few hundred evaluations of a single pass — fast enough for tens of thousands
 * of series a night. Prediction intervals use the ETS class 1 variance {@code v_h =
 * sigma^2 (1 + sum_{j<h} c_j^2)}, {@code c_j = alpha (1 + beta phi_j) +
 * gamma [j mod m = 0]} (Hyndman et al., Forecasting with Exponential Smoothing, 6.3).
 */
final class HoltWinters {

	/** A fitted model: its parameters, its last states and its in-sample fit. */
	public record Fit(double alpha, double beta, double gamma, double phi, boolean trended, int period, double level,
			double trend, double[] seasons, double sse, int observations, int parameters) {

		/** Point forecasts: {@code l + (phi + ... + phi^h) b + s_(n+h-m)}. */
		public double[] forecast(int horizon) {
			double[] forecast = new double[horizon];
			double damping = 0;
			double power = 1;
			for (int h = 0; h < horizon; h++) {
				power *= this.phi;
				damping += this.trended ? power : 0;
				forecast[h] = this.level + damping * this.trend + this.seasons[h % this.seasons.length];
			}
			return forecast;
		}

		/** The standard deviation of the h-step forecast error, for each step. */
		public double[] standardErrors(int horizon) {
			double sigma2 = this.sse / this.observations;
			double[] errors = new double[horizon];
			double sum = 0;
			double phiSum = 0;
			double power = 1;
			for (int h = 0; h < horizon; h++) {
				errors[h] = Math.sqrt(sigma2 * (1 + sum));
				power *= this.phi;
				phiSum += power;
				int j = h + 1;
				double c = this.alpha * (1 + (this.trended ? this.beta * phiSum : 0))
						+ ((this.period > 1 && j % this.period == 0) ? this.gamma : 0);
				sum += c * c;
			}
			return errors;
		}

		/** Corrected Akaike information criterion of the Gaussian likelihood. */
		public double aicc() {
			int n = this.observations;
			int k = this.parameters + 1;
			double variance = Math.max(this.sse / n, 1e-12);
			double penalty = (n - k - 1 > 0) ? 2.0 * k * (k + 1) / (n - k - 1) : Double.POSITIVE_INFINITY;
			return n * Math.log(variance) + 2 * k + penalty;
		}

		/** ETS name, e.g. {@code ETS(A,Ad,A)}. */
		public String name() {
			return "ETS(A," + (this.trended ? "Ad" : "N") + "," + ((this.period > 1) ? "A" : "N") + ")";
		}

	}

	private HoltWinters() {
	}

	/**
	 * Fits the model to {@code y}: a damped trend when {@code damped}, an additive season
	 * of {@code period} when it is above 1 (and the series holds two seasons).
	 */
	public static Fit fit(double[] y, int period, boolean damped) {
		int m = (period > 1 && y.length >= 2 * period) ? period : 1;
		double[] initial = initialStates(y, m, damped);
		double level0 = initial[0];
		double trend0 = initial[1];
		double[] season0 = Arrays.copyOfRange(initial, 2, initial.length);
		double scale = Math.max(1e-6, meanAbsolute(y));
		// Only the parameters the model has are searched: alpha and the initial level
		// (over
		// the series' scale), then beta and phi for a damped trend, then gamma's share.
		int dimensions = 2 + (damped ? 2 : 0) + ((m > 1) ? 1 : 0);
		double[] start = new double[dimensions];
		start[0] = -1;
		start[1] = level0 / scale;
		if (damped) {
			start[2] = -2;
			start[3] = 1.5;
		}
		if (m > 1) {
			start[dimensions - 1] = -2;
		}
		double[] best = minimise((p) -> evaluate(p, y, m, damped, scale, trend0, season0, false).sse(), start);
		int parameters = 2 + (damped ? 3 : 0) + ((m > 1) ? m : 0);
		Fit fit = evaluate(best, y, m, damped, scale, trend0, season0, true);
		return new Fit(fit.alpha(), fit.beta(), fit.gamma(), fit.phi(), damped, m, fit.level(), fit.trend(),
				fit.seasons(), fit.sse(), fit.observations(), parameters);
	}

	private static Fit evaluate(double[] p, double[] y, int m, boolean damped, double scale, double trend0,
			double[] season0, boolean keepStates) {
		double alpha = unit(p[0]);
		double beta = damped ? unit(p[2]) : 0;
		double phi = damped ? 0.8 + 0.18 * unit(p[3]) : 1;
		// Gamma stays within (0, 1 - alpha), the usual admissible region.
		double gamma = (m > 1) ? (1 - alpha) * unit(p[p.length - 1]) : 0;
		return run(y, m, alpha, beta, gamma, phi, damped, p[1] * scale, trend0, season0, keepStates);
	}

	/**
	 * Runs the recursions from given states: error {@code e = y - (l + phi b + s)}, level
	 * {@code l + phi b + alpha e}, trend {@code phi b + alpha beta e}, season
	 * {@code s + gamma e}. With {@code keepStates} the returned fit holds the seasons
	 * ordered for forecasting (index 0 is the step after the last observation).
	 */
	static Fit run(double[] y, int m, double alpha, double beta, double gamma, double phi, boolean trended,
			double level0, double trend0, double[] season0, boolean keepStates) {
		double level = level0;
		double trend = trended ? trend0 : 0;
		double dampedPhi = trended ? phi : 0;
		double[] seasons = (m > 1) ? season0.clone() : new double[] { 0 };
		int s = 0;
		double sse = 0;
		for (double value : y) {
			double season = seasons[s];
			double error = value - (level + dampedPhi * trend + season);
			sse += error * error;
			double previousTrend = trend;
			level = level + dampedPhi * previousTrend + alpha * error;
			trend = dampedPhi * previousTrend + alpha * beta * error;
			seasons[s] = season + gamma * error;
			s = (s + 1 == seasons.length) ? 0 : s + 1;
		}
		double[] ordered = seasons;
		if (keepStates && m > 1) {
			ordered = new double[m];
			for (int i = 0; i < m; i++) {
				ordered[i] = seasons[(s + i) % m];
			}
		}
		return new Fit(alpha, beta, gamma, phi, trended, m, level, trend, ordered, sse, y.length, 0);
	}

	/** Level, trend, then m seasons from the first two seasons (m = 1: first values). */
	static double[] initialStates(double[] y, int m, boolean trended) {
		double[] states = new double[2 + Math.max(m, 1)];
		if (m <= 1) {
			states[0] = y[0];
			states[1] = (trended && y.length > 1) ? y[1] - y[0] : 0;
			return states;
		}
		double first = 0;
		double second = 0;
		for (int i = 0; i < m; i++) {
			first += y[i] / m;
			second += y[m + i] / m;
		}
		states[0] = first;
		states[1] = trended ? (second - first) / m : 0;
		for (int i = 0; i < m; i++) {
			states[2 + i] = (y[i] + y[m + i]) / 2 - (first + second) / 2;
		}
		return states;
	}

	private static double unit(double x) {
		return 1 / (1 + Math.exp(-x));
	}

	private static double meanAbsolute(double[] y) {
		double sum = 0;
		for (double value : y) {
			sum += Math.abs(value);
		}
		return sum / y.length;
	}

	private static double[] minimise(java.util.function.ToDoubleFunction<double[]> objective, double[] start) {
		// At most 200 simplex iterations: the value checker reports convergence then
		// instead of the optimizer failing, so a slow fit ends with its best point.
		SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-7, 1e-10, 200));
		PointValuePair best = optimizer.optimize(new MaxEval(100_000),
				new ObjectiveFunction((point) -> objective.applyAsDouble(point)), GoalType.MINIMIZE,
				new InitialGuess(start), new NelderMeadSimplex(start.length));
		return best.getPoint();
	}

}
