package io.concord.promotion.pricing;

/** Why a considered promotion did not apply. */
public enum Reason {

	/** It applied. */
	APPLIED,
	/** No line of the cart is in its scope (SKUs, categories, brands). */
	NO_ELIGIBLE_LINES,
	/** The eligible spend or quantity is below what it needs. */
	BELOW_THRESHOLD, CHANNEL_NOT_ELIGIBLE, TIER_NOT_ELIGIBLE, SEGMENT_NOT_ELIGIBLE, NEW_MEMBERS_ONLY, CURRENCY_MISMATCH,
	/** It cannot be combined with paying by points, and the order uses points. */
	NOT_COMBINABLE_WITH_POINTS,
	/** A better combination was chosen under the stacking policy. */
	NOT_IN_BEST_COMBINATION,
	/** A chosen coupon conflicts with another chosen one under the stacking policy. */
	STACKING_CONFLICT,
	/** It would give nothing on this cart (e.g. nothing left to discount). */
	NO_SAVING,
	/** Outside its validity window, paused or ended. */
	NOT_ACTIVE,
	/** Its budget is spent. */
	BUDGET_EXHAUSTED,
	/** The coupon is not in this member's wallet or is locked by another order. */
	COUPON_NOT_USABLE

}
