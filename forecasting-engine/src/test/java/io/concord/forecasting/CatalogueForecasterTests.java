package io.concord.forecasting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The production forecaster: calibrated intervals, censored demand, and the model it
 * reports.
 */
class CatalogueForecasterTests {

	private static final int HORIZON = 14;

	/** Small enough to train in a second or two, enough for these shapes. */
	private static final GlobalBoosting.Settings BOOSTING = new GlobalBoosting.Settings(120, 5, 0.1, 12);

	private static CatalogueForecaster.Settings settings() {
		return new CatalogueForecaster.Settings(7, 0, HORIZON, 1, BOOSTING, 0.5, 730, 5_000);
	}

	@Test
	void intervalsReachTheirNominalCoverageOnAFreshWindow() {
		SplittableRandom random = new SplittableRandom(11);
		int length = 210;
		List<CatalogueForecaster.Input> inputs = new ArrayList<>();
		List<double[]> futures = new ArrayList<>();
		for (int s = 0; s < 400; s++) {
			double level = 20 + 200 * random.nextDouble();
			// Noise of known size: normal with a standard deviation of 15% of the level.
			double[] y = new double[length + HORIZON];
			for (int t = 0; t < y.length; t++) {
				double weekly = 1 + ((t % 7 >= 5) ? 0.4 : 0);
				y[t] = Math.max(0, level * weekly * (1 + 0.15 * gaussian(random)));
			}
			inputs.add(CatalogueForecaster.Input.of("S" + s, Arrays.copyOf(y, length)));
			futures.add(Arrays.copyOfRange(y, length, y.length));
		}
		CatalogueForecaster.Result result = CatalogueForecaster.forecast(inputs, settings());
		double inside80 = 0;
		double inside95 = 0;
		for (int s = 0; s < inputs.size(); s++) {
			DemandForecaster.Forecast f = result.forecasts().get(s);
			inside80 += Accuracy.coverage(futures.get(s), f.lower80(), f.upper80());
			inside95 += Accuracy.coverage(futures.get(s), f.lower95(), f.upper95());
			for (int h = 0; h < HORIZON; h++) {
				assertThat(f.lower95()[h]).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(f.lower80()[h]);
				assertThat(f.upper95()[h]).isGreaterThanOrEqualTo(f.upper80()[h]);
			}
		}
		assertThat(inside80 / inputs.size()).as("80% interval coverage").isCloseTo(0.80, within(0.04));
		assertThat(inside95 / inputs.size()).as("95% interval coverage").isCloseTo(0.95, within(0.03));
		assertThat(result.model().name()).isEqualTo(CatalogueForecaster.MODEL);
		assertThat(result.model().version()).isEqualTo(CatalogueForecaster.VERSION);
		assertThat(result.model().trainingRows()).isPositive();
		assertThat(result.model().sha256()).hasSize(64);
	}

	/**
	 * A price cut planned for days 3 to 5 of the horizon (promotion-service's
	 * {@code PriceScheduled}, passed as the horizon's prices) lifts the production
	 * forecast on exactly those days, through the whole path: the global model's price
	 * features, the blend learned on the calibration window and the level. The history
	 * teaches the elasticity (irregular 20% cuts, constant elasticity -3: 1.95 times the
	 * units). The same catalogue without the planned cut is the baseline.
	 */
	@Test
	void aPlannedPriceCutLiftsTheForecastOnTheDaysItCovers() {
		SplittableRandom random = new SplittableRandom(5);
		int length = 7 * 40;
		List<CatalogueForecaster.Input> planned = new ArrayList<>();
		List<CatalogueForecaster.Input> unplanned = new ArrayList<>();
		for (int s = 0; s < 60; s++) {
			double regular = 5 + s % 10;
			double[] price = new double[length + HORIZON];
			for (int t = 0; t < length; t++) {
				boolean cut = Math.floorMod((t * 2654435761L + s * 131L) >>> 7, 6) == 0;
				price[t] = cut ? 0.8 * regular : regular;
			}
			double[] y = new double[length];
			for (int t = 0; t < length; t++) {
				y[t] = Math.max(0, (10 + s) * Math.pow(price[t] / regular, -3) * (1 + 0.05 * gaussian(random)));
			}
			double[] regularAhead = price.clone();
			Arrays.fill(regularAhead, length, length + HORIZON, regular);
			double[] cutAhead = regularAhead.clone();
			Arrays.fill(cutAhead, length + 2, length + 5, 0.8 * regular);
			planned.add(new CatalogueForecaster.Input("S" + s, y, null, null, cutAhead));
			unplanned.add(new CatalogueForecaster.Input("S" + s, y, null, null, regularAhead));
		}
		CatalogueForecaster.Settings learned = new CatalogueForecaster.Settings(7, 0, HORIZON, 1, BOOSTING,
				CatalogueForecaster.LEARNED, 730, 5_000);
		CatalogueForecaster.Result withCut = CatalogueForecaster.forecast(planned, learned);
		CatalogueForecaster.Result without = CatalogueForecaster.forecast(unplanned, learned);
		double cutDays = 0;
		double cutDaysBefore = 0;
		double otherDays = 0;
		double otherDaysBefore = 0;
		for (int s = 0; s < planned.size(); s++) {
			double[] after = withCut.forecasts().get(s).mean();
			double[] before = without.forecasts().get(s).mean();
			for (int h = 0; h < HORIZON; h++) {
				boolean cut = h >= 2 && h < 5;
				cutDays += cut ? after[h] : 0;
				cutDaysBefore += cut ? before[h] : 0;
				otherDays += cut ? 0 : after[h];
				otherDaysBefore += cut ? 0 : before[h];
			}
		}
		assertThat(cutDays / cutDaysBefore).as("lift on the cut days, blend %s", withCut.blend())
			.isCloseTo(Math.pow(0.8, -3), within(0.2));
		assertThat(otherDays / otherDaysBefore).as("the other days, blend %s", withCut.blend())
			.isCloseTo(1.0, within(0.05));
	}

