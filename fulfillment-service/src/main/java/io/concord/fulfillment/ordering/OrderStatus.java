package io.concord.fulfillment.ordering;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order lifecycle as a table: which action moves which state where. Anything not in
 * the table is refused (409), so a late or repeated action can never move an order
 * backwards. Placement states (PLACING, REJECTED) are the saga's, not the lifecycle's.
 */
enum OrderStatus {

	PLACING, REJECTED, PENDING_PAYMENT, PAID, ALLOCATED, SHIPPED, DELIVERED, CANCELLED, RETURN_REQUESTED, RETURNED;

	public enum Action {

		PAY, ALLOCATE, SHIP, DELIVER, CANCEL, EXPIRE, REQUEST_RETURN, COMPLETE_RETURN, COMPLETE_PARTIAL_RETURN,
		REJECT_RETURN

	}

	private static final Map<OrderStatus, Map<Action, OrderStatus>> TRANSITIONS = new EnumMap<>(OrderStatus.class);

	static {
		allow(PENDING_PAYMENT, Action.PAY, PAID);
		allow(PENDING_PAYMENT, Action.CANCEL, CANCELLED);
		allow(PENDING_PAYMENT, Action.EXPIRE, CANCELLED);
		allow(PAID, Action.ALLOCATE, ALLOCATED);
		allow(PAID, Action.CANCEL, CANCELLED);
		allow(ALLOCATED, Action.SHIP, SHIPPED);
		allow(ALLOCATED, Action.CANCEL, CANCELLED);
		allow(SHIPPED, Action.DELIVER, DELIVERED);
		allow(DELIVERED, Action.REQUEST_RETURN, RETURN_REQUESTED);
		allow(RETURN_REQUESTED, Action.COMPLETE_RETURN, RETURNED);
		allow(RETURN_REQUESTED, Action.COMPLETE_PARTIAL_RETURN, DELIVERED);
		allow(RETURN_REQUESTED, Action.REJECT_RETURN, DELIVERED);
	}

	private static void allow(OrderStatus from, Action action, OrderStatus to) {
		TRANSITIONS.computeIfAbsent(from, (s) -> new EnumMap<>(Action.class)).put(action, to);
	}

	/** Where {@code action} takes an order in this state, or empty if it may not. */
	public Optional<OrderStatus> after(Action action) {
		return Optional.ofNullable(TRANSITIONS.getOrDefault(this, Map.of()).get(action));
	}

	/**
	 * Nothing is left to deliver (delivered, returned or being returned, cancelled,
	 * rejected): the shipping address has served its purpose.
	 */
	public boolean settled() {
		return switch (this) {
			case DELIVERED, RETURN_REQUESTED, RETURNED, CANCELLED, REJECTED -> true;
			case PLACING, PENDING_PAYMENT, PAID, ALLOCATED, SHIPPED -> false;
		};
	}

	/** Paid, not delivered and not cancelled: the delivery promise is running. */
	static final Set<OrderStatus> UNDER_PROMISE = EnumSet.of(PAID, ALLOCATED, SHIPPED);

	/** Paid and not yet left: the dispatch promise is running. */
	static final Set<OrderStatus> AWAITING_DISPATCH = EnumSet.of(PAID, ALLOCATED);

	/** A SQL condition that {@code column} holds one of {@code statuses}. */
	static String sqlIn(String column, Set<OrderStatus> statuses) {
		return statuses.stream()
			.map((status) -> "'" + status.name() + "'")
			.collect(Collectors.joining(", ", column + " in (", ")"));
	}

	/** Before shipment the shopper may still cancel. */
	public boolean cancellable() {
		return after(Action.CANCEL).isPresent();
	}

}
