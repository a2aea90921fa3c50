package io.concord.forecastlab;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.concord.forecasting.GlobalBoosting;

/**
 * The backtest command ({@link Backtest}: same options, same table) with two more
 * methods: {@code GBM}, the global gradient-boosted model ({@link GlobalBoosting},
 * trained once per run on all the histories), and {@code Ensemble}, the mean of GBM and
 * the per-series selection.
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

	static List<Backtest.Method> methods(int period, int secondPeriod, int horizon, List<double[]> histories,
			List<boolean[]> promotedPeriods) {
		long started = System.nanoTime();
		List<double[]> boosted = GlobalBoosting.forecast(histories, promotedPeriods, period, secondPeriod, horizon,
				GlobalBoosting.Settings.defaults());
		System.out.printf(java.util.Locale.ROOT, "GBM trained on %d series in %.1f s%n", histories.size(),
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
		return List.of(new Backtest.Method("GBM", gbm), new Backtest.Method("Ensemble", ensemble));
	}

}