	/**
	 * Slow movers (Poisson demand of 0.2 to 1.5 units a day, weekends busier): the median
	 * of a day's demand is often 0 or 1, well below its mean, and the absolute-error
	 * global model forecasts the median. The forecaster levels its blend to the mean on
	 * the calibration window, so over the catalogue its forecasts add up to the true mean
	 * demand (the known rates, not one noisy draw of it) within 5%.
	 */
	@Test
	void intermittentDemandIsForecastAtItsMeanNotItsMedian() {
		SplittableRandom random = new SplittableRandom(5);
		int length = 280;
		List<CatalogueForecaster.Input> inputs = new ArrayList<>();
		double trueMean = 0;
		for (int s = 0; s < 300; s++) {
			double rate = 0.2 + 1.3 * random.nextDouble();
			double[] y = new double[length];
			for (int t = 0; t < length; t++) {
				y[t] = poisson(random, rate * weekday(t));
			}
			for (int t = length; t < length + HORIZON; t++) {
				trueMean += rate * weekday(t);
			}
			inputs.add(CatalogueForecaster.Input.of("S" + s, y));
		}
		CatalogueForecaster.Result result = CatalogueForecaster.forecast(inputs,
				new CatalogueForecaster.Settings(7, 0, HORIZON, 1, BOOSTING, CatalogueForecaster.LEARNED, 730, 5_000));
		double forecast = result.forecasts().stream().flatMapToDouble((f) -> Arrays.stream(f.mean())).sum();
		assertThat(forecast / trueMean - 1).as("bias of the forecasts against the true mean")
			.isCloseTo(0, within(0.05));
		assertThat(result.blend()).as("levelled to the mean").doesNotContain("level x1.000");
	}

	private static double weekday(int t) {
		return (t % 7 >= 5) ? 1.6 : 0.8;
	}

	@Test
	void stockOutDaysAreForecastAsDemandNotAsZeroSales() {
		SplittableRandom random = new SplittableRandom(5);
		int length = 280;
		double rate = 10;
		List<CatalogueForecaster.Input> flagged = new ArrayList<>();
		List<CatalogueForecaster.Input> raw = new ArrayList<>();
		for (int s = 0; s < 60; s++) {
			double[] sales = new double[length];
			boolean[] censored = new boolean[length];
			for (int t = 0; t < length; t++) {
				sales[t] = poisson(random, rate);
			}
			// Out of stock on runs of days, more and more in the last five weeks: on
			// those days nothing sold whatever the demand.
			for (int t = length - 35; t < length; t++) {
				if (Math.floorMod(t + s, 5) < 3) {
					censored[t] = true;
					sales[t] = 0;
				}
			}
			flagged.add(new CatalogueForecaster.Input("S" + s, sales, censored, null, null));
			raw.add(CatalogueForecaster.Input.of("S" + s, sales));
		}
		double corrected = meanForecast(CatalogueForecaster.forecast(flagged, settings()));
		double uncorrected = meanForecast(CatalogueForecaster.forecast(raw, settings()));
		assertThat(corrected).as("with the stock-outs flagged").isCloseTo(rate, within(rate * 0.1));
		assertThat(uncorrected).as("sales taken as demand").isLessThan(rate * 0.8);
	}

	@Test
	void aCensoredDayTakesTheSameWeekdaysMeanUnlessMoreSold() {
		double[] history = { 4, 1, 1, 1, 1, 1, 1, 6, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 9 };
		boolean[] censored = new boolean[history.length];
		censored[14] = true;
		censored[21] = true;
		double[] demand = CatalogueForecaster.uncensored(history, censored, 7);
		assertThat(demand[14]).as("mean of days 7 and 0").isEqualTo(5);
		assertThat(demand[21]).as("9 sold: demand was at least that").isEqualTo(9);
		assertThat(Arrays.copyOf(demand, 14)).containsExactly(Arrays.copyOf(history, 14));
		assertThat(CatalogueForecaster.uncensored(history, null, 7)).isSameAs(history);
	}

	@Test
	void conformalQuantilesLeaveTheNominalTail() {
		double[] sorted = new double[99];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = i + 1;
		}
		// (n + 1) x 0.9 = 90: the 90th smallest; (n + 1) x 0.1 = 10: the 10th.
		assertThat(CatalogueForecaster.conformalQuantile(sorted, 0.9)).isEqualTo(90);
		assertThat(CatalogueForecaster.conformalQuantile(sorted, 0.1)).isEqualTo(10);
		assertThat(CatalogueForecaster.conformalQuantile(new double[] { 1, 2 }, 0.975)).isEqualTo(2);
		assertThat(CatalogueForecaster.conformalQuantile(new double[] { 1, 2 }, 0.025)).isEqualTo(1);
	}

	private static double meanForecast(CatalogueForecaster.Result result) {
		return result.forecasts().stream().flatMapToDouble((f) -> Arrays.stream(f.mean())).average().orElseThrow();
	}

	static double gaussian(SplittableRandom random) {
		double u = 1 - random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	static double poisson(SplittableRandom random, double mean) {
		double limit = Math.exp(-mean);
		double product = random.nextDouble();
		int count = 0;
		while (product > limit) {
			product *= random.nextDouble();
			count++;
		}
		return count;
	}

}
