package io.concord.forecasting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The smoothing recursions by hand, and fitted models where the answer is known. */
class ExponentialSmoothingTests {

	@Test
	void simpleSmoothingMovesTheLevelByAlphaTimesTheError() {
		// l0 = 10; y = 12: error 2, level 11; y = 8: error -3, level 9.5.
		ExponentialSmoothing.Fit fit = ExponentialSmoothing.run(new double[] { 12, 8 }, 0.5, 0, 1, 10, 0, false);
		assertThat(fit.level()).isEqualTo(9.5);
		assertThat(fit.forecast(2)).containsExactly(9.5, 9.5);
	}

	@Test
	void holtMovesLevelAndTrendAndDampingShrinksTheTrend() {
		// l0 = 10, b0 = 1; y = 12: error 12 - 11 = 1, level 11.5, trend 1 + 0.25 = 1.25.
		ExponentialSmoothing.Fit fit = ExponentialSmoothing.run(new double[] { 12 }, 0.5, 0.5, 1, 10, 1, true);
		assertThat(fit.forecast(2)).containsExactly(12.75, 14.0);
		assertThat(new ExponentialSmoothing.Fit(0.5, 0.5, 0.9, 10, 1).forecast(2))
			.containsExactly(new double[] { 10.9, 11.71 }, within(1e-12));
	}

	@Test
	void fittedModelsFindWhatTheDataSays() {
		double[] step = { 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5 };
		assertThat(ExponentialSmoothing.ses(step).forecast(1)[0]).isCloseTo(5, within(0.05));
		double[] line = new double[20];
		for (int t = 0; t < line.length; t++) {
			line[t] = 2 * t + 1;
		}
		assertThat(ExponentialSmoothing.holt(line, false).forecast(2)).containsExactly(new double[] { 41, 43 },
				within(1e-3));
		double[] damped = ExponentialSmoothing.holt(line, true).forecast(3);
		assertThat(damped[0]).isBetween(39.0, 41.0 + 1e-6);
		assertThat(damped[2] - damped[1]).as("the trend shrinks").isLessThan(damped[1] - damped[0] + 1e-9);
	}

	@Test
	void thetaAddsHalfTheTrendToSimpleSmoothing() {
		double[] line = new double[20];
		for (int t = 0; t < line.length; t++) {
			line[t] = 2 * t + 1;
		}
		assertThat(Benchmarks.slope(new double[] { 1, 3, 5 })).isEqualTo(2.0);
		// SES follows the line closely (alpha near 1), then half the slope per step: 39 +
		// h.
		assertThat(Benchmarks.theta(line, 2, 1)).containsExactly(new double[] { 40, 41 }, within(0.1));
		double[] comb = Benchmarks.comb(line, 1, 1);
		assertThat(comb[0]).isBetween(39.0, 41.0 + 1e-6);
	}

}
