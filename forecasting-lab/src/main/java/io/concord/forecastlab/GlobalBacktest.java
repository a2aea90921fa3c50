package io.concord.forecastlab;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;
import io.concord.forecasting.GlobalBoosting;

/**
 * The backtest command ({@link Backtest}: same options, same table) with three more
 * methods: {@code GBM}, the global gradient-boosted model ({@link GlobalBoosting},
 * trained once per run on all the histories), {@code Ensemble}, the plain mean of GBM and
 * the per-series selection, and {@code Service}: exactly what inventory-service's
 * forecast job runs, {@link CatalogueForecaster#forecast} with the run's periods and
 * horizon over all the histories at once (one training), intervals included.
 *
 * <pre>
 * java -jar forecasting-lab/target/forecasting-lab-0.1.0-SNAPSHOT-exec.jar \
 *   --input ../shared/datasets/m4/Hourly-train.csv --horizon 48 --period 24 --second-period 168
 * </pre>
 */
public final class GlobalBacktest {

	private GlobalBacktest() {
	}

	public static void main(String[] args) throws Exception {
		Backtest.run(args, GlobalBacktest::methods);
	}

	/**
	 * The production forecaster's settings for a backtest run: the daily settings' global
	 * model and calibration, with the run's periods and horizon and the whole history.
	 */
	static CatalogueForecaster.Settings serviceSettings(int period, int secondPeriod, int horizon) {
		CatalogueForecaster.Settings daily = CatalogueForecaster.Settings.daily(horizon);
		return new CatalogueForecaster.Settings(period, secondPeriod, horizon, daily.combine(), daily.boosting(),
				daily.globalWeight(), Integer.MAX_VALUE, daily.calibrationSeries());
	}

	static List<Backtest.Method> methods(int period, int secondPeriod, int horizon, List<double[]> histories,
			List<boolean[]> promotedPeriods) {
		long started = System.nanoTime();
		List<double[]> boosted = GlobalBoosting.forecast(histories, promotedPeriods, period, secondPeriod, horizon,
				GlobalBoosting.Settings.defaults());
		System.out.printf(Locale.ROOT, "GBM trained on %d series in %.1f s%n", histories.size(),
				(System.nanoTime() - started) / 1e9);
		Map<double[], double[]> byHistory = new IdentityHashMap<>();
		for (int i = 0; i < histories.size(); i++) {
			byHistory.put(histories.get(i), boosted.get(i));
		}
		Backtest.Forecaster gbm = (history, promoted, h) -> {
			double[] forecast = byHistory.get(history);
			// Too short for the model's features: the per-series selection instead.
			return (forecast != null) ? forecast : Backtest.selected(history, promoted, h, period, secondPeriod, 1);
		};
		Backtest.Forecaster ensemble = (history, promoted, h) -> {
			double[] a = gbm.forecast(history, promoted, h);
			double[] b = Backtest.selected(history, promoted, h, period, secondPeriod, 1);
			double[] mean = new double[h];
			for (int i = 0; i < h; i++) {
				mean[i] = (a[i] + b[i]) / 2;
			}
			return mean;
		};
		return List.of(new Backtest.Method("GBM", gbm), new Backtest.Method("Ensemble", ensemble), Backtest.Method
			.withIntervals("Service", service(period, secondPeriod, horizon, histories, promotedPeriods)));
	}

	/**
	 * The Service method: the whole catalogue forecast once through
	 * {@link CatalogueForecaster}, each history then looked up by identity.
	 */
	static Backtest.Probabilistic service(int period, int secondPeriod, int horizon, List<double[]> histories,
			List<boolean[]> promotedPeriods) {
		List<CatalogueForecaster.Input> inputs = new ArrayList<>();
		for (int i = 0; i < histories.size(); i++) {
			boolean[] promoted = (i < promotedPeriods.size()) ? promotedPeriods.get(i) : null;
			inputs.add(new CatalogueForecaster.Input(String.valueOf(i), histories.get(i), null, promoted, null));
		}
		long started = System.nanoTime();
		CatalogueForecaster.Result result = CatalogueForecaster.forecast(inputs,
				serviceSettings(period, secondPeriod, horizon));
		System.out.printf(Locale.ROOT,
				"Service (%s %s) on %d series in %.1f s, of which training %.1f s on %d rows; blend learned: %s%n",
				result.model().name(), result.model().version(), histories.size(), (System.nanoTime() - started) / 1e9,
				result.model().trainingSeconds(), result.model().trainingRows(), result.blend());
		Map<double[], DemandForecaster.Forecast> byHistory = new IdentityHashMap<>();
		for (int i = 0; i < histories.size(); i++) {
			byHistory.put(histories.get(i), result.forecasts().get(i));
		}
		return (history, promoted, h) -> {
			DemandForecaster.Forecast forecast = byHistory.get(history);
			if (forecast == null || h != horizon) {
				throw new IllegalArgumentException("Service forecasts only the run's histories, " + horizon + " ahead");
			}
			return forecast;
		};
	}

}
