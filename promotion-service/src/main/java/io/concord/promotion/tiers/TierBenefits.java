package io.concord.promotion.tiers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.concord.promotion.pricing.Offer;

/**
 * What a tier gives at checkout, as member-service last announced it.
 *
 * @param discountPercent the member price: percent off the goods (0 for none)
 * @param freeShipping the shipping fee is waived
 * @param earlyAccess admitted to early-access windows that name no minimum tier
 */
public record TierBenefits(MemberTier tier, BigDecimal discountPercent, boolean freeShipping, boolean earlyAccess,
		long version) {

	private static final String OFFER_PREFIX = "tier:";

	/**
	 * The tier's benefits as offers for the pricing engine, in the cart's currency. The
	 * member price is a percentage in its own MEMBER stacking group (after item and order
	 * promotions, before coupons); free shipping competes in SHIPPING like any waiver.
	 */
	public List<Offer> offers(String currency) {
		List<Offer> offers = new ArrayList<>();
		if (this.discountPercent.signum() > 0) {
			offers.add(new Offer(OFFER_PREFIX + this.tier + ":member-price",
					this.tier.title() + " member price: " + this.discountPercent.stripTrailingZeros().toPlainString()
							+ "% off",
					Offer.Kind.PERCENT_OFF, Offer.StackingGroup.MEMBER, false, 0, currency, Offer.Scope.everything(),
					Offer.Rule.percentOff(this.discountPercent.toPlainString(), null), true));
		}
		if (this.freeShipping) {
			offers.add(new Offer(OFFER_PREFIX + this.tier + ":free-shipping",
					this.tier.title() + " member free shipping", Offer.Kind.FREE_SHIPPING, Offer.StackingGroup.SHIPPING,
					false, 0, currency, Offer.Scope.everything(), Offer.Rule.freeShipping(0, null), true));
		}
		return offers;
	}

	/**
	 * Whether an applied promotion id is a tier benefit (it has no budget, no coupon and
	 * no row in the catalog).
	 */
	public static boolean isTierOffer(String promotionId) {
		return promotionId.startsWith(OFFER_PREFIX);
	}

}
