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

import io.concord.inventory.catalog.Catalog;
import io.concord.inventory.stock.ReservedStock;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Puts {@link StockPool}s together: free units from stock, fences from here, routes and
 * geography from the catalogue.
 */
@Component
class StockPools {

	private final JdbcClient jdbc;

	private final ReservedStock stock;

	private final Catalog catalog;

	private final Clock clock;

	StockPools(JdbcTemplate jdbc, ReservedStock stock, Catalog catalog, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.stock = stock;
		this.catalog = catalog;
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
		Map<String, Map<String, Integer>> free = this.stock.free(keys, lock);
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
		Map<String, StockPool.Route> routes = new TreeMap<>();
		this.catalog.routes()
			.forEach((channel, route) -> routes.put(channel,
					new StockPool.Route(channel, AllocationStrategy.valueOf(route.strategy()), route.locations())));
		return routes;
	}

	private StockPool.Geography geography() {
		Map<String, String> regions = new HashMap<>();
		Map<String, double[]> points = new HashMap<>();
		this.catalog.locations().values().forEach((location) -> {
			if (location.region() != null) {
				regions.put(location.code(), location.region());
			}
			point(location.latitude(), location.longitude()).ifPresent((p) -> points.put(location.code(), p));
		});
		Map<String, double[]> centres = new HashMap<>();
		this.catalog.regions()
			.values()
			.forEach((region) -> point(region.latitude(), region.longitude())
				.ifPresent((p) -> centres.put(region.code(), p)));
		return new StockPool.Geography(regions, points, centres);
	}

	private static java.util.Optional<double[]> point(@Nullable BigDecimal latitude, @Nullable BigDecimal longitude) {
		return (latitude != null && longitude != null)
				? java.util.Optional.of(new double[] { latitude.doubleValue(), longitude.doubleValue() })
				: java.util.Optional.empty();
	}

}
