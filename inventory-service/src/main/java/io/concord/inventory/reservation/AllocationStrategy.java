package io.concord.inventory.reservation;

/** How a channel picks among the locations that serve it. */
enum AllocationStrategy {

	/** The channel's configured order: the first location that can serve a line does. */
	SORT_ORDER,

	/** The location with the most free units first: fewest splits, stock drawn evenly. */
	MOST_STOCK,

	/**
	 * Locations in the shipping region first, then by distance from its centre: fastest
	 * and cheapest delivery.
	 */
	NEAREST

}
