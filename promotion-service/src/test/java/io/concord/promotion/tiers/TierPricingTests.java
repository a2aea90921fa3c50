package io.concord.promotion.tiers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.concord.promotion.pricing.Candidate;
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Offer;
import io.concord.promotion.pricing.PricingEngine;
import io.concord.promotion.pricing.Quote;
import io.concord.promotion.pricing.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tier's offers in the pricing engine (CNY, fen; totals worked out by hand): the
 * member price is computed after item and order promotions and before coupons, rounds
 * down like every percentage, and free shipping waives the fee.
 */
class TierPricingTests {

	private static final TierBenefits GOLD = new TierBenefits(MemberTier.GOLD, new BigDecimal("5.00"), true, false, 0);

	private static final TierBenefits BRONZE = new TierBenefits(MemberTier.BRONZE, new BigDecimal("0.00"), false, false,
			0);

	private static final CartLine JEANS = new CartLine("JEANS", 1, 29900, "APPAREL", "ACME");

	private static final CartLine TEE = new CartLine("TEE", 1, 9900, "APPAREL", "ACME");

	private static final Offer SPEND_300_GET_50 = new Offer("T300-50", "T300-50", Offer.Kind.SPEND_THRESHOLD,
			Offer.StackingGroup.ORDER, false, 0, "CNY", Offer.Scope.everything(),
			Offer.Rule.threshold(false, new Offer.ThresholdTier(30000, 5000)), true);

	private static final Offer TEN_PERCENT_CAPPED = new Offer("P10", "P10", Offer.Kind.PERCENT_OFF,
			Offer.StackingGroup.COUPON, false, 0, "CNY", Offer.Scope.everything(), Offer.Rule.percentOff("10", 2000L),
			true);

	private final PricingEngine engine = new PricingEngine();

