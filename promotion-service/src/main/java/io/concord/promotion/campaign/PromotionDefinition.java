package io.concord.promotion.campaign;

import java.time.Instant;

import io.concord.promotion.pricing.Offer;
import org.jspecify.annotations.Nullable;

/**
 * A promotion as ops define it.
 *
 * @param startsAt an own window inside the campaign's; null for the campaign's
 * @param coupon how coupons are issued; required for COUPON promotions, absent for
 * AUTOMATIC ones
 * @param budgetMinor the most its discounts may cost in total; null for no cap
 * @param restoreBudgetOnReturn whether a return gives the returned lines' discount back
 * to the budget
 */
public record PromotionDefinition(String name, Offer.Kind kind, Activation activation, Offer.StackingGroup group,
		boolean exclusive, int priority, String currency, boolean combinableWithPoints, Offer.Scope scope,
		Offer.Rule rule, @Nullable Instant startsAt, @Nullable Instant endsAt, @Nullable CouponSettings coupon,
		@Nullable Long budgetMinor, boolean restoreBudgetOnReturn) {

	public enum Activation {

		/** Applies to every eligible cart by itself. */
		AUTOMATIC,
		/** Applies through a coupon in the member's wallet. */
		COUPON

	}

	/** What issues a template's coupons besides claims and codes. */
	public enum Trigger {

		NEW_MEMBER, TIER_UPGRADE, CHURN_RISK, BIRTHDAY

	}

	/**
	 * @param totalQuantity coupons that exist (minted when the template is defined)
	 * @param perMemberLimit how many one member may hold over the template's life
	 * @param validDays days a coupon is valid from its issue; null for the promotion's
	 * window
	 * @param publicCode one shared code shoppers type to claim
	 * @param trigger member events that issue a coupon automatically
	 * @param triggerTier TIER_UPGRADE: only upgrades to this tier
	 */
	public record CouponSettings(int totalQuantity, int perMemberLimit, @Nullable Integer validDays,
			@Nullable String publicCode, @Nullable Trigger trigger, @Nullable String triggerTier) {
	}

}
