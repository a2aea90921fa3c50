package io.concord.member.tiers;

import java.math.BigDecimal;

/**
 * What a tier qualifies for and gives. A member qualifies when both the 12-month spend
 * (in minor units of the brand currency, net of refunds) and the order count reach the
 * minimums.
 */
public record TierBenefits(Tier tier, long minSpendMinor, int minOrders, BigDecimal discountPercent,
		boolean freeShipping, boolean earlyAccess, BigDecimal pointsMultiplier, long birthdayGiftPoints) {

}
