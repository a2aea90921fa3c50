package io.concord.inventory.reservation;

import org.springframework.modulith.NamedInterface;

/** Inventory's public topic: partners and channels mirror availability from it. */
@NamedInterface("topics")
public final class InventoryTopics {

	public static final String EVENTS = "concord.inventory.events.v1";

	private InventoryTopics() {
	}

}
