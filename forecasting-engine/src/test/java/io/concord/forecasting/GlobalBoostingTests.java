package io.concord.forecasting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The global model learns a shared shape across scales and never reads the future. */
class GlobalBoostingTests {

	@Test
	void oneModelForecastsSeriesOfDifferentScalesThatShareASeason() {
		List<double[]> histories = new ArrayList<>();
		List<double[]> futures = new ArrayList<>();
		for (int s = 0; s < 60; s++) {
			double[] y = seasonal(s, 10 + 50 * s, 0.5, 24, 0, 24 * 20 + 12);
			histories.add(Arrays.copyOf(y, y.length - 12));
			futures.add(Arrays.copyOfRange(y, y.length - 12, y.length));
		}
		List<double[]> forecasts = GlobalBoosting.forecast(histories, 24, 0, 12,
				new GlobalBoosting.Settings(200, 6, 0.1, 12));
		double error = 0;
		double total = 0;
		for (int s = 0; s < histories.size(); s++) {
			for (int h = 0; h < 12; h++) {
				error += Math.abs(forecasts.get(s)[h] - futures.get(s)[h]);
				total += futures.get(s)[h];
			}
		}
		assertThat(error / total).as("WAPE of the shared daily shape").isLessThan(0.05);
	}

	@Test
	void weeklySeriesShorterThanTwoYearsGetTheModelsForecastOfTheirYearlyShape() {
		// Weekly data (no short season, a 52-week year): long series teach the yearly
		// shape, and the short ones (80 weeks, under the two years the values two seasons
		// back need) are forecast by the model too, from a year of lags.
		List<double[]> histories = new ArrayList<>();
		List<double[]> futures = new ArrayList<>();
		for (int s = 0; s < 40; s++) {
			int length = (s % 4 == 0) ? 80 + 13 : 300 + 13;
			double[] y = seasonal(s, 20 + 30 * s, 0.6, 52, (s * 5) % 52, length);
			histories.add(Arrays.copyOf(y, y.length - 13));
			futures.add(Arrays.copyOfRange(y, y.length - 13, y.length));
		}
		List<double[]> forecasts = GlobalBoosting.forecast(histories, 1, 52, 13,
				new GlobalBoosting.Settings(200, 6, 0.1, 24));
		double error = 0;
		double naiveError = 0;
		double total = 0;
		for (int s = 0; s < histories.size(); s += 4) {
			double[] history = histories.get(s);
			assertThat(forecasts.get(s)).as("series %d, %d weeks", s, history.length).isNotNull();
			for (int h = 0; h < 13; h++) {
				error += Math.abs(forecasts.get(s)[h] - futures.get(s)[h]);
				naiveError += Math.abs(history[history.length - 1] - futures.get(s)[h]);
				total += futures.get(s)[h];
			}
		}
		assertThat(error / total).as("WAPE of the short series' yearly shape").isLessThan(0.10);
		assertThat(error).as("against the last value carried forward").isLessThan(naiveError / 2);
	}

	@Test
	void plannedPromotionsLiftTheDaysTheyCover() {
		List<double[]> histories = new ArrayList<>();
		List<boolean[]> promoted = new ArrayList<>();
		for (int s = 0; s < 40; s++) {
			int length = 7 * 40;
			boolean[] promo = new boolean[length + 14];
			// Irregular days, so only the planned-promotion feature can tell them.
			for (int t = 0; t < promo.length; t++) {
				promo[t] = Math.floorMod((t * 2654435761L + s * 97L) >>> 7, 6) == 0;
			}
			double[] y = new double[length];
			for (int t = 0; t < length; t++) {
				y[t] = (10 + s) * (promo[t] ? 3 : 1);
			}
			histories.add(y);
			promoted.add(promo);
		}
		List<double[]> forecasts = GlobalBoosting.forecast(histories, promoted, 7, 0, 14,
				new GlobalBoosting.Settings(200, 6, 0.1, 20));
		for (int s = 0; s < histories.size(); s++) {
			boolean[] promo = promoted.get(s);
			int length = histories.get(s).length;
			for (int h = 0; h < 14; h++) {
				double expected = (10 + s) * (promo[length + h] ? 3 : 1);
				assertThat(forecasts.get(s)[h]).as("series %d, day %d", s, h)
					.isCloseTo(expected, org.assertj.core.api.Assertions.within(expected * 0.25));
			}
		}
	}

