package io.concord.inventory.replenishment;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.concord.inventory.demand.DemandForecasts;
import io.concord.inventory.stock.StockLedger;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The stock-gap report: SKU × locations whose projected available-to-promise runs out
 * within N days. Projection per day from today: start with on hand − reserved (open
 * reservations) − safety stock + in transit, add purchase orders on the day they are
 * needed by (late ones count today), subtract the forecast. Ordered by the day it runs
 * out, the largest shortfall first.
 */
@Component
class StockGaps {

	record Gap(String sku, String location, int available, int incoming, double forecastDemand, LocalDate runsOutOn,
			int daysOfCover, int shortfall, @Nullable String openSuggestionId) {
	}

	private final JdbcClient jdbc;

	private final DemandForecasts forecasts;

	private final StockLedger ledger;

	StockGaps(JdbcTemplate jdbc, DemandForecasts forecasts, StockLedger ledger) {
		this.ledger = ledger;
		this.jdbc = JdbcClient.create(jdbc);
		this.forecasts = forecasts;
	}

	List<Gap> report(int days) {
		LocalDate today = this.forecasts.today();
		List<Gap> gaps = new ArrayList<>();
		for (String[] series : this.forecasts.forecastedSeries()) {
			Gap gap = project(series[0], series[1], today, days);
			if (gap != null) {
				gaps.add(gap);
			}
		}
		gaps.sort(
				Comparator.comparing(Gap::runsOutOn).thenComparing(Comparator.comparingInt(Gap::shortfall).reversed()));
		return gaps;
	}

	private @Nullable Gap project(String sku, String location, LocalDate today, int days) {
		DemandForecasts.SeriesForecast forecast = this.forecasts.find(sku, location).orElse(null);
		if (forecast == null) {
			return null;
		}
		double[] means = forecast.meansFrom(today);
		int available = this.ledger.find(sku, location)
			.map((level) -> level.onHand() - level.reserved() - level.safetyStock() + level.inTransit())
			.orElse(0);
		record Incoming(int units, java.time.Instant needBy) {
		}
		double[] arrivals = new double[days];
		int incoming = 0;
		for (Incoming supply : this.jdbc.sql("""
				select ordered - received, need_by from incoming_supply
				where sku = ? and location_code = ? and received < ordered""")
			.params(sku, location)
			.query((rs, n) -> new Incoming(rs.getInt(1), rs.getTimestamp(2).toInstant()))
			.list()) {
			// Arrives on its need-by day, counted in the same business days as the
			// forecast.
			int index = (int) Math.max(0,
					java.time.temporal.ChronoUnit.DAYS.between(today, this.forecasts.day(supply.needBy())));
			if (index < days) {
				arrivals[index] += supply.units();
				incoming += supply.units();
			}
		}
		double stock = available;
		double demand = 0;
		LocalDate runsOut = null;
		int cover = days;
		for (int d = 0; d < days; d++) {
			double mean = (means.length == 0) ? 0 : means[Math.min(d, means.length - 1)];
			stock += arrivals[d] - mean;
			demand += mean;
			if (stock < 0 && runsOut == null) {
				runsOut = today.plusDays(d);
				cover = d;
			}
		}
		if (runsOut == null) {
			return null;
		}
		String open = this.jdbc.sql("""
				select id from replenishment_suggestion where sku = ? and location_code = ? and status = 'OPEN'""")
			.params(sku, location)
			.query(String.class)
			.optional()
			.orElse(null);
		return new Gap(sku, location, available, incoming, demand, runsOut, cover,
				(int) Math.ceil(Math.max(0, -stock) - 1e-9), open);
	}

}
