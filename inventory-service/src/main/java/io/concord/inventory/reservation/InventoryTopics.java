package io.concord.inventory.reservation;

/** Inventory's public topic: partners and channels mirror availability from it. */
public final class InventoryTopics {

	public static final String EVENTS = "concord.inventory.events.v1";

	private InventoryTopics() {
	}

}
