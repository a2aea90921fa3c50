package io.concord.inventory.reservation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The availability history: when each SKU × location had nothing free to sell (on hand −
 * reserved − safety stock ≤ 0), as {@link AvailabilitySignals} recorded it with every
 * stock change. Demand reads it to tell days whose sales do not show demand.
 */
@Component
public class StockOuts {

	/**
	 * A SKU × location had nothing free from {@code from} to {@code to} (both clipped to
	 * the range asked for; a period still open ends at the range's end).
	 */
	public record Interval(String sku, String location, Instant from, Instant to) {
	}

	private final JdbcClient jdbc;

	StockOuts(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	/**
	 * The stock-out intervals of {@code skus} (every location) overlapping [{@code from},
	 * {@code to}), by SKU, location and start.
	 */
	public List<Interval> between(Collection<String> skus, Instant from, Instant to) {
		if (skus.isEmpty() || !from.isBefore(to)) {
			return List.of();
		}
		return this.jdbc.sql("""
				select sku, location_code, greatest(started_at, ?) as from_at, least(coalesce(ended_at, ?), ?) as to_at
				from stock_out_period
				where sku = any(?) and started_at < ? and (ended_at is null or ended_at > ?)
				order by sku, location_code, started_at""")
			.params(Timestamp.from(from), Timestamp.from(to), Timestamp.from(to),
					skus.stream().distinct().toArray(String[]::new), Timestamp.from(to), Timestamp.from(from))
			.query((rs, n) -> new Interval(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4).toInstant()))
			.list();
	}

}
