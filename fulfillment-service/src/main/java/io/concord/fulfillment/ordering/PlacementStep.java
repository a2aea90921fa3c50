package io.concord.fulfillment.ordering;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * How far an order's placement saga got ({@code customer_order.saga_step}), and which
 * step may follow which. Each step is stored after its partner call succeeded, so a
 * resumed placement starts after the last stored one; the update that stores a step names
 * the step it leaves, so two instances can never both take it.
 */
enum PlacementStep {

	/** The order and its lines exist, priced from the catalogue. */
	NEW,
	/** inventory-service holds the stock. */
	STOCK_RESERVED,
	/** member-service debited the points (only for orders paying with points). */
	POINTS_REDEEMED,
	/** Promotions locked, the order is PENDING_PAYMENT. */
	DONE,
	/** Refused or given up: everything held was released, the order is REJECTED. */
	COMPENSATED;

	private static final Map<PlacementStep, Set<PlacementStep>> NEXT = Map.of(NEW,
			EnumSet.of(STOCK_RESERVED, COMPENSATED), STOCK_RESERVED, EnumSet.of(POINTS_REDEEMED, DONE, COMPENSATED),
			POINTS_REDEEMED, EnumSet.of(DONE, COMPENSATED), DONE, EnumSet.noneOf(PlacementStep.class), COMPENSATED,
			EnumSet.noneOf(PlacementStep.class));

	/** Whether the saga may go from this step to {@code next}. */
	boolean leadsTo(PlacementStep next) {
		return NEXT.get(this).contains(next);
	}

	/**
	 * The guard of the update that stores {@code next}: the stored step is one that leads
	 * to it (a SQL condition on {@code saga_step}).
	 */
	static String storedBefore(PlacementStep next) {
		StringJoiner steps = new StringJoiner("', '", "saga_step in ('", "')");
		for (PlacementStep step : values()) {
			if (step.leadsTo(next)) {
				steps.add(step.name());
			}
		}
		return steps.toString();
	}

	/** Placement is over: nothing is left to resume. */
	boolean finished() {
		return NEXT.get(this).isEmpty();
	}

}
