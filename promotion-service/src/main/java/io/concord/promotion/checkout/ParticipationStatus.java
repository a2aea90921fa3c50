package io.concord.promotion.checkout;

import java.util.EnumSet;
import java.util.Set;

/**
 * An order's participation in promotions, named as stored in
 * {@code order_promotion.status}, and the moves between them: locked when the order is
 * placed, redeemed when it is paid, released when it is cancelled (paid or not). Returns
 * do not change it; a released participation is final.
 */
enum ParticipationStatus {

	LOCKED, REDEEMED, RELEASED;

	private Set<ParticipationStatus> next() {
		return switch (this) {
			case LOCKED -> EnumSet.of(REDEEMED, RELEASED);
			case REDEEMED -> EnumSet.of(RELEASED);
			case RELEASED -> EnumSet.noneOf(ParticipationStatus.class);
		};
	}

	boolean canMoveTo(ParticipationStatus next) {
		return next().contains(next);
	}

	/** As a SQL literal: {@code 'LOCKED'}. */
	String sql() {
		return "'" + name() + "'";
	}

	static ParticipationStatus of(String stored) {
		return valueOf(stored);
	}

}
