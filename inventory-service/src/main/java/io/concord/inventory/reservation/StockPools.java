package io.concord.inventory.reservation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@link StockPool}s and channel routes from the database. */
@Component
class StockPools {

	private final JdbcClient jdbc;

	private final Clock clock;

	StockPools(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/**
	 * The SKUs' stock rows and fences, locked until the transaction ends: rows in (sku,
	 * location) order, then fences by id, the order every writer takes them in, so
	 * writers never deadlock.
	 */
	StockPool lock(Collection<String> skus) {
		return read(skus, true);
	}

	/** The same picture without locks, for display. */
	StockPool read(Collection<String> skus) {
		return read(skus, false);
	}

	private StockPool read(Collection<String> skus, boolean lock) {
		String[] keys = skus.stream().distinct().sorted().toArray(String[]::new);
		String forUpdate = lock ? " for update" : "";
		Map<String, Map<String, Integer>> free = new TreeMap<>();
		this.jdbc.sql("""
				select sku, location_code, greatest(on_hand - reserved - safety_stock, 0) as free
				from stock_level where sku = any(?) order by sku, location_code""" + forUpdate)
			.param(keys)
			.query((rs) -> {
				free.computeIfAbsent(rs.getString(1), (sku) -> new LinkedHashMap<>())
					.put(rs.getString(2), rs.getInt(3));
			});
		Map<String, List<StockPool.Fence>> fences = new HashMap<>();
		// Fences in force now; the earliest to be released is drawn down first.
		this.jdbc.sql("""
				select id, sku, channel, quantity - consumed as remaining, release_at from ring_fence
				where sku = any(?) and released_at is null and starts_at <= ?
				  and (release_at is null or release_at > ?)
				order by id""" + forUpdate)
			.params(keys, Timestamp.from(this.clock.instant()), Timestamp.from(this.clock.instant()))
			.query((rs) -> {
				Timestamp releaseAt = rs.getTimestamp(5);
				fences.computeIfAbsent(rs.getString(2), (sku) -> new ArrayList<>())
					.add(new StockPool.Fence(rs.getLong(1), rs.getString(3), rs.getInt(4),
							(releaseAt != null) ? releaseAt.toInstant() : null));
			});
		fences.values()
			.forEach((list) -> list.sort((a, b) -> (a.releaseAt == null) ? ((b.releaseAt == null) ? 0 : 1)
					: ((b.releaseAt == null) ? -1 : a.releaseAt.compareTo(b.releaseAt))));
		// Only the nearest-location strategy needs coordinates: read them once, if at
		// all.
		StockPool.Geography[] geography = new StockPool.Geography[1];
		return new StockPool(free, fences, () -> {
			if (geography[0] == null) {
				geography[0] = geography();
			}
			return geography[0];
		});
	}

	/** Every channel's route, by channel. */
	Map<String, StockPool.Route> routes() {
		Map<String, List<String>> locations = new TreeMap<>();
		this.jdbc.sql("select channel, location_code from channel_location order by channel, sort_order")
			.query((rs) -> {
				locations.computeIfAbsent(rs.getString(1), (channel) -> new ArrayList<>()).add(rs.getString(2));
			});
		Map<String, AllocationStrategy> strategies = new TreeMap<>();
		this.jdbc.sql("select channel, allocation_strategy from sales_channel").query((rs) -> {
			strategies.put(rs.getString(1), AllocationStrategy.valueOf(rs.getString(2)));
		});
		Map<String, StockPool.Route> routes = new TreeMap<>();
		locations.forEach((channel, served) -> routes.put(channel, new StockPool.Route(channel,
				strategies.getOrDefault(channel, AllocationStrategy.SORT_ORDER), List.copyOf(served))));
		return routes;
	}

	private StockPool.Geography geography() {
		Map<String, String> regions = new HashMap<>();
		Map<String, double[]> points = new HashMap<>();
		this.jdbc.sql("select code, region, latitude, longitude from location").query((rs) -> {
			if (rs.getString(2) != null) {
				regions.put(rs.getString(1), rs.getString(2));
			}
			String code = rs.getString(1);
			point(rs.getBigDecimal(3), rs.getBigDecimal(4)).ifPresent((p) -> points.put(code, p));
		});
		Map<String, double[]> centres = new HashMap<>();
		this.jdbc.sql("select code, latitude, longitude from region").query((rs) -> {
			String code = rs.getString(1);
			point(rs.getBigDecimal(2), rs.getBigDecimal(3)).ifPresent((p) -> centres.put(code, p));
		});
		return new StockPool.Geography(regions, points, centres);
	}

	private static java.util.Optional<double[]> point(BigDecimal latitude, BigDecimal longitude) {
		return (latitude != null && longitude != null)
				? java.util.Optional.of(new double[] { latitude.doubleValue(), longitude.doubleValue() })
				: java.util.Optional.empty();
	}

}
