package io.concord.fulfillment.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each connector's platform should be told (stock and prices per SKU) and what it
 * was told: the {@code connector_stock}, {@code connector_price} and
 * {@code connector_sync} tables. A row is pending while the platform's value differs from
 * the one to push; several changes before a push leave one pending row with the latest
 * value (coalescing). Failed pushes back off per row, exponentially.
 */
@Component
class ConnectorPushes {

	/** A pending stock row, with what the rule needs. */
	record StockRow(String sku, String platformSku, int available, Instant knownAt, @Nullable Instant changedAt,
			@Nullable Integer pushedQuantity, boolean resend) {
	}

	/** A pending price row. */
	record PriceRow(String sku, String platformSku, String currency, long sellingPriceMinor, long listPriceMinor) {
	}

	/** A quantity the platform acknowledged for a SKU. */
	record Pushed(String sku, int quantity) {
	}

	/** The pusher's lock on a connector: held until the transaction ends. */
	record SyncState(@Nullable Instant pausedUntil, @Nullable Instant lastResyncAt, @Nullable Instant lastCallAt) {
	}

	static final String STOCK = "connector_stock";

	static final String PRICES = "connector_price";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	ConnectorPushes(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
		this.template = jdbc;
	}

	/**
	 * Records inventory's ATP for the connector's channel from a StockChanged, unless a
	 * later version or a later re-sync read is held; pending when it differs from what
	 * the platform was told. A failing row keeps its back-off.
	 * @return whether it was applied
	 */
	boolean stockChanged(Connector connector, String sku, int available, Instant changedAt, long version, Instant now) {
		return this.jdbc.sql("""
				insert into connector_stock as s (connector_id, sku, available, known_at, changed_at, stock_version,
				  pending, pending_since)
				values (:id, :sku, :available, :knownAt, :knownAt, :version, true, :now)
				on conflict (connector_id, sku) do update set available = excluded.available,
				  known_at = excluded.known_at, changed_at = excluded.changed_at,
				  stock_version = excluded.stock_version,
				  pending = greatest(excluded.available - :buffer, 0) is distinct from s.pushed_quantity,
				  pending_since = case when s.pending then s.pending_since else excluded.pending_since end,
				  next_attempt_at = case when s.attempts > 0 then s.next_attempt_at end
				where s.stock_version < excluded.stock_version and s.known_at <= excluded.known_at""")
			.param("id", connector.connectorId())
			.param("sku", sku)
			.param("available", available)
			.param("knownAt", Timestamp.from(changedAt))
			.param("version", version)
			.param("now", Timestamp.from(now))
			.param("buffer", connector.stockBuffer())
			.update() > 0;
	}

	/**
	 * Units of the SKU were just reserved (by any channel's order): every connector
	 * selling it has that many fewer at most, so its row is lowered at once and stamped
	 * with the time, which also drops inventory's older StockChanged and re-sync reads
	 * still in flight (they predate the reservation). An over-lowered value (the units
	 * came from a location the connector's channel does not sell from) is raised by the
	 * next event or re-sync.
	 */
	void lowered(String sku, int quantity, Instant at) {
		this.jdbc.sql("""
				update connector_stock set available = greatest(available - ?, 0), known_at = greatest(known_at, ?),
				  changed_at = ?, pending = true, pending_since = coalesce(pending_since, ?)
				where sku = ?""")
			.params(quantity, Timestamp.from(at), Timestamp.from(at), Timestamp.from(at), sku)
			.update();
	}

	/**
	 * Records a re-sync read: the value is confirmed now, and the row is pending whatever
	 * the platform was told (a full re-sync pushes every SKU again, which corrects a
	 * value changed on the platform's side). A later event's value is kept.
	 */
	void stockRead(Connector connector, String sku, int available, Instant readAt) {
		this.jdbc.sql("""
				insert into connector_stock as s (connector_id, sku, available, known_at, pending, pending_since,
				  resend)
				values (:id, :sku, :available, :readAt, true, :readAt, true)
				on conflict (connector_id, sku) do update set available = excluded.available,
				  known_at = excluded.known_at, changed_at = null, pending = true, resend = true,
				  pending_since = case when s.pending then s.pending_since else excluded.pending_since end,
				  next_attempt_at = case when s.attempts > 0 then s.next_attempt_at end
				where s.known_at <= excluded.known_at""")
			.param("id", connector.connectorId())
			.param("sku", sku)
			.param("available", available)
			.param("readAt", Timestamp.from(readAt))
			.update();
	}

