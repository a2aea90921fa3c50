package io.concord.forecasting;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Holt-Winters, the intermittent methods, selection and the forecaster, by hand. */
class ForecastModelsTests {

	@Test
	void holtWintersMovesLevelAndSeasonByTheError() {
		// m = 2, l0 = 10, s = (1, -1), alpha = gamma = 0.5. y = 12: forecast 11, error 1,
		// level 10.5, s1 = 1.5. y = 8: forecast 9.5, error -1.5, level 9.75, s2 = -1.75.
		HoltWinters.Fit fit = HoltWinters.run(new double[] { 12, 8 }, 2, 0.5, 0, 0.5, 1, false, 10, 0,
				new double[] { 1, -1 }, true);
		assertThat(fit.level()).isEqualTo(9.75);
		assertThat(fit.sse()).isEqualTo(3.25);
		assertThat(fit.forecast(3)).containsExactly(11.25, 8.0, 11.25);
	}

	@Test
	void holtWintersIntervalsWidenByTheClassOneVariance() {
		// sigma^2 = sse / n = 1. SES alpha 0.5: v = 1, 1 + 0.25, 1 + 0.5.
		HoltWinters.Fit ses = new HoltWinters.Fit(0.5, 0, 0, 1, false, 1, 0, 0, new double[] { 0 }, 4, 4, 2);
		assertThat(ses.standardErrors(3)).containsExactly(new double[] { 1, Math.sqrt(1.25), Math.sqrt(1.5) },
				within(1e-12));
		// Season m = 2, gamma 0.5: c1 = 0.5, c2 = 0.5 + 0.5 = 1, so v3 = 1 + 0.25 + 1.
		HoltWinters.Fit seasonal = new HoltWinters.Fit(0.5, 0, 0.5, 1, false, 2, 0, 0, new double[] { 0, 0 }, 4, 4, 4);
		assertThat(seasonal.standardErrors(3)[2]).isCloseTo(1.5, within(1e-12));
		// Damped trend, beta 0.5, phi 0.9: c1 = 0.5 (1 + 0.5 * 0.9) = 0.725.
		HoltWinters.Fit damped = new HoltWinters.Fit(0.5, 0.5, 0, 0.9, true, 1, 0, 0, new double[] { 0 }, 4, 4, 5);
		assertThat(damped.standardErrors(2)[1]).isCloseTo(Math.sqrt(1 + 0.725 * 0.725), within(1e-12));
	}

	@Test
	void holtWintersFitsAWeeklyPattern() {
		double[] week = { 10, 12, 14, 12, 10, 30, 40 };
		double[] y = new double[8 * 7];
		for (int t = 0; t < y.length; t++) {
			y[t] = week[t % 7];
		}
		HoltWinters.Fit fit = HoltWinters.fit(y, 7, false);
		assertThat(fit.forecast(7)).containsExactly(week, within(1e-3));
		assertThat(fit.name()).isEqualTo("ETS(A,N,A)");
	}

	@Test
	void crostonSmoothsSizesAndIntervalsAndSbaRemovesItsBias() {
		// y = 0,5,0,0,0,1; alpha 0.5. First demand at t=1: size 5, interval 2 (rate 2.5).
		// t=2..4 forecast 2.5 for 0 (3 x 6.25); t=5: 2.5 for 1 (2.25); then size
		// 5 + 0.5 (1 - 5) = 3, interval 2 + 0.5 (4 - 2) = 3: rate 1.
		double[] y = { 0, 5, 0, 0, 0, 1 };
		Intermittent.Fit croston = Intermittent.croston(y, 0.5);
		assertThat(croston.rate()).isCloseTo(1, within(1e-12));
		assertThat(croston.sse()).isCloseTo(21, within(1e-12));
		assertThat(Intermittent.sba(y, 0.5).rate()).isCloseTo(0.75, within(1e-12));
		assertThat(croston.forecast(3)).containsExactly(new double[] { 1, 1, 1 }, within(1e-12));
	}

	@Test
	void tsbDecaysTheProbabilityOfASaleEveryDay() {
		// y = 0,4,0,4; alpha = beta = 0.5. t=1: size 4, probability 1/2. t=2: forecast 2
		// for 0, probability 0.25. t=3: forecast 1 for 4, size 4, probability 0.625.
		Intermittent.Fit tsb = Intermittent.tsb(new double[] { 0, 4, 0, 4 }, 0.5, 0.5);
		assertThat(tsb.rate()).isCloseTo(2.5, within(1e-12));
		assertThat(tsb.sse()).isCloseTo(13, within(1e-12));
		// An item that stopped selling fades out under TSB, not under Croston.
		double[] stopped = new double[60];
		for (int t = 0; t < 20; t += 2) {
			stopped[t] = 3;
		}
		assertThat(Intermittent.tsb(stopped, 0.2, 0.2).rate()).isLessThan(0.01);
		assertThat(Intermittent.croston(stopped, 0.2).rate()).isGreaterThan(1);
		assertThat(Intermittent.averageDemandInterval(stopped)).isEqualTo(6.0);
	}

