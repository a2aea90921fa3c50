package io.concord.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * Inventory's published events (schemas under {@code contracts/schemas/inventory}).
 * Reservation events are keyed by order id and versioned per reservation; availability
 * events are keyed by SKU and versioned per SKU, so a consumer can drop one that arrives
 * after a newer one.
 */
final class InventoryEvents {

	private InventoryEvents() {
	}

	record Allocated(String sku, String location, int quantity) {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReservationCreated")
	record ReservationCreated(EventMetadata metadata, String orderId, String channel, List<Allocated> allocations,
			Instant expiresAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReservationExtended")
	record ReservationExtended(EventMetadata metadata, String orderId, Instant expiresAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReservationConfirmed")
	record ReservationConfirmed(EventMetadata metadata, String orderId, String channel, List<Allocated> allocations,
			Instant confirmedAt) implements IntegrationEvent {
	}

	/**
	 * Released on cancellation, or reversed when a paid order is cancelled before
	 * shipping.
	 */
	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReservationReleased")
	record ReservationReleased(EventMetadata metadata, String orderId, String channel, List<Allocated> allocations,
			boolean wasConfirmed, Instant releasedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReservationExpired")
	record ReservationExpired(EventMetadata metadata, String orderId, String channel, List<Allocated> allocations,
			Instant expiredAt) implements IntegrationEvent {
	}

	/** Available-to-promise per channel after a change, for channels to mirror. */
	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.StockChanged")
	record StockChanged(EventMetadata metadata, String sku, int onHand, int reserved, int available,
			Map<String, Integer> availableByChannel, Instant changedAt) implements IntegrationEvent {
	}

	/** Free units fell below the SKU's reorder point. */
	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.LowStock")
	record LowStock(EventMetadata metadata, String sku, int available, int reorderPoint,
			Instant at) implements IntegrationEvent {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.OutOfStock")
	record OutOfStock(EventMetadata metadata, String sku, Instant at) implements IntegrationEvent {
	}

	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.BackInStock")
	record BackInStock(EventMetadata metadata, String sku, int available, Instant at) implements IntegrationEvent {
	}

}
