package io.concord.forecasting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The M4 measures, seasonality and benchmarks against values worked out by hand. */
class BenchmarksAndAccuracyTests {

	/**
	 * 100 × (0.5, 1, 1.5, 1), five seasons: a flat level with an exact seasonal shape.
	 */
	private static final double[] SEASONAL = repeat(new double[] { 50, 100, 150, 100 }, 5);

	@Test
	void smapeAveragesTheSymmetricPercentageErrors() {
		// 200 × 10 / 210 = 9.5238 and 200 × 20 / 380 = 10.5263
		assertThat(Accuracy.smape(new double[] { 100, 200 }, new double[] { 110, 180 })).isCloseTo(10.02506,
				within(1e-5));
		assertThat(Accuracy.smape(new double[] { 0 }, new double[] { 0 })).isZero();
	}

	@Test
	void maseScalesByTheInSampleSeasonalNaiveError() {
		// In-sample naive errors 1, 2, 3 (mean 2); horizon errors 1 and 3 (mean 2).
		assertThat(Accuracy.mase(new double[] { 1, 2, 4, 7 }, new double[] { 8, 10 }, new double[] { 7, 7 }, 1))
			.isEqualTo(1.0);
		// Period 2: in-sample errors |2-1|, |4-3|, |3-2|, |5-4| = 1 each.
		assertThat(Accuracy.mase(new double[] { 1, 3, 2, 4, 3, 5 }, new double[] { 6 }, new double[] { 3 }, 2))
			.isEqualTo(3.0);
		assertThatThrownBy(() -> Accuracy.mase(new double[] { 1 }, new double[] { 1 }, new double[] { 1 }, 1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void pinballWeighsMissesByTheQuantileLevelAndScalesLikeMase() {
		// In-sample naive errors 1, 2, 3 (mean 2). tau 0.9: under-forecast by 4 costs
		// 0.9 x 4 = 3.6, over-forecast by 2 costs 0.1 x 2 = 0.2; mean 1.9, scaled 0.95.
		assertThat(Accuracy.pinball(new double[] { 1, 2, 4, 7 }, new double[] { 10, 6 }, new double[] { 6, 8 }, 0.9, 1))
			.isCloseTo(0.95, within(1e-12));
		// tau 0.1 on the same: 0.1 x 4 = 0.4 and 0.9 x 2 = 1.8; mean 1.1, scaled 0.55.
		assertThat(Accuracy.pinball(new double[] { 1, 2, 4, 7 }, new double[] { 10, 6 }, new double[] { 6, 8 }, 0.1, 1))
			.isCloseTo(0.55, within(1e-12));
		assertThat(Accuracy.pinball(new double[] { 1, 2, 4, 7 }, new double[] { 5 }, new double[] { 5 }, 0.5, 1))
			.isZero();
		assertThatThrownBy(
				() -> Accuracy.pinball(new double[] { 1, 2, 4, 7 }, new double[] { 5 }, new double[] { 5 }, 1, 1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void coverageCountsActualsInsideTheirBoundsInclusive() {
		assertThat(Accuracy.coverage(new double[] { 0, 5, 9, 12 }, new double[] { 0, 4, 4, 4 },
				new double[] { 2, 5, 8, 20 }))
			.isEqualTo(0.75);
	}

	@Test
	void owaAveragesTheRatiosToNaive2() {
		assertThat(Accuracy.owa(10, 1.2, 12.5, 1.5)).isCloseTo(0.8, within(1e-12));
	}

	@Test
	void seasonalityNeedsThreeSeasonsAndAStrongSeasonalAutocorrelation() {
		// r4 = 0.8 against a limit of 1.645/√20 × √(1 + 2 × 0.9²) = 0.595.
		assertThat(Seasonality.autocorrelations(SEASONAL, 4)[4]).isCloseTo(0.8, within(1e-12));
		assertThat(Seasonality.autocorrelations(SEASONAL, 4)[2]).isCloseTo(-0.9, within(1e-12));
		assertThat(Seasonality.isSeasonal(SEASONAL, 4)).isTrue();
		// Three seasons only: r4 = 0.667 against a limit of 0.734.
		assertThat(Seasonality.isSeasonal(repeat(new double[] { 50, 100, 150, 100 }, 3), 4)).isFalse();
		assertThat(Seasonality.isSeasonal(SEASONAL, 1)).isFalse();
		assertThat(Seasonality.isSeasonal(new double[] { 1, 2, 3, 4, 5 }, 4)).isFalse();
	}

	@Test
	void multiplicativeDecompositionRecoversTheSeasonalShape() {
		assertThat(Seasonality.multiplicativeIndices(SEASONAL, 4)).containsExactly(new double[] { 0.5, 1, 1.5, 1 },
				within(1e-12));
		// Odd period: (2, 4, 6) around a level of 4.
		assertThat(Seasonality.multiplicativeIndices(repeat(new double[] { 2, 4, 6 }, 4), 3))
			.containsExactly(new double[] { 0.5, 1, 1.5 }, within(1e-12));
	}

	@Test
	void benchmarksForecastAsTheCompetitionDid() {
		double[] series = { 3, 5, 4, 8 };
		assertThat(Benchmarks.naive1(series, 3)).containsExactly(8, 8, 8);
		assertThat(Benchmarks.seasonalNaive(series, 3, 2)).containsExactly(4, 8, 4);
		assertThat(Benchmarks.naive2(series, 2, 1)).as("not seasonal: Naive1").containsExactly(8, 8);
		// The last value (100 at a 1.0 position) deseasonalised, then the shape
		// re-applied
		// from the next position on.
		assertThat(Benchmarks.naive2(SEASONAL, 5, 4)).containsExactly(new double[] { 50, 100, 150, 100, 50 },
				within(1e-9));
	}

	private static double[] repeat(double[] season, int times) {
		double[] series = new double[season.length * times];
		for (int i = 0; i < series.length; i++) {
			series[i] = season[i % season.length];
		}
		return series;
	}

}
