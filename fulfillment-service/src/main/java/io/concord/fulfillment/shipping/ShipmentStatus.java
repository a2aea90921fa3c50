package io.concord.fulfillment.shipping;

/**
 * A parcel's tracking status, in the only order it may move: a carrier's scan applies
 * when it is further along than the parcel, so a late or repeated scan changes nothing. A
 * carrier's EXCEPTION is not a status: it is noted on a parcel not yet delivered and
 * never undoes a delivery. Stored by name in {@code shipment.status}.
 */
enum ShipmentStatus {

	CREATED, PICKED_UP, IN_TRANSIT, DELIVERED;

	/** Whether a scan reporting {@code next} moves a parcel in this status. */
	boolean movesTo(ShipmentStatus next) {
		return next.compareTo(this) > 0;
	}

	/** Whether a carrier's exception is still news for a parcel in this status. */
	boolean takesException() {
		return this != DELIVERED;
	}

	/** Whether the parcel has left: picked up or further. */
	boolean underway() {
		return this != CREATED;
	}

}
