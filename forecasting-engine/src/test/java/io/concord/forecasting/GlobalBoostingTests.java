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
			double level = 10 + 50 * s;
			double[] y = new double[24 * 20 + 12];
			for (int t = 0; t < y.length; t++) {
				y[t] = level * (1 + 0.5 * Math.sin(2 * Math.PI * t / 24)) * (1 + 0.02 * ((t * 7919 + s) % 5 - 2));
			}
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
	void featuresOfAnOriginReadNothingAfterIt() {
		GlobalBoosting model = new GlobalBoosting(24, 168, 48);
		double[] y = new double[400];
		Arrays.fill(y, 5);
		int origin = 360;
		for (int t = origin + 1; t < y.length; t++) {
			y[t] = Double.NaN;
		}
		for (int step = 1; step <= 48; step++) {
			float[] row = model.features(y, origin, step, model.scale(y, origin));
			for (float value : row) {
				assertThat(value).as("step " + step).isNotNaN();
			}
		}
		assertThat(GlobalBoosting.forecast(List.of(new double[10]), 24, 168, 48, GlobalBoosting.Settings.defaults()))
			.as("too short to describe: left to another method")
			.containsExactly((double[]) null);
	}

}
