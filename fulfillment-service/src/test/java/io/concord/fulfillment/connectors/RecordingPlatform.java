package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A platform that records every call per connector (time, kind, items, outcome), keeps
 * the quantities and prices it was told, serves the orders a test queues per connector to
 * the pull, records the tracking pushed, and fails the calls a test queues for a
 * connector (a 429 with Retry-After, a 503) or the next {@code failTracking} tracking
 * pushes. Found by component scanning, so every test context has it; connectors use it
 * with platform {@code RECORDING}.
 */
@Component
public class RecordingPlatform implements ChannelPlatform {

	public static final String NAME = "RECORDING";

	final Map<String, List<PlatformOrder>> orders = new ConcurrentHashMap<>();

	final List<TrackingUpdate> tracking = new CopyOnWriteArrayList<>();

	final AtomicInteger failTracking = new AtomicInteger();

	record Call(String connectorId, Instant at, String kind, int items, boolean ok) {
	}

	final List<Call> calls = new CopyOnWriteArrayList<>();

	/** Connector id -> platform SKU -> quantity the platform sells. */
	final Map<String, Map<String, Integer>> stock = new ConcurrentHashMap<>();

	/** Connector id -> platform SKU -> selling price. */
	final Map<String, Map<String, Long>> prices = new ConcurrentHashMap<>();

	/** Connector id -> failures the next calls meet, in order. */
	final Map<String, Queue<PlatformCallFailed>> failures = new ConcurrentHashMap<>();

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
		call(connector, "stock", levels.size());
		Map<String, Integer> held = this.stock.computeIfAbsent(connector.connectorId(),
				(id) -> new ConcurrentHashMap<>());
		levels.forEach((level) -> held.put(level.platformSku(), level.quantity()));
	}

	@Override
	public void pushPrices(Connector connector, List<PriceUpdate> updates) {
		call(connector, "prices", updates.size());
		Map<String, Long> held = this.prices.computeIfAbsent(connector.connectorId(),
				(id) -> new ConcurrentHashMap<>());
		updates.forEach((update) -> held.put(update.platformSku(), update.sellingPriceMinor()));
	}

	@Override
	public void pushTracking(Connector connector, TrackingUpdate tracking) {
		call(connector, "tracking", 1);
		if (this.failTracking.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new PlatformCallFailed("platform down", 503, null, null);
		}
		this.tracking.add(tracking);
	}

	void fail(String connectorId, int status, @Nullable Duration retryAfter, int times) {
		for (int i = 0; i < times; i++) {
			this.failures.computeIfAbsent(connectorId, (id) -> new ConcurrentLinkedQueue<>())
				.add(new PlatformCallFailed("platform answered " + status, status, retryAfter, null));
		}
	}

	List<Call> calls(String connectorId, String kind) {
		return this.calls.stream().filter((c) -> c.connectorId().equals(connectorId) && c.kind().equals(kind)).toList();
	}

	@Nullable Integer quantity(String connectorId, String platformSku) {
		return this.stock.getOrDefault(connectorId, Map.of()).get(platformSku);
	}

	@Nullable Long price(String connectorId, String platformSku) {
		return this.prices.getOrDefault(connectorId, Map.of()).get(platformSku);
	}

	private void call(Connector connector, String kind, int items) {
		PlatformCallFailed failure = this.failures.getOrDefault(connector.connectorId(), new ConcurrentLinkedQueue<>())
			.poll();
		this.calls.add(new Call(connector.connectorId(), Instant.now(), kind, items, failure == null));
		if (failure != null) {
			throw failure;
		}
	}

}
