package io.concord.fulfillment.connectors;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ChannelPlatform} test double (platform {@code RECORDING}): serves the orders a
 * test queues per connector to the pull, records the tracking pushed, and fails the next
 * {@code failTracking} pushes.
 */
public class RecordingPlatform implements ChannelPlatform {

	public static final String NAME = "RECORDING";

	final Map<String, List<PlatformOrder>> orders = new ConcurrentHashMap<>();

	final List<TrackingUpdate> tracking = new CopyOnWriteArrayList<>();

	final AtomicInteger failTracking = new AtomicInteger();

	@Override
	public String platform() {
		return NAME;
	}

	@Override
	public PulledOrders pullOrders(Connector connector, @Nullable String cursor) {
		List<PlatformOrder> all = this.orders.getOrDefault(connector.connectorId(), List.of());
		int from = (cursor != null) ? Integer.parseInt(cursor) : 0;
		return new PulledOrders(List.copyOf(all.subList(Math.min(from, all.size()), all.size())),
				String.valueOf(all.size()));
	}

	@Override
	public void pushStock(Connector connector, List<StockLevel> levels) {
	}

	@Override
	public void pushPrices(Connector connector, List<PriceUpdate> prices) {
	}

	@Override
	public void pushTracking(Connector connector, TrackingUpdate tracking) {
		if (this.failTracking.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new PlatformCallFailed("platform down", 503, null, null);
		}
		this.tracking.add(tracking);
	}

}
