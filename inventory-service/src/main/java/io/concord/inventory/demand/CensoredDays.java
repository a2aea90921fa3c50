package io.concord.inventory.demand;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.concord.inventory.reservation.StockOuts;

import org.springframework.stereotype.Component;

/**
 * The one home of the censoring rule: a business day (in
 * {@code concord.inventory.forecasting.zone}) is censored for a SKU × location when it
 * had nothing free to sell for at least {@link DemandSettings#censoredShare()} of the day
 * (default half). Its sales then show what little could be sold, not what was wanted, so
 * the forecaster must not read them as demand. Half a day, because a SKU out since the
 * afternoon still sold most of that day's demand, while one out all morning lost most of
 * it; stock-outs of a few minutes between a sale and a receipt censor nothing.
 */
@Component
class CensoredDays {

	private final StockOuts stockOuts;

	private final DemandSettings settings;

	CensoredDays(StockOuts stockOuts, DemandSettings settings) {
		this.stockOuts = stockOuts;
		this.settings = settings;
	}

	/**
	 * Per series that had a stock-out in the {@code days} days from {@code start}, which
	 * of them are censored (index 0 = {@code start}); series without any are absent.
	 */
	Map<ForecastInputs.Key, boolean[]> of(Collection<ForecastInputs.Key> keys, LocalDate start, int days) {
		ZoneId zone = this.settings.zone();
		Instant from = start.atStartOfDay(zone).toInstant();
		Instant to = start.plusDays(days).atStartOfDay(zone).toInstant();
		Set<ForecastInputs.Key> wanted = new HashSet<>(keys);
		Map<ForecastInputs.Key, double[]> outSeconds = new HashMap<>();
		for (StockOuts.Interval interval : this.stockOuts
			.between(keys.stream().map(ForecastInputs.Key::sku).distinct().toList(), from, to)) {
			ForecastInputs.Key key = new ForecastInputs.Key(interval.sku(), interval.location());
			if (!wanted.contains(key)) {
				continue;
			}
			double[] seconds = outSeconds.computeIfAbsent(key, (k) -> new double[days]);
			LocalDate day = LocalDate.ofInstant(interval.from(), zone);
			while (day.isBefore(start.plusDays(days))) {
				Instant dayStart = day.atStartOfDay(zone).toInstant();
				if (!dayStart.isBefore(interval.to())) {
					break;
				}
				Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
				Instant overlapFrom = max(dayStart, interval.from());
				Instant overlapTo = min(dayEnd, interval.to());
				int index = (int) java.time.temporal.ChronoUnit.DAYS.between(start, day);
				if (index >= 0 && overlapTo.isAfter(overlapFrom)) {
					seconds[index] += Duration.between(overlapFrom, overlapTo).toMillis() / 1000.0;
				}
				day = day.plusDays(1);
			}
		}
		Map<ForecastInputs.Key, boolean[]> censored = new HashMap<>();
		outSeconds.forEach((key, seconds) -> {
			boolean[] flags = new boolean[days];
			for (int d = 0; d < days; d++) {
				LocalDate day = start.plusDays(d);
				// Days are not always 24 hours long (daylight saving time).
				double length = Duration
					.between(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant())
					.toMillis() / 1000.0;
				flags[d] = seconds[d] >= this.settings.censoredShare() * length;
			}
			censored.put(key, flags);
		});
		return censored;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
