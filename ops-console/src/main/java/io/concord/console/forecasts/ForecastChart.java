package io.concord.console.forecasts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * One location's chart: the daily sales history, then the forecast mean with its 80% and
 * 95% bands, on one date axis. A band is drawn as its lower bound plus its width stacked
 * on it (how echarts fills between two lines), so the series carry both. Days the history
 * does not list sold nothing.
 *
 * @param dates every day on the axis (ISO dates)
 * @param history units sold per day, null on forecast-only days
 * @param mean the forecast mean, null on history-only days
 */
record ForecastChart(String location, List<String> dates, List<@Nullable Long> history, List<@Nullable Double> mean,
		List<@Nullable Double> lower80, List<@Nullable Double> band80, List<@Nullable Double> lower95,
		List<@Nullable Double> band95) {

	static ForecastChart of(Forecast forecast, Map<LocalDate, Long> sold, LocalDate historyFrom, LocalDate historyTo) {
		TreeSet<LocalDate> days = new TreeSet<>();
		Map<LocalDate, Long> history = new TreeMap<>();
		for (LocalDate day = historyFrom; !day.isAfter(historyTo); day = day.plusDays(1)) {
			days.add(day);
			history.put(day, sold.getOrDefault(day, 0L));
		}
		Map<LocalDate, Forecast.Day> ahead = new TreeMap<>();
		forecast.days().forEach((day) -> {
			days.add(day.day());
			ahead.put(day.day(), day);
		});
		List<String> dates = new ArrayList<>();
		List<@Nullable Long> units = new ArrayList<>();
		List<@Nullable Double> mean = new ArrayList<>();
		List<@Nullable Double> lower80 = new ArrayList<>();
		List<@Nullable Double> band80 = new ArrayList<>();
		List<@Nullable Double> lower95 = new ArrayList<>();
		List<@Nullable Double> band95 = new ArrayList<>();
		for (LocalDate day : days) {
			dates.add(day.toString());
			units.add(history.get(day));
			Forecast.Day f = ahead.get(day);
			mean.add((f != null) ? round(f.mean()) : null);
			lower80.add((f != null) ? round(f.lower80()) : null);
			band80.add((f != null) ? round(f.upper80() - f.lower80()) : null);
			lower95.add((f != null) ? round(f.lower95()) : null);
			band95.add((f != null) ? round(f.upper95() - f.lower95()) : null);
		}
		return new ForecastChart(forecast.location(), dates, units, mean, lower80, band80, lower95, band95);
	}

	// Two decimals are plenty on a chart of units and keep the page small.
	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
