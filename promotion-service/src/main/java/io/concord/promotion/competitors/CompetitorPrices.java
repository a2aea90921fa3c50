package io.concord.promotion.competitors;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the competitors charged for a SKU at a moment: each source's latest observation at
 * or before it (no older than {@code maxAge}, so a feed that stopped does not keep
 * steering prices), the lowest in-stock one winning. Dynamic pricing reads it live and in
 * replays.
 */
@Component
public class CompetitorPrices {

	/** One source's observed price. */
	public record Observed(String sourceId, long priceMinor, String currency, boolean inStock, Instant observedAt) {
	}

	private final JdbcClient jdbc;

	CompetitorPrices(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	/**
	 * Each source's latest observation of {@code sku} in {@code currency} as of
	 * {@code at}.
	 */
	public List<Observed> latestPerSource(String sku, String currency, Instant at, Duration maxAge) {
		return this.jdbc.sql("""
				select distinct on (source_id) source_id, price_minor, currency, in_stock, observed_at
				from competitor_observation
				where sku = ? and currency = ? and observed_at <= ? and observed_at > ?
				order by source_id, observed_at desc, received_at desc""")
			.params(sku, currency, Timestamp.from(at), Timestamp.from(at.minus(maxAge)))
			.query((rs, n) -> new Observed(rs.getString("source_id"), rs.getLong("price_minor"),
					rs.getString("currency"), rs.getBoolean("in_stock"), rs.getTimestamp("observed_at").toInstant()))
			.list();
	}

	/** The lowest in-stock competitor price of {@code sku} as of {@code at}, if any. */
	public Optional<Observed> lowestInStock(String sku, String currency, Instant at, Duration maxAge) {
		return latestPerSource(sku, currency, at, maxAge).stream()
			.filter(Observed::inStock)
			.min(Comparator.comparingLong(Observed::priceMinor));
	}

}
