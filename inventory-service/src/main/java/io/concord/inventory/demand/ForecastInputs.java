package io.concord.inventory.demand;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.inventory.reservation.RingFences;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a forecast run forecasts from, per SKU × location: the daily units ordered from
 * the series' first sale on (days before a launch are not zeros); the censored days
 * ({@link CensoredDays}: out of stock for at least half the day, so sales are not
 * demand); the promoted days over the history and the horizon — campaign days
 * (promotion-service's schedule, known ahead) and days when most units sold at a
 * discount; and the selling price of each day over the history and the horizon
 * ({@link PriceHistory}, minor units of the main currency: over the horizon the planned
 * prices promotion-service scheduled on the days they cover, else the prices in effect
 * carried forward).
 */
@Component
class ForecastInputs {

	/** One series: a SKU at a location. */
	record Key(String sku, String location) {

		String id() {
			return this.sku + "@" + this.location;
		}

	}

	private final JdbcClient jdbc;

	private final DemandSettings settings;

	private final RingFences fences;

	private final CensoredDays censoredDays;

	private final PriceHistory prices;

	ForecastInputs(JdbcTemplate jdbc, DemandSettings settings, RingFences fences, CensoredDays censoredDays,
			PriceHistory prices) {
		this.jdbc = JdbcClient.create(jdbc);
		this.settings = settings;
		this.fences = fences;
		this.censoredDays = censoredDays;
		this.prices = prices;
	}

	/**
	 * Every stocked SKU × location a run forecasts (dropship and load-test stock
	 * excluded).
	 */
	List<Key> series() {
		return this.jdbc.sql("""
				select sl.sku, sl.location_code from stock_level sl
				join sku s on s.sku = sl.sku join location l on l.code = sl.location_code
				where not s.dropship and l.type <> 'DROPSHIP' and s.test_run is null and l.test_run is null
				order by sl.sku, sl.location_code""")
			.query((rs, n) -> new Key(rs.getString(1), rs.getString(2)))
			.list();
	}

	/**
	 * The inputs of {@code keys}, in their order, for a run whose first forecast day is
	 * {@code firstDay}.
	 */
	List<CatalogueForecaster.Input> read(List<Key> keys, LocalDate firstDay, int horizon) {
		int historyDays = this.settings.historyDays();
		LocalDate historyStart = firstDay.minusDays(historyDays);
		boolean[] calendar = campaignDays(historyStart, historyDays + horizon);
		Map<Key, double[]> demand = new HashMap<>();
		Map<Key, boolean[]> promoted = new HashMap<>();
		for (Key key : keys) {
			demand.put(key, new double[historyDays]);
			promoted.put(key, Arrays.copyOf(calendar, historyDays + horizon));
		}
		if (!keys.isEmpty()) {
			this.jdbc.sql("""
					select sku, location_code, day, sum(quantity) as quantity, sum(promoted_quantity) as promoted
					from daily_demand where sku in (:skus) and day >= :from and day < :to
					group by sku, location_code, day""")
				.param("skus", keys.stream().map(Key::sku).distinct().toList())
				.param("from", Date.valueOf(historyStart))
				.param("to", Date.valueOf(firstDay))
				.query((rs) -> {
					Key key = new Key(rs.getString("sku"), rs.getString("location_code"));
					double[] values = demand.get(key);
					if (values != null) {
						int day = (int) ChronoUnit.DAYS.between(historyStart, rs.getDate("day").toLocalDate());
						long quantity = rs.getLong("quantity");
						values[day] = quantity;
						promoted.get(key)[day] |= rs.getLong("promoted") * 2 > quantity;
					}
				});
		}
		Map<Key, boolean[]> censored = this.censoredDays.of(keys, historyStart, historyDays);
		Map<String, double[]> price = this.prices.daily(keys.stream().map(Key::sku).distinct().toList(), historyStart,
				historyDays + horizon);
		List<CatalogueForecaster.Input> inputs = new ArrayList<>(keys.size());
		for (Key key : keys) {
			double[] history = demand.get(key);
			int first = 0;
			while (first < history.length && history[first] == 0) {
				first++;
			}
			boolean[] out = censored.get(key);
			double[] prices = price.get(key.sku());
			inputs.add(new CatalogueForecaster.Input(key.id(), Arrays.copyOfRange(history, first, historyDays),
					(out != null) ? Arrays.copyOfRange(out, first, historyDays) : new boolean[historyDays - first],
					Arrays.copyOfRange(promoted.get(key), first, historyDays + horizon),
					(prices != null) ? Arrays.copyOfRange(prices, first, historyDays + horizon) : null));
		}
		return inputs;
	}

	/**
	 * Days (from {@code start}, {@code length} of them) that a campaign window touches.
	 */
	private boolean[] campaignDays(LocalDate start, int length) {
		boolean[] days = new boolean[length];
		Instant from = start.atStartOfDay(this.settings.zone()).toInstant();
		Instant to = start.plusDays(length).atStartOfDay(this.settings.zone()).toInstant();
		for (RingFences.CampaignWindow window : this.fences.campaignWindows(from, to)) {
			for (int d = 0; d < length; d++) {
				Instant dayStart = start.plusDays(d).atStartOfDay(this.settings.zone()).toInstant();
				Instant dayEnd = start.plusDays(d + 1).atStartOfDay(this.settings.zone()).toInstant();
				if (window.startsAt().isBefore(dayEnd) && window.endsAt().isAfter(dayStart)) {
					days[d] = true;
				}
			}
		}
		return days;
	}

}
