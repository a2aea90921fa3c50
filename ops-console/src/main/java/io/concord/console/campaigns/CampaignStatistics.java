package io.concord.console.campaigns;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a campaign is doing, per promotion
 * ({@code /admin/promotions/campaigns/{id}/statistics}): for a coupon drop, coupons
 * minted, claimed (the API's "issued": in a member's wallet) and redeemed; for every
 * promotion, orders, discount given and GMV in minor units.
 */
public record CampaignStatistics(String campaignId, String status, List<Line> promotions) {

	public record Line(String promotionId, String name, String status, @Nullable Long couponsMinted,
			@Nullable Long couponsIssued, @Nullable Long couponsRedeemed, @Nullable Double redemptionRate, long orders,
			long discountSpentMinor, @Nullable Long budgetMinor, long budgetLockedMinor, long gmvMinor,
			String currency) {

		/** A coupon drop has coupons; an automatic promotion has none. */
		public boolean drop() {
			return this.couponsMinted != null;
		}

		/** The coupon burn: the share of the drop claimed so far (null: no drop). */
		public @Nullable Double burn() {
			if (this.couponsMinted == null || this.couponsMinted == 0 || this.couponsIssued == null) {
				return null;
			}
			return (double) this.couponsIssued / this.couponsMinted;
		}

		/** Coupons still to claim. */
		public long left() {
			return (this.couponsMinted != null && this.couponsIssued != null) ? this.couponsMinted - this.couponsIssued
					: 0;
		}

	}

	/** Discount given by every promotion in one currency (minor units, exact). */
	public long discountMinor(String currency) {
		return this.promotions.stream()
			.filter((line) -> line.currency().equals(currency))
			.mapToLong(Line::discountSpentMinor)
			.reduce(0L, Math::addExact);
	}

	/**
	 * Redemptions: orders that used a promotion of the campaign, counted per promotion.
	 */
	public long redemptions() {
		return this.promotions.stream().mapToLong(Line::orders).reduce(0L, Math::addExact);
	}

}
