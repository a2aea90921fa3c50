package io.concord.promotion.campaign;

import java.util.List;

/**
 * What defining a coupon template needs from the coupon package: the template's pool of
 * unissued coupons. Declared here and implemented by {@code coupon} (which alone writes
 * coupon rows), so the catalogue changes the pool without depending on coupon, which
 * depends on the catalogue. Called inside the catalogue's transaction: when a method does
 * less than asked, the catalogue refuses and the transaction rolls back.
 */
public interface CouponPool {

	/** Adds {@code quantity} unissued coupons to the template's pool. */
	void mint(String promotionId, int quantity);

	/**
	 * Removes up to {@code quantity} unissued coupons without a code; returns how many it
	 * removed.
	 */
	int burn(String promotionId, int quantity);

	/**
	 * Gives single-use codes to up to {@code count} unissued coupons without one; returns
	 * the codes given.
	 */
	List<String> assignCodes(String promotionId, int count);

}
