package io.concord.inventory.reservation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import io.concord.inventory.stock.StockLevelsChanged;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.TestRun;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Announces availability after every change, in the changing transaction (so through the
 * outbox): {@code StockChanged} with available-to-promise per channel, once per SKU per
 * transaction however many orders a batch reserved, and {@code LowStock},
 * {@code OutOfStock}, {@code BackInStock} when free units cross the reorder point or
 * zero, compared with what was last announced. It also keeps the availability history
 * ({@code stock_out_period}, read through {@link StockOuts}): a period opens when a SKU ×
 * location has nothing free to sell and closes when units are free again.
 */
@Component
class AvailabilitySignals {

	private final JdbcClient jdbc;

	private final StockPools pools;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AvailabilitySignals(JdbcTemplate jdbc, StockPools pools, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.pools = pools;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(StockLevelsChanged changed) {
		announce(changed.skus());
	}

	/** Call after changing the SKUs' stock, with their rows still locked. */
	@Transactional(propagation = Propagation.MANDATORY)
	void announce(Collection<String> skus) {
		if (skus.isEmpty()) {
			return;
		}
		String[] keys = skus.stream().distinct().sorted().toArray(String[]::new);
		StockPool pool = this.pools.read(java.util.List.of(keys));
		Map<String, StockPool.Route> routes = this.pools.routes();
		Instant now = this.clock.instant();
		recordStockOuts(keys, now);
		this.jdbc.sql("""
				select s.sku, s.reorder_point, coalesce(sum(l.on_hand), 0), coalesce(sum(l.reserved), 0),
				  coalesce(sum(greatest(l.on_hand - l.reserved - l.safety_stock, 0)), 0),
				  a.available, a.low, coalesce(a.version, 0), s.test_run
				from sku s
				left join stock_level l on l.sku = s.sku
				left join availability_signal a on a.sku = s.sku
				where s.sku = any(?)
				group by s.sku, s.reorder_point, a.available, a.low, a.version, s.test_run
				order by s.sku""").param(keys).query((rs) -> {
			String sku = rs.getString(1);
			int reorderPoint = rs.getInt(2);
			int onHand = rs.getInt(3);
			int reserved = rs.getInt(4);
			int available = rs.getInt(5);
			Integer before = (Integer) rs.getObject(6);
			boolean wasLow = rs.getBoolean(7);
			long previous = rs.getLong(8);
			// A load test's SKU is announced on the shadow topic, whoever moved its stock
			// (ADR-25).
			TestRun.runWith(rs.getString(9), () -> {
				long version = previous;
				Map<String, Integer> byChannel = new TreeMap<>();
				routes.values().forEach((route) -> byChannel.put(route.channel(), pool.availableToPromise(sku, route)));
				this.events.publishEvent(new InventoryEvents.StockChanged(EventMetadata.of(sku, ++version, now), sku,
						onHand, reserved, available, byChannel, now));
				boolean low = available < reorderPoint;
				if (low && !wasLow) {
					this.events.publishEvent(new InventoryEvents.LowStock(EventMetadata.of(sku, ++version, now), sku,
							available, reorderPoint, now));
				}
				if (before != null && before > 0 && available == 0) {
					this.events
						.publishEvent(new InventoryEvents.OutOfStock(EventMetadata.of(sku, ++version, now), sku, now));
				}
				if (before != null && before == 0 && available > 0) {
					this.events.publishEvent(new InventoryEvents.BackInStock(EventMetadata.of(sku, ++version, now), sku,
							available, now));
				}
				this.jdbc.sql("""
						insert into availability_signal (sku, available, low, version) values (?, ?, ?, ?)
						on conflict (sku) do update set available = excluded.available, low = excluded.low,
						  version = excluded.version""").params(sku, available, low, version).update();
			});
		});
	}

	/**
	 * Opens a stock-out period for each of the SKUs' locations that has nothing free (on
	 * hand − reserved − safety stock ≤ 0) and none open, and closes the open one of each
	 * location with units free again. One set-based statement over the batch's rows,
	 * which writes nothing unless a location crossed zero; the rows changed by this
	 * transaction are locked, and the partial unique index on open periods keeps one open
	 * period per location whatever else runs concurrently.
	 */
	private void recordStockOuts(String[] skus, Instant now) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.sql("""
				with level as (
				  select l.sku, l.location_code, l.on_hand - l.reserved - l.safety_stock <= 0 as out,
				    exists (select 1 from stock_out_period p where p.sku = l.sku
				      and p.location_code = l.location_code and p.ended_at is null) as open
				  from stock_level l where l.sku = any(?)),
				closed as (
				  update stock_out_period p set ended_at = greatest(?, p.started_at) from level
				  where not level.out and level.open and p.sku = level.sku and p.location_code = level.location_code
				    and p.ended_at is null
				  returning p.sku)
				insert into stock_out_period (sku, location_code, started_at)
				select sku, location_code, ? from level where out and not open
				on conflict do nothing""").params(skus, at, at).update();
	}

}
