package io.concord.fulfillment.shipping;

import java.time.Instant;

/**
 * In-process facts about an order's parcels, for the order lifecycle to follow (shipping
 * does not move orders itself).
 */
public final class ShipmentEvents {

	private ShipmentEvents() {
	}

	/** The order's first parcel was picked up by its carrier. */
	public record Dispatched(String orderId, Instant at) {
	}

	/** One parcel was delivered (a dropship parcel settles its supplier's order). */
	public record ParcelDelivered(String orderId, String shipmentId, Source source, Instant at) {
	}

	/** The order's last parcel was delivered. */
	public record Delivered(String orderId, Instant at) {
	}

	/** A parcel hit a problem (lost, damaged, address unknown, ...). */
	public record Exception(String orderId, String shipmentId, String reason, Instant at) {
	}

}