	@Test
	void plannedPriceCutsLiftTheDaysTheyCoverByTheLearnedElasticity() {
		List<double[]> histories = new ArrayList<>();
		List<GlobalBoosting.Covariates> covariates = new ArrayList<>();
		int length = 7 * 40;
		for (int s = 0; s < 40; s++) {
			double[] price = new double[length + 14];
			double regular = 5 + s;
			for (int t = 0; t < price.length; t++) {
				// Irregular cuts of 20%, so only the price features can tell them.
				boolean cut = Math.floorMod((t * 2654435761L + s * 131L) >>> 7, 6) == 0;
				price[t] = cut ? 0.8 * regular : regular;
			}
			double[] y = new double[length];
			for (int t = 0; t < length; t++) {
				// Constant elasticity -3: a 20% cut sells 0.8^-3 = 1.95 times as much.
				y[t] = (10 + s) * Math.pow(price[t] / regular, -3);
			}
			histories.add(y);
			covariates.add(new GlobalBoosting.Covariates(null, price, null));
		}
		List<double[]> forecasts;
		try (GlobalBoosting.Trained trained = GlobalBoosting.train(histories, covariates, 7, 0, 14,
				new GlobalBoosting.Settings(200, 6, 0.1, 20), 0)) {
			forecasts = trained.forecastWith(histories, covariates);
		}
		int cuts = 0;
		for (int s = 0; s < histories.size(); s++) {
			double[] price = covariates.get(s).price();
			for (int h = 0; h < 14; h++) {
				boolean cut = price[length + h] < 5 + s;
				cuts += cut ? 1 : 0;
				double expected = (10 + s) * (cut ? Math.pow(0.8, -3) : 1);
				assertThat(forecasts.get(s)[h]).as("series %d, day %d", s, h)
					.isCloseTo(expected, org.assertj.core.api.Assertions.within(expected * 0.2));
			}
		}
		assertThat(cuts).as("planned cuts in the horizon").isGreaterThan(20);
	}

	@Test
	void censoredPeriodsAreNeverLabelsAndTheRowCapHolds() {
		List<double[]> histories = new ArrayList<>();
		List<GlobalBoosting.Covariates> censoredAll = new ArrayList<>();
		for (int s = 0; s < 30; s++) {
			double[] y = new double[200];
			Arrays.fill(y, 3 + s);
			histories.add(y);
			boolean[] censored = new boolean[200];
			Arrays.fill(censored, true);
			censoredAll.add(new GlobalBoosting.Covariates(null, null, censored));
		}
		try (GlobalBoosting.Trained trained = GlobalBoosting.train(histories, censoredAll, 7, 0, 14,
				new GlobalBoosting.Settings(10, 3, 0.1, 12), 0)) {
			assertThat(trained.rows()).as("every target censored: nothing to learn from").isZero();
		}
		List<GlobalBoosting.Covariates> none = histories.stream().map((h) -> GlobalBoosting.Covariates.NONE).toList();
		try (GlobalBoosting.Trained all = GlobalBoosting.train(histories, none, 7, 0, 14,
				new GlobalBoosting.Settings(10, 3, 0.1, 12), 0);
				GlobalBoosting.Trained capped = GlobalBoosting.train(histories, none, 7, 0, 14,
						new GlobalBoosting.Settings(10, 3, 0.1, 12, 1_000), 0)) {
			assertThat(all.rows()).isGreaterThan(4_000);
			assertThat(capped.rows()).isLessThanOrEqualTo(1_000).isGreaterThan(500);
		}
	}

	@Test
	void featuresOfAnOriginReadNothingAfterIt() {
		GlobalBoosting model = new GlobalBoosting(24, 168, 48);
		double[] y = new double[400];
		Arrays.fill(y, 5);
		int origin = 360;
		for (int t = origin + 1; t < y.length; t++) {
			y[t] = Double.NaN;
		}
		// Prices are known ahead (planned), so they cover the horizon; sales do not.
		double[] price = new double[origin + 49];
		Arrays.fill(price, 10);
		GlobalBoosting.Covariates known = new GlobalBoosting.Covariates(new boolean[origin + 49], price, null);
		for (int step = 1; step <= 48; step++) {
			float[] row = model.features(y, known, origin, step, model.scale(y, origin),
					model.regularPrice(price, origin));
			for (float value : row) {
				assertThat(value).as("step " + step).isNotNaN();
			}
		}
		assertThat(GlobalBoosting.forecast(List.of(new double[10]), 24, 168, 48, GlobalBoosting.Settings.defaults()))
			.as("too short to describe: left to another method")
			.containsExactly((double[]) null);
	}

	/**
	 * Series {@code s}: a sine season of {@code period} around {@code level}, shifted by
	 * {@code phase}, with ±4% of deterministic noise.
	 */
	private static double[] seasonal(int s, double level, double amplitude, int period, int phase, int length) {
		double[] y = new double[length];
		for (int t = 0; t < length; t++) {
			y[t] = level * (1 + amplitude * Math.sin(2 * Math.PI * (t + phase) / period))
					* (1 + 0.02 * ((t * 7919 + s) % 5 - 2));
		}
		return y;
	}

}