	@Test
	void goldMemberPriceComesAfterTheThresholdAndBeforeTheCouponAndShippingIsWaived() {
		List<Candidate> candidates = new ArrayList<>(
				List.of(Candidate.automatic(SPEND_300_GET_50), Candidate.coupon(TEN_PERCENT_CAPPED, "c1", null)));
		GOLD.offers("CNY").forEach((offer) -> candidates.add(Candidate.automatic(offer)));

		Quote quote = this.engine.quote(cart("GOLD", 1000, JEANS, TEE), candidates, false);

		// 39,800 - 5,000 (threshold) = 34,800; 5% of it = 1,740; the coupon's 10% of
		// 33,060 = 3,306, capped at 2,000; the 1,000 shipping fee waived.
		assertThat(quote.applied())
			.extracting(Quote.AppliedOffer::promotionId, Quote.AppliedOffer::discountMinor,
					Quote.AppliedOffer::shippingDiscountMinor)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("T300-50", 5000L, 0L),
					org.assertj.core.groups.Tuple.tuple("tier:GOLD:member-price", 1740L, 0L),
					org.assertj.core.groups.Tuple.tuple("P10", 2000L, 0L),
					org.assertj.core.groups.Tuple.tuple("tier:GOLD:free-shipping", 0L, 1000L));
		assertThat(quote.discountMinor()).isEqualTo(8740);
		assertThat(quote.shippingDiscountMinor()).isEqualTo(1000);
		assertThat(quote.payableMinor()).isEqualTo(39800 - 8740);
		assertThat(quote.considered()).filteredOn((c) -> c.promotionId().equals("tier:GOLD:member-price"))
			.singleElement()
			.satisfies((c) -> {
				assertThat(c.name()).isEqualTo("Gold member price: 5% off");
				assertThat(c.reason()).isEqualTo(Reason.APPLIED);
				assertThat(c.detail()).isEqualTo("saves 1740");
			});
		assertThat(quote.lines().stream().mapToLong(Quote.LineQuote::discountMinor).sum())
			.isEqualTo(quote.discountMinor());
	}

	@Test
	void theMemberPriceRoundsDownAndItsLineSharesSumExactly() {
		CartLine a = new CartLine("A", 1, 333, null, null);
		CartLine b = new CartLine("B", 1, 333, null, null);
		CartLine c = new CartLine("C", 1, 333, null, null);
		List<Candidate> candidates = GOLD.offers("CNY").stream().map(Candidate::automatic).toList();

		Quote quote = this.engine.quote(cart("GOLD", 0, a, b, c), candidates, false);

		// 5% of 999 = 49.95: the member gets 49, never 50.
		assertThat(quote.discountMinor()).isEqualTo(49);
		assertThat(quote.lines()).extracting(Quote.LineQuote::discountMinor).containsExactly(17L, 16L, 16L);
		assertThat(quote.considered()).filteredOn((x) -> x.promotionId().equals("tier:GOLD:free-shipping"))
			.singleElement()
			.extracting(Quote.Consideration::reason)
			.isEqualTo(Reason.NO_SAVING);
	}

	@Test
	void anExclusivePromotionThatSavesMoreAppliesAloneWithoutTheMemberPrice() {
		Offer exclusive = new Offer("EXCL15", "EXCL15", Offer.Kind.PERCENT_OFF, Offer.StackingGroup.ITEM, true, 0,
				"CNY", Offer.Scope.everything(), Offer.Rule.percentOff("15", null), true);
		List<Candidate> candidates = new ArrayList<>(List.of(Candidate.automatic(exclusive)));
		new TierBenefits(MemberTier.GOLD, new BigDecimal("5"), false, false, 0).offers("CNY")
			.forEach((offer) -> candidates.add(Candidate.automatic(offer)));

		Quote quote = this.engine.quote(cart("GOLD", 0, JEANS), candidates, false);

		assertThat(quote.applied()).extracting(Quote.AppliedOffer::promotionId).containsExactly("EXCL15");
		assertThat(quote.considered()).filteredOn((x) -> x.promotionId().equals("tier:GOLD:member-price"))
			.singleElement()
			.extracting(Quote.Consideration::reason)
			.isEqualTo(Reason.NOT_IN_BEST_COMBINATION);
	}

	@Test
	void aTierWithoutBenefitsOffersNothing() {
		assertThat(BRONZE.offers("CNY")).isEmpty();
		assertThat(new TierBenefits(MemberTier.SILVER, new BigDecimal("2.50"), false, false, 0).offers("CNY"))
			.singleElement()
			.satisfies((offer) -> {
				assertThat(offer.name()).isEqualTo("Silver member price: 2.5% off");
				assertThat(offer.group()).isEqualTo(Offer.StackingGroup.MEMBER);
				assertThat(TierBenefits.isTierOffer(offer.id())).isTrue();
			});
	}

	@Test
	void earlyAccessAdmitsTheNamedTierAndAboveOrTiersWithTheBenefit() {
		MemberStanding bronze = new MemberStanding(MemberTier.BRONZE, BRONZE);
		MemberStanding gold = new MemberStanding(MemberTier.GOLD, GOLD);
		MemberStanding platinum = new MemberStanding(MemberTier.PLATINUM,
				new TierBenefits(MemberTier.PLATINUM, new BigDecimal("8"), true, true, 0));
		assertThat(bronze.admittedEarly(MemberTier.GOLD)).isFalse();
		assertThat(gold.admittedEarly(MemberTier.GOLD)).isTrue();
		assertThat(platinum.admittedEarly(MemberTier.GOLD)).isTrue();
		assertThat(gold.admittedEarly(null)).as("Gold's benefits give no early access").isFalse();
		assertThat(platinum.admittedEarly(null)).isTrue();
		assertThat(MemberStanding.GUEST.admittedEarly(MemberTier.BRONZE)).isFalse();
	}

	private static Cart cart(String tier, long shippingFeeMinor, CartLine... lines) {
		return new Cart("CNY", "APP", tier, Set.of(), false, List.of(lines), shippingFeeMinor, false);
	}

}
