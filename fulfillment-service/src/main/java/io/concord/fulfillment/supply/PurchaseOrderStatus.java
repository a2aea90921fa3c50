package io.concord.fulfillment.supply;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A purchase order's life as a table: which action moves which state where. Anything not
 * in the table is refused (409 {@code invalid-transition}), so a late or repeated
 * supplier call never moves an order backwards. Stored by name in
 * {@code purchase_order.status}.
 */
enum PurchaseOrderStatus {

	DRAFT, APPROVED, CONFIRMED, SHIPPED, RECEIVED, SETTLED, CANCELLED;

	/**
	 * What moves a purchase order, with the word a refusal's detail uses ("it cannot be
	 * …", as answered since the first release).
	 */
	enum Action {

		/** Ops send the draft to its supplier. */
		APPROVE("approved"),
		/** The supplier confirms quantities and prices. */
		CONFIRM("confirmed"),
		/** The supplier's advance shipping notice. */
		ANNOUNCE("shipped"),
		/** Our location received and inspected the delivery. */
		RECEIVE("receive"),
		/** The carrier delivered a dropship parcel to the shopper. */
		DELIVER_TO_SHOPPER("received"),
		/** Received goods are paid for, penalties deducted. */
		SETTLE("settled"),
		/** Ops call it off before it ships. */
		CANCEL("cancel");

		private final String verb;

		Action(String verb) {
			this.verb = verb;
		}

		String verb() {
			return this.verb;
		}

	}

	private static final Map<PurchaseOrderStatus, Map<Action, PurchaseOrderStatus>> TRANSITIONS = new EnumMap<>(
			PurchaseOrderStatus.class);

	static {
		allow(DRAFT, Action.APPROVE, APPROVED);
		allow(APPROVED, Action.CONFIRM, CONFIRMED);
		allow(CONFIRMED, Action.ANNOUNCE, SHIPPED);
		allow(CONFIRMED, Action.RECEIVE, RECEIVED);
		allow(SHIPPED, Action.RECEIVE, RECEIVED);
		// A dropship order is never announced or inspected by us: the shopper's delivery
		// is its receipt, whatever the supplier told us before.
		allow(APPROVED, Action.DELIVER_TO_SHOPPER, RECEIVED);
		allow(CONFIRMED, Action.DELIVER_TO_SHOPPER, RECEIVED);
		allow(SHIPPED, Action.DELIVER_TO_SHOPPER, RECEIVED);
		allow(RECEIVED, Action.SETTLE, SETTLED);
		allow(DRAFT, Action.CANCEL, CANCELLED);
		allow(APPROVED, Action.CANCEL, CANCELLED);
		allow(CONFIRMED, Action.CANCEL, CANCELLED);
	}

	private static void allow(PurchaseOrderStatus from, Action action, PurchaseOrderStatus to) {
		TRANSITIONS.computeIfAbsent(from, (s) -> new EnumMap<>(Action.class)).put(action, to);
	}

	/** Where {@code action} takes an order in this state, or empty if it may not. */
	Optional<PurchaseOrderStatus> after(Action action) {
		return Optional.ofNullable(TRANSITIONS.getOrDefault(this, Map.of()).get(action));
	}

}