	/** Mapped SKUs of the connector no row was recorded for yet (a new mapping). */
	List<String> unsynced(String connectorId) {
		return this.jdbc.sql("""
				select m.sku from connector_sku m
				where m.connector_id = ? and not exists (select 1 from connector_stock s
				  where s.connector_id = m.connector_id and s.sku = m.sku)
				order by m.sku""").params(connectorId).query(String.class).list();
	}

	/**
	 * Queues a price for the platform unless a later one (or the connector's own
	 * channel's, over an ALL price) is held.
	 */
	void priceChanged(Connector connector, String sku, String priceChannel, String currency, long sellingPriceMinor,
			long listPriceMinor, Instant effectiveFrom, Instant now) {
		this.jdbc.sql("""
				insert into connector_price as p (connector_id, sku, price_channel, currency, selling_price_minor,
				  list_price_minor, effective_from, pending, pending_since)
				values (:id, :sku, :channel, :currency, :selling, :list, :from, true, :now)
				on conflict (connector_id, sku) do update set price_channel = excluded.price_channel,
				  currency = excluded.currency, selling_price_minor = excluded.selling_price_minor,
				  list_price_minor = excluded.list_price_minor, effective_from = excluded.effective_from,
				  pending = excluded.selling_price_minor is distinct from p.pushed_selling_price_minor
				    or excluded.list_price_minor is distinct from p.pushed_list_price_minor,
				  pending_since = case when p.pending then p.pending_since else excluded.pending_since end,
				  next_attempt_at = case when p.attempts > 0 then p.next_attempt_at end
				where (p.price_channel = excluded.price_channel and p.effective_from < excluded.effective_from)
				  or (p.price_channel = 'ALL' and excluded.price_channel <> 'ALL')""")
			.param("id", connector.connectorId())
			.param("sku", sku)
			.param("channel", priceChannel)
			.param("currency", currency)
			.param("selling", sellingPriceMinor)
			.param("list", listPriceMinor)
			.param("from", Timestamp.from(effectiveFrom))
			.param("now", Timestamp.from(now))
			.update();
	}

	List<StockRow> dueStock(String connectorId, Instant now, int limit) {
		return this.jdbc.sql("""
				select s.sku, m.platform_sku, s.available, s.known_at, s.changed_at, s.pushed_quantity, s.resend
				from connector_stock s
				join connector_sku m on m.connector_id = s.connector_id and m.sku = s.sku
				where s.connector_id = ? and s.pending and (s.next_attempt_at is null or s.next_attempt_at <= ?)
				order by s.pending_since, s.sku limit ?""")
			.params(connectorId, Timestamp.from(now), limit)
			.query((rs, n) -> new StockRow(rs.getString(1), rs.getString(2), rs.getInt(3),
					rs.getTimestamp(4).toInstant(), instant(rs, 5), (Integer) rs.getObject(6), rs.getBoolean(7)))
			.list();
	}

