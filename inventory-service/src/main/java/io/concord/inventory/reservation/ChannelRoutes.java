package io.concord.inventory.reservation;

import java.util.HashMap;
import java.util.Map;

import io.concord.inventory.catalog.Catalog;
import io.concord.inventory.catalog.RoutingChanged;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Channel routes and location regions for the availability API, kept in memory: they
 * change a few times a day and anonymous traffic reads them on every request. Read again
 * after {@link AvailabilitySettings#routesTtl()}, and at once after a change through this
 * replica. Reservations do not use this: they read the routes in their own transaction.
 */
@Component
class ChannelRoutes {

	/** What one read of the database says. */
	record Routing(Map<String, StockPool.Route> routes, Map<String, String> locationRegions, long readAt) {
	}

	private final StockPools pools;

	private final Catalog catalog;

	private final long ttlNanos;

	private volatile @Nullable Routing current;

	ChannelRoutes(StockPools pools, Catalog catalog, AvailabilitySettings settings) {
		this.pools = pools;
		this.catalog = catalog;
		this.ttlNanos = settings.routesTtl().toNanos();
	}

	Routing current() {
		Routing routing = this.current;
		if (routing != null && System.nanoTime() - routing.readAt() < this.ttlNanos) {
			return routing;
		}
		// One reader refreshes; requests arriving meanwhile wait for its result.
		synchronized (this) {
			routing = this.current;
			if (routing == null || System.nanoTime() - routing.readAt() >= this.ttlNanos) {
				routing = new Routing(this.pools.routes(), locationRegions(), System.nanoTime());
				this.current = routing;
			}
			return routing;
		}
	}

	// After the change commits; a change outside a transaction has committed already.
	@TransactionalEventListener(fallbackExecution = true)
	void routingChanged(RoutingChanged changed) {
		synchronized (this) {
			this.current = null;
		}
	}

	private Map<String, String> locationRegions() {
		Map<String, String> regions = new HashMap<>();
		this.catalog.locations().values().forEach((location) -> {
			if (location.region() != null) {
				regions.put(location.code(), location.region());
			}
		});
		return Map.copyOf(regions);
	}

}
