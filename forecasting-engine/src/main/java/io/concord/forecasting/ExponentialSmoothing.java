package io.concord.forecasting;

import java.util.function.ToDoubleFunction;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Exponential smoothing with additive errors: simple (SES), Holt's linear trend, and the
 * damped trend. Smoothing parameters and initial states are fitted by minimising the
 * in-sample one-step squared errors with Nelder-Mead (Hipparchus); parameters are kept in
 * range by logistic transforms (alpha, beta in (0, 1), phi in [0.8, 0.98] as the forecast
 * package bounds it).
 */
final class ExponentialSmoothing {

	/** Fitted smoothing: the last level and trend, and the parameters. */
	public record Fit(double alpha, double beta, double phi, double level, double trend) {

		/** Forecasts h steps ahead: level + (phi + ... + phi^h) trend. */
		public double[] forecast(int horizon) {
			double[] forecast = new double[horizon];
			double damping = 0;
			double power = 1;
			for (int h = 0; h < horizon; h++) {
				power *= this.phi;
				damping += power;
				forecast[h] = this.level + damping * this.trend;
			}
			return forecast;
		}

	}

	private ExponentialSmoothing() {
	}

	public static Fit ses(double[] y) {
		double[] best = minimise((p) -> sse(y, unit(p[0]), 0, 1, p[1], 0, false), new double[] { 0, y[0] });
		return run(y, unit(best[0]), 0, 1, best[1], 0, false);
	}

	public static Fit holt(double[] y, boolean damped) {
		double slope = (y.length > 1) ? y[1] - y[0] : 0;
		double[] best = minimise((p) -> sse(y, unit(p[0]), unit(p[1]), damped ? phi(p[2]) : 1, p[3], p[4], true),
				new double[] { 0, -2, 0, y[0], slope });
		return run(y, unit(best[0]), unit(best[1]), damped ? phi(best[2]) : 1, best[3], best[4], true);
	}

	private static double unit(double x) {
		return 1 / (1 + Math.exp(-x));
	}

	private static double phi(double x) {
		return 0.8 + 0.18 * unit(x);
	}

	private static double sse(double[] y, double alpha, double beta, double phi, double level0, double trend0,
			boolean trended) {
		double level = level0;
		double trend = trended ? trend0 : 0;
		double sum = 0;
		for (double value : y) {
			double error = value - (level + phi * trend);
			sum += error * error;
			double previousTrend = trend;
			level = level + phi * previousTrend + alpha * error;
			trend = trended ? phi * previousTrend + alpha * beta * error : 0;
		}
		return sum;
	}

	static Fit run(double[] y, double alpha, double beta, double phi, double level0, double trend0, boolean trended) {
		double level = level0;
		double trend = trended ? trend0 : 0;
		for (double value : y) {
			double error = value - (level + phi * trend);
			double previousTrend = trend;
			level = level + phi * previousTrend + alpha * error;
			trend = trended ? phi * previousTrend + alpha * beta * error : 0;
		}
		return new Fit(alpha, beta, phi, level, trend);
	}

	private static double[] minimise(ToDoubleFunction<double[]> objective, double[] start) {
		// At most 4,000 simplex iterations: then the value checker reports convergence
		// and
		// the best point so far is used, instead of the optimizer failing (as it did on
		// noisy intermittent retail series).
		SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-9, 1e-12, 4000));
		PointValuePair best = optimizer.optimize(new MaxEval(Integer.MAX_VALUE),
				new ObjectiveFunction((point) -> objective.applyAsDouble(point)), GoalType.MINIMIZE,
				new InitialGuess(start), new NelderMeadSimplex(start.length));
		return best.getPoint();
	}

}
