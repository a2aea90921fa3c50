package io.concord.fulfillment.supply;

import java.time.Instant;
import java.util.List;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Accepted units entered a location (a supplier delivery, or an inspected return):
 * inventory-service books them. Keyed by receipt id.
 */
@PublishedEvent(topic = "concord.fulfillment.events.v1", type = "concord.fulfillment.GoodsReceived")
public record GoodsReceived(EventMetadata metadata, String receiptId, @Nullable String purchaseOrderId,
		@Nullable String supplierId, String location, List<Line> lines, String source,
		Instant receivedAt) implements IntegrationEvent {

	public record Line(String sku, int quantity) {
	}

}
