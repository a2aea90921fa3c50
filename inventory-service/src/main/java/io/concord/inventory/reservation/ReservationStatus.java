package io.concord.inventory.reservation;

import java.util.Map;
import java.util.Set;

/**
 * A reservation's states, stored by name, and the moves between them: the one place that
 * says which change is allowed.
 */
enum ReservationStatus {

	/** Holding stock for an unpaid order until it expires. */
	ACTIVE,
	/** Paid: the units left stock as a sale. */
	CONFIRMED,
	/** Cancelled before payment: the units are free again. */
	RELEASED,
	/** The hold ran out: the units are free again (a late payment may still confirm). */
	EXPIRED,
	/** Cancelled after payment, before shipping: the sold units are back in stock. */
	REVERSED;

	private static final Map<ReservationStatus, Set<ReservationStatus>> MOVES = Map.of(ACTIVE,
			Set.of(CONFIRMED, RELEASED, EXPIRED), EXPIRED, Set.of(CONFIRMED), CONFIRMED, Set.of(REVERSED), RELEASED,
			Set.of(), REVERSED, Set.of());

	boolean canMoveTo(ReservationStatus next) {
		return MOVES.get(this).contains(next);
	}

	/** Units are held (reserved) or sold for it, so cancelling gives something back. */
	boolean holdsStock() {
		return this == ACTIVE || this == CONFIRMED;
	}

	/** The move, checked: a caller asking for one the table does not allow is a bug. */
	static ReservationStatus checked(ReservationStatus from, ReservationStatus to) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("A reservation cannot move from " + from + " to " + to);
		}
		return to;
	}

}