	List<PriceRow> duePrices(String connectorId, Instant now, int limit) {
		return this.jdbc.sql("""
				select p.sku, m.platform_sku, p.currency, p.selling_price_minor, p.list_price_minor
				from connector_price p
				join connector_sku m on m.connector_id = p.connector_id and m.sku = p.sku
				where p.connector_id = ? and p.pending and (p.next_attempt_at is null or p.next_attempt_at <= ?)
				order by p.pending_since, p.sku limit ?""")
			.params(connectorId, Timestamp.from(now), limit)
			.query((rs, n) -> new PriceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getLong(5)))
			.list();
	}

	/**
	 * The platform acknowledged {@code quantity}: still pending only if a newer value
	 * arrived meanwhile (computed from the row as it is now).
	 */
	void stockPushed(Connector connector, List<Pushed> rows, Instant at) {
		this.template.batchUpdate("""
				update connector_stock set pushed_quantity = ?, pushed_at = ?, attempts = 0, last_error = null,
				  failing_since = null, next_attempt_at = null, resend = false,
				  pending = greatest(available - ?, 0) <> ?,
				  pending_since = case when greatest(available - ?, 0) <> ? then cast(? as timestamptz) end
				where connector_id = ? and sku = ?""", rows, 100, (ps, row) -> {
			int quantity = row.quantity();
			ps.setInt(1, quantity);
			ps.setTimestamp(2, Timestamp.from(at));
			ps.setInt(3, connector.stockBuffer());
			ps.setInt(4, quantity);
			ps.setInt(5, connector.stockBuffer());
			ps.setInt(6, quantity);
			ps.setTimestamp(7, Timestamp.from(at));
			ps.setString(8, connector.connectorId());
			ps.setString(9, row.sku());
		});
	}

	void pricesPushed(String connectorId, List<PriceRow> rows, Instant at) {
		this.template.batchUpdate(
				"""
						update connector_price set pushed_selling_price_minor = ?, pushed_list_price_minor = ?, pushed_at = ?,
						  attempts = 0, last_error = null, failing_since = null, next_attempt_at = null,
						  pending = selling_price_minor <> ? or list_price_minor <> ?,
						  pending_since = case when selling_price_minor <> ? or list_price_minor <> ? then cast(? as timestamptz) end
						where connector_id = ? and sku = ?""",
				rows, 100, (ps, row) -> {
					ps.setLong(1, row.sellingPriceMinor());
					ps.setLong(2, row.listPriceMinor());
					ps.setTimestamp(3, Timestamp.from(at));
					ps.setLong(4, row.sellingPriceMinor());
					ps.setLong(5, row.listPriceMinor());
					ps.setLong(6, row.sellingPriceMinor());
					ps.setLong(7, row.listPriceMinor());
					ps.setTimestamp(8, Timestamp.from(at));
					ps.setString(9, connectorId);
					ps.setString(10, row.sku());
				});
	}

	/** The platform already has the value: nothing to push. */
	void settled(String connectorId, List<String> skus) {
		this.jdbc.sql("""
				update connector_stock set pending = false, pending_since = null, resend = false, attempts = 0,
				  last_error = null, failing_since = null, next_attempt_at = null
				where connector_id = ? and sku = any(?)""").params(connectorId, skus.toArray(String[]::new)).update();
	}

	/** Unconfirmed raises wait (an event or a re-sync makes them due again). */
	void hold(String connectorId, List<String> skus, Instant until) {
		this.jdbc.sql("update connector_stock set next_attempt_at = ? where connector_id = ? and sku = any(?)")
			.params(Timestamp.from(until), connectorId, skus.toArray(String[]::new))
			.update();
	}

	/**
	 * A push failed: each row backs off {@code base × 2^attempts} (at most {@code max}),
	 * keeps the error and since when it fails.
	 */
	void failed(String table, String connectorId, List<String> skus, String error, Instant now, Duration base,
			Duration max) {
		String sql = """
				update %s set attempts = attempts + 1, last_error = ?,
				  failing_since = coalesce(failing_since, cast(? as timestamptz)),
				  next_attempt_at = cast(? as timestamptz) + make_interval(secs => least(
				    cast(? as double precision) * power(2, least(attempts, 30)), cast(? as double precision)))
				where connector_id = ? and sku = any(?)""".formatted(STOCK.equals(table) ? STOCK : PRICES);
		this.jdbc.sql(sql)
			.params(abbreviate(error), Timestamp.from(now), Timestamp.from(now), base.toMillis() / 1000.0,
					max.toMillis() / 1000.0, connectorId, skus.toArray(String[]::new))
			.update();
	}

	/**
	 * Locks the connector for this transaction (one pusher or re-sync per connector
	 * across replicas); empty when another holds it.
	 */
	Optional<SyncState> lock(String connectorId) {
		this.jdbc.sql("insert into connector_sync (connector_id) values (?) on conflict do nothing")
			.params(connectorId)
			.update();
		return this.jdbc.sql("""
				select paused_until, last_resync_at, last_call_at from connector_sync where connector_id = ?
				for update skip locked""")
			.params(connectorId)
			.query((rs, n) -> new SyncState(instant(rs, 1), instant(rs, 2), instant(rs, 3)))
			.optional();
	}

	void called(String connectorId, Instant at) {
		this.jdbc.sql("update connector_sync set last_call_at = ? where connector_id = ?")
			.params(Timestamp.from(at), connectorId)
			.update();
	}

	void pause(String connectorId, Instant until) {
		this.jdbc.sql("update connector_sync set paused_until = ? where connector_id = ?")
			.params(Timestamp.from(until), connectorId)
			.update();
	}

	void resynced(String connectorId, Instant at, int skus, @Nullable String error) {
		this.jdbc.sql(
				"update connector_sync set last_resync_at = ?, last_resync_skus = ?, last_resync_error = ? where connector_id = ?")
			.params(Timestamp.from(at), skus, (error != null) ? abbreviate(error) : null, connectorId)
			.update();
	}

	/**
	 * A mapped SKU as ops see it: inventory's ATP for the channel, what the platform may
	 * sell of it (buffer applied), what it was told and when ({@code ageSeconds} since),
	 * whether a push is due and how it fails; and its price push.
	 */
	record SkuSync(String platformSku, String sku, @Nullable Integer available, @Nullable Integer sellable,
			@Nullable Instant knownAt, @Nullable Integer pushedQuantity, @Nullable Instant pushedAt,
			@Nullable Long ageSeconds, boolean pending, int attempts, @Nullable Instant nextAttemptAt,
			@Nullable String lastError, @Nullable Instant failingSince, @Nullable PriceSync price) {
	}

	/** The price pushed for a SKU: from its channel's price or ALL's. */
	record PriceSync(String priceChannel, String currency, long sellingPriceMinor, long listPriceMinor,
			@Nullable Long pushedSellingPriceMinor, @Nullable Long pushedListPriceMinor, @Nullable Instant pushedAt,
			boolean pending, int attempts, @Nullable String lastError, @Nullable Instant failingSince) {
	}

	/**
	 * A connector's sync at a glance: what waits, what fails and since when (the alert),
	 * the 429 pause, the oldest unpushed change and the last full re-sync.
	 */
	record SyncSummary(String connectorId, int mappedSkus, int stockPending, int stockFailing,
			@Nullable Instant stockFailingSince, @Nullable Long oldestUnpushedAgeSeconds, int pricesPending,
			int pricesFailing, @Nullable Instant pricesFailingSince, @Nullable Instant pausedUntil,
			@Nullable Instant lastResyncAt, @Nullable Integer lastResyncSkus, @Nullable String lastResyncError) {
	}

	List<SkuSync> stockView(Connector connector, Instant now) {
		return this.jdbc.sql("""
				select m.platform_sku, m.sku, s.available, s.known_at, s.pushed_quantity, s.pushed_at,
				  coalesce(s.pending, false) as pending, coalesce(s.attempts, 0) as attempts, s.next_attempt_at,
				  s.last_error, s.failing_since, p.price_channel, p.currency, p.selling_price_minor,
				  p.list_price_minor, p.pushed_selling_price_minor, p.pushed_list_price_minor,
				  p.pushed_at as price_pushed_at, p.pending as price_pending, p.attempts as price_attempts,
				  p.last_error as price_last_error, p.failing_since as price_failing_since
				from connector_sku m
				left join connector_stock s on s.connector_id = m.connector_id and s.sku = m.sku
				left join connector_price p on p.connector_id = m.connector_id and p.sku = m.sku
				where m.connector_id = ? order by m.platform_sku""").params(connector.connectorId()).query((rs, n) -> {
			Integer available = (Integer) rs.getObject("available");
			Instant pushedAt = instant(rs, 6);
			PriceSync price = (rs.getString("price_channel") != null) ? new PriceSync(rs.getString("price_channel"),
					rs.getString("currency"), rs.getLong("selling_price_minor"), rs.getLong("list_price_minor"),
					(Long) rs.getObject("pushed_selling_price_minor"), (Long) rs.getObject("pushed_list_price_minor"),
					instant(rs, 18), rs.getBoolean("price_pending"), rs.getInt("price_attempts"),
					rs.getString("price_last_error"), instant(rs, 22)) : null;
			return new SkuSync(rs.getString(1), rs.getString(2), available,
					(available != null) ? connector.sellable(available) : null, instant(rs, 4),
					(Integer) rs.getObject(5), pushedAt,
					(pushedAt != null) ? Duration.between(pushedAt, now).toSeconds() : null, rs.getBoolean("pending"),
					rs.getInt("attempts"), instant(rs, 9), rs.getString("last_error"), instant(rs, 11), price);
		}).list();
	}

	SyncSummary summary(String connectorId, Instant now) {
		return this.jdbc.sql("""
				select
				  (select count(*) from connector_sku where connector_id = :id),
				  (select count(*) from connector_stock where connector_id = :id and pending),
				  (select count(*) from connector_stock where connector_id = :id and failing_since is not null),
				  (select min(failing_since) from connector_stock where connector_id = :id),
				  (select min(pending_since) from connector_stock where connector_id = :id and pending),
				  (select count(*) from connector_price where connector_id = :id and pending),
				  (select count(*) from connector_price where connector_id = :id and failing_since is not null),
				  (select min(failing_since) from connector_price where connector_id = :id),
				  y.paused_until, y.last_resync_at, y.last_resync_skus, y.last_resync_error
				from (select 1) one left join connector_sync y on y.connector_id = :id""")
			.param("id", connectorId)
			.query((rs, n) -> {
				Instant oldest = instant(rs, 5);
				return new SyncSummary(connectorId, rs.getInt(1), rs.getInt(2), rs.getInt(3), instant(rs, 4),
						(oldest != null) ? Math.max(0, Duration.between(oldest, now).toSeconds()) : null, rs.getInt(6),
						rs.getInt(7), instant(rs, 8), instant(rs, 9), instant(rs, 10), (Integer) rs.getObject(11),
						rs.getString(12));
			})
			.single();
	}

	static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static String abbreviate(String error) {
		return (error.length() > 500) ? error.substring(0, 500) : error;
	}

}
