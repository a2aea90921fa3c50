package io.concord.promotion.coupon;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A coupon's states, named as stored in {@code coupon.status}, and the only moves between
 * them ({@link Transition}). Every statement that changes a coupon's state takes its
 * condition and target from here, so the lifecycle is read in one place:
 *
 * <pre>
 * POOL --issue--> AVAILABLE --lock--> LOCKED --redeem--> REDEEMED
 *                 AVAILABLE <--release-- LOCKED, REDEEMED  (EXPIRED if its validity ran out)
 *                 AVAILABLE --expire--> EXPIRED
 *                 AVAILABLE, LOCKED --void--> VOIDED      (the member was erased)
 * </pre>
 *
 * A pool coupon without a code can also be burnt (deleted) when its template's quantity
 * shrinks; issued coupons never are.
 */
enum CouponStatus {

	/** Minted, not yet issued: a claim, code or trigger can take it. */
	POOL,
	/** In a member's wallet, usable within its validity. */
	AVAILABLE,
	/** Held by an order that is not yet paid. */
	LOCKED,
	/** Used by a paid order. */
	REDEEMED,
	/** Its validity ran out unused. */
	EXPIRED,
	/** Taken from an erased member unused. */
	VOIDED;

	/** The moves of the lifecycle: the states each leaves and the state it reaches. */
	enum Transition {

		ISSUE(AVAILABLE, POOL),

		LOCK(LOCKED, AVAILABLE),

		REDEEM(REDEEMED, LOCKED),

		/**
		 * Back to the wallet; a coupon whose validity ran out meanwhile expires instead.
		 */
		RELEASE(AVAILABLE, LOCKED, REDEEMED),

		EXPIRE(EXPIRED, AVAILABLE),

		VOID(VOIDED, AVAILABLE, LOCKED);

		private final CouponStatus to;

		private final Set<CouponStatus> from;

		Transition(CouponStatus to, CouponStatus first, CouponStatus... more) {
			this.to = to;
			this.from = EnumSet.of(first, more);
		}

		CouponStatus to() {
			return this.to;
		}

		Set<CouponStatus> from() {
			return this.from;
		}

		/**
		 * The condition a statement puts on the current state, e.g.
		 * {@code status = 'POOL'} or {@code status in ('LOCKED', 'REDEEMED')}.
		 */
		String fromSql(String column) {
			if (this.from.size() == 1) {
				return column + " = " + this.from.iterator().next().sql();
			}
			return column + " in (" + this.from.stream().map(CouponStatus::sql).collect(Collectors.joining(", ")) + ")";
		}

	}

	/** As a SQL literal: {@code 'POOL'}. */
	String sql() {
		return "'" + name() + "'";
	}

	/** Whether a coupon in this state may move to {@code next}. */
	boolean canMoveTo(CouponStatus next) {
		for (Transition transition : Transition.values()) {
			if (transition.from().contains(this) && (transition.to() == next
					|| (transition == Transition.RELEASE && next == Transition.EXPIRE.to()))) {
				return true;
			}
		}
		return false;
	}

}