	@Test
	void rollingOriginRanksOnTheHeldOutValuesAndCombinesTheBest() {
		double[] y = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		RollingOrigin.Candidate zero = new RollingOrigin.Candidate("Zero", (s, h) -> new double[h]);
		RollingOrigin.Candidate naive = new RollingOrigin.Candidate("Naive", Benchmarks::naive1);
		// Held out 9, 10: Zero errs 19, Naive (8, 8) errs 3.
		RollingOrigin.Choice best = RollingOrigin.select(y, 2, List.of(zero, naive), 1, 4);
		assertThat(best.ranking()).containsExactly("Naive", "Zero");
		assertThat(best.forecast()).containsExactly(10, 10);
		assertThat(RollingOrigin.select(y, 2, List.of(zero, naive), 2, 4).forecast()).containsExactly(5, 5);
		assertThat(RollingOrigin.select(y, 2, List.of(zero, naive), 1, 9).forecast()).as("too short: the first")
			.containsExactly(0, 0);
	}

	@Test
	void inverseErrorCombinationWeightsEachCandidateByHowWellItDidOnTheHeldOutValues() {
		double[] y = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		RollingOrigin.Candidate zero = new RollingOrigin.Candidate("Zero", (s, h) -> new double[h]);
		RollingOrigin.Candidate naive = new RollingOrigin.Candidate("Naive", Benchmarks::naive1);
		RollingOrigin.Candidate broken = new RollingOrigin.Candidate("Broken", (s, h) -> {
			double[] f = new double[h];
			Arrays.fill(f, Double.NaN);
			return f;
		});
		// Held out 9, 10: Zero errs 19, Naive 3, so weights 1/19 and 1/3 on 0 and 10;
		// a candidate that cannot forecast gets none.
		RollingOrigin.Ranking ranking = RollingOrigin.rank(y, 2, List.of(zero, naive, broken), 4);
		double expected = 10 * (1.0 / 3) / (1.0 / 3 + 1.0 / 19);
		assertThat(ranking.inverseError(Integer.MAX_VALUE)).containsExactly(new double[] { expected, expected },
				within(1e-9));
		assertThat(ranking.best(1)).containsExactly(10, 10);
		assertThat(ranking.inverseError(1)).as("the best alone").containsExactly(10, 10);
		RollingOrigin.Candidate exact = new RollingOrigin.Candidate("Exact", (s, h) -> new double[] { 9, 10 });
		assertThat(RollingOrigin.rank(y, 2, List.of(zero, exact, naive), 4).inverseError(3))
			.as("a candidate without error takes it all")
			.containsExactly(9, 10);
		assertThat(RollingOrigin.rank(y, 2, List.of(zero, naive), 9).inverseError(2)).as("too short: the first")
			.containsExactly(0, 0);
	}

	@Test
	void theForecasterPicksAFamilyByTheDemandsShapeAndBoundsItsIntervals() {
		double[] week = { 10, 12, 14, 12, 10, 30, 40 };
		double[] seasonal = new double[16 * 7];
		for (int t = 0; t < seasonal.length; t++) {
			seasonal[t] = week[t % 7] + ((t * 7919) % 5 - 2);
		}
		DemandForecaster.Forecast smooth = DemandForecaster.forecast(seasonal, 14, DemandForecaster.Options.daily());
		assertThat(smooth.model()).endsWith(",A)");
		assertThat(smooth.mean()[6]).isCloseTo(40, within(3.0));
		for (int h = 0; h < 14; h++) {
			assertThat(smooth.lower95()[h]).isLessThanOrEqualTo(smooth.lower80()[h]);
			assertThat(smooth.lower80()[h]).isLessThanOrEqualTo(smooth.mean()[h]);
			assertThat(smooth.mean()[h]).isLessThanOrEqualTo(smooth.upper80()[h]);
			assertThat(smooth.upper80()[h]).isLessThan(smooth.upper95()[h]);
		}
		double[] sparse = new double[120];
		for (int t = 3; t < sparse.length; t += 5) {
			sparse[t] = 2;
		}
		DemandForecaster.Forecast intermittent = DemandForecaster.forecast(sparse, 7, DemandForecaster.Options.daily());
		assertThat(intermittent.model()).isIn("Croston", "SBA", "TSB");
		assertThat(intermittent.mean()[0]).isCloseTo(0.4, within(0.1));
		assertThat(intermittent.lower95()).containsOnly(0.0);
		assertThat(DemandForecaster.forecast(new double[30], 7, DemandForecaster.Options.daily()).model())
			.isEqualTo("Zero");
	}

	@Test
	void plannedPromotionsLiftTheDaysTheyCover() {
		// One promoted day at 3x: lift (1 x 3 + 3 x 1) / (1 + 3) = 1.5.
		assertThat(DemandForecaster.lift(new double[] { 10, 10, 30, 10 }, new boolean[] { false, false, true, false }))
			.isEqualTo(1.5);
		double[] y = new double[70];
		boolean[] promoted = new boolean[70];
		Arrays.fill(y, 10);
		for (int t = 6; t < 70; t += 7) {
			y[t] = 30;
			promoted[t] = true;
		}
		boolean[] future = { true, false };
		DemandForecaster.Forecast forecast = DemandForecaster.forecast(y, promoted, future, 2,
				new DemandForecaster.Options(1, 730));
		// Ten promoted days (t = 6, 13, ..., 69) at 3x: lift (10 x 3 + 3) / 13; the
		// cleaned
		// history is
		assertThat(forecast.promotionLift()).isCloseTo(33.0 / 13, within(1e-12));
		assertThat(forecast.mean()[0] / forecast.mean()[1]).isCloseTo(33.0 / 13, within(1e-9));
		assertThat(forecast.mean()[1]).isCloseTo(10, within(1.5));
	}

}
