package io.concord.fulfillment.shipping;

import java.time.Instant;

import org.springframework.modulith.NamedInterface;

/**
 * In-process facts about an order's parcels, for the order lifecycle to follow (shipping
 * does not move orders itself).
 */
@NamedInterface("events")
public final class ShipmentEvents {

	private ShipmentEvents() {
	}

	/** The order's first parcel was picked up by its carrier. */
	@NamedInterface("events")
	public record Dispatched(String orderId, Instant at) {
	}

	/** One parcel was delivered (a dropship parcel settles its supplier's order). */
	@NamedInterface("events")
	public record ParcelDelivered(String orderId, String shipmentId, Source source, Instant at) {
	}

	/** The order's last parcel was delivered. */
	@NamedInterface("events")
	public record Delivered(String orderId, Instant at) {
	}

	/**
	 * A carrier reported a problem with a parcel (lost, damaged, address unknown, ...).
	 */
	@NamedInterface("events")
	public record ExceptionReported(String orderId, String shipmentId, String reason, Instant at) {
	}

}
