package io.concord.promotion.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.concord.promotion.pricing.Offer.Kind;
import io.concord.promotion.pricing.Offer.Rule;
import io.concord.promotion.pricing.Offer.Scope;
import io.concord.promotion.pricing.Offer.StackingGroup;
import io.concord.promotion.pricing.Offer.ThresholdTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carts × promotion sets with totals worked out by hand (CNY, fen). Every case also
 * checks the invariants a refund relies on: line discounts sum exactly to the order
 * discount, no line goes below zero, and payable = subtotal − discount + shipping −
 * shipping discount.
 */
class PricingEngineTests {

	private static final CartLine TEE = line("TEE", 1, 9900, "APPAREL", "ACME");

	private static final CartLine JEANS = line("JEANS", 1, 29900, "APPAREL", "ACME");

	private static final CartLine PHONE = line("PHONE", 1, 399900, "ELECTRONICS", "NOVA");

	private static final CartLine SOCKS = line("SOCKS", 1, 1500, "APPAREL", "BASIC");

	private static final CartLine MUG = line("MUG", 1, 1999, "HOME", "BASIC");

	private static final Offer SPEND_300_GET_50 = offer("T300-50", Kind.SPEND_THRESHOLD, StackingGroup.ORDER,
			Rule.threshold(false, new ThresholdTier(30000, 5000)));

	private static final Offer EVERY_300_GET_50 = offer("T300-50R", Kind.SPEND_THRESHOLD, StackingGroup.ORDER,
			Rule.threshold(true, new ThresholdTier(30000, 5000)));

	private static final Offer TIERED = offer("TIERED", Kind.SPEND_THRESHOLD, StackingGroup.ORDER, Rule.threshold(false,
			new ThresholdTier(20000, 2000), new ThresholdTier(50000, 6000), new ThresholdTier(100000, 15000)));

	private static final Offer TEN_PERCENT_CAPPED = offer("P10", Kind.PERCENT_OFF, StackingGroup.COUPON,
			Rule.percentOff("10", 2000L));

	private static final Offer TWENTY_FIVE_OFF = offer("A25", Kind.AMOUNT_OFF, StackingGroup.COUPON,
			Rule.amountOff(2500, 10000));

	private static final Offer GOLD_FIFTEEN = scoped(
			offer("GOLD15", Kind.PERCENT_OFF, StackingGroup.ITEM, Rule.percentOff("15", null)), Set.of(), Set.of(),
			Set.of(), Set.of("GOLD"), false);

	private static final Offer APPAREL_BUY_2_GET_1 = scope(
			offer("B2G1", Kind.BUY_X_GET_Y, StackingGroup.ITEM, Rule.buyXGetY(2, 1, true)), Set.of("APPAREL"),
			Set.of());

	private static final Offer APPAREL_BUY_2_GET_1_ONCE = scope(
			offer("B2G1-ONCE", Kind.BUY_X_GET_Y, StackingGroup.ITEM, Rule.buyXGetY(2, 1, false)), Set.of("APPAREL"),
			Set.of());

	private static final Offer FREE_SHIPPING = offer("FS", Kind.FREE_SHIPPING, StackingGroup.SHIPPING,
			Rule.freeShipping(9900, null));

	private static final Offer FREE_SHIPPING_UP_TO_8 = offer("FS8", Kind.FREE_SHIPPING, StackingGroup.SHIPPING,
			Rule.freeShipping(0, 800L));

	private static final Offer EXCLUSIVE_FIFTEEN = exclusive(
			offer("EXCL15", Kind.PERCENT_OFF, StackingGroup.ITEM, Rule.percentOff("15", null)));

	private static final Offer LIVESTREAM_FIVE = scoped(
			offer("LIVE5", Kind.PERCENT_OFF, StackingGroup.ORDER, Rule.percentOff("5", null)), Set.of(), Set.of(),
			Set.of("LIVESTREAM"), Set.of(), false);

	private static final Offer NEW_MEMBER_TEN_OFF = scoped(
			offer("NEW10", Kind.AMOUNT_OFF, StackingGroup.COUPON, Rule.amountOff(1000, 0)), Set.of(), Set.of(),
			Set.of(), Set.of(), true);

	private static final Offer NO_POINTS_FIVE_OFF = new Offer("NOPTS", "NOPTS", Kind.AMOUNT_OFF, StackingGroup.COUPON,
			false, 0, "CNY", Scope.everything(), Rule.amountOff(500, 0), false);

	private static final Offer NOVA_THIRTY_OFF = scope(
			offer("NOVA30", Kind.AMOUNT_OFF, StackingGroup.COUPON, Rule.amountOff(3000, 300000)), Set.of(),
			Set.of("NOVA"));

	private static final Offer DOLLAR_OFF = new Offer("USD5", "USD5", Kind.AMOUNT_OFF, StackingGroup.COUPON, false, 0,
			"USD", Scope.everything(), Rule.amountOff(500, 0), true);

	private final PricingEngine engine = new PricingEngine();

	record Case(String name, Cart cart, List<Candidate> candidates, boolean chosenOnly, long payable,
			List<String> applied, Map<String, Reason> reasons) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Arguments> carts() {
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("threshold reached", cart(JEANS, TEE), auto(SPEND_300_GET_50), false, 34800,
				List.of("T300-50"), Map.of()));
		cases.add(new Case("threshold missed by the cart", cart(JEANS), auto(SPEND_300_GET_50), false, 29900, List.of(),
				Map.of("T300-50", Reason.BELOW_THRESHOLD)));
		cases.add(new Case("threshold repeats per full 300", cart(JEANS.times(3)), auto(EVERY_300_GET_50), false, 79700,
				List.of("T300-50R"), Map.of()));
		cases.add(new Case("tiered threshold, middle tier", cart(JEANS.times(2)), auto(TIERED), false, 53800,
				List.of("TIERED"), Map.of()));
		cases.add(new Case("tiered threshold, top tier", cart(PHONE), auto(TIERED), false, 384900, List.of("TIERED"),
				Map.of()));
		cases.add(new Case("percentage capped", cart(JEANS), coupons(TEN_PERCENT_CAPPED), false, 27900, List.of("P10"),
				Map.of()));
		cases.add(new Case("percentage rounds down", cart(MUG), coupons(TEN_PERCENT_CAPPED), false, 1800,
				List.of("P10"), Map.of()));
		cases.add(new Case("tier discount for gold", member(cart(JEANS), "GOLD"), auto(GOLD_FIFTEEN), false, 25415,
				List.of("GOLD15"), Map.of()));
		cases.add(new Case("tier discount not for silver", member(cart(JEANS), "SILVER"), auto(GOLD_FIFTEEN), false,
				29900, List.of(), Map.of("GOLD15", Reason.TIER_NOT_ELIGIBLE)));
		cases.add(new Case("buy 2 get 1 repeats, cheapest free", cart(TEE.times(3), SOCKS.times(3)),
				auto(APPAREL_BUY_2_GET_1), false, 31200, List.of("B2G1"), Map.of()));
		cases.add(new Case("buy 2 get 1 once", cart(TEE.times(3), SOCKS.times(3)), auto(APPAREL_BUY_2_GET_1_ONCE),
				false, 32700, List.of("B2G1-ONCE"), Map.of()));
		cases.add(new Case("buy 2 get 1 needs 3 units", cart(TEE.times(2), MUG), auto(APPAREL_BUY_2_GET_1), false,
				21799, List.of(), Map.of("B2G1", Reason.BELOW_THRESHOLD)));
		cases.add(new Case("tier discount then threshold on what is left", member(cart(JEANS.times(2)), "GOLD"),
				auto(GOLD_FIFTEEN, SPEND_300_GET_50), false, 45830, List.of("GOLD15", "T300-50"), Map.of()));
		cases.add(new Case("tier discount would break the threshold: threshold alone saves more",
				member(cart(JEANS, SOCKS), "GOLD"), auto(GOLD_FIFTEEN, SPEND_300_GET_50), false, 26400,
				List.of("T300-50"), Map.of("GOLD15", Reason.NOT_IN_BEST_COMBINATION)));
		cases.add(new Case("threshold + coupon + free shipping stack", shipping(cart(JEANS.times(2)), 1000),
				concat(auto(SPEND_300_GET_50, FREE_SHIPPING), coupons(TWENTY_FIVE_OFF)), false, 52300,
				List.of("T300-50", "A25", "FS"), Map.of()));
		cases.add(new Case("one coupon per order: the larger wins", cart(JEANS),
				coupons(TEN_PERCENT_CAPPED, TWENTY_FIVE_OFF), false, 27400, List.of("A25"),
				Map.of("P10", Reason.NOT_IN_BEST_COMBINATION)));
		cases.add(new Case("exclusive beats the stack", cart(PHONE),
				concat(auto(TIERED, EXCLUSIVE_FIFTEEN), coupons(TWENTY_FIVE_OFF)), false, 339915, List.of("EXCL15"),
				Map.of("TIERED", Reason.NOT_IN_BEST_COMBINATION, "A25", Reason.NOT_IN_BEST_COMBINATION)));
		cases.add(new Case("stack beats the exclusive", cart(TEE.times(4)),
				concat(auto(SPEND_300_GET_50, EXCLUSIVE_FIFTEEN), coupons(TEN_PERCENT_CAPPED)), false, 32600,
				List.of("T300-50", "P10"), Map.of("EXCL15", Reason.NOT_IN_BEST_COMBINATION)));
		cases.add(new Case("livestream-only offer on the livestream", channel(cart(JEANS), "LIVESTREAM"),
				auto(LIVESTREAM_FIVE), false, 28405, List.of("LIVE5"), Map.of()));
		cases.add(new Case("livestream-only offer in the app", cart(JEANS), auto(LIVESTREAM_FIVE), false, 29900,
				List.of(), Map.of("LIVE5", Reason.CHANNEL_NOT_ELIGIBLE)));
		cases.add(new Case("new-member coupon for a new member", newMember(cart(TEE)), coupons(NEW_MEMBER_TEN_OFF),
				false, 8900, List.of("NEW10"), Map.of()));
		cases.add(new Case("new-member coupon for an old member", cart(TEE), coupons(NEW_MEMBER_TEN_OFF), false, 9900,
				List.of(), Map.of("NEW10", Reason.NEW_MEMBERS_ONLY)));
		cases.add(new Case("paying with points excludes what does not combine with points", points(cart(JEANS, TEE)),
				concat(auto(SPEND_300_GET_50), coupons(NO_POINTS_FIVE_OFF)), false, 34800, List.of("T300-50"),
				Map.of("NOPTS", Reason.NOT_COMBINABLE_WITH_POINTS)));
		cases.add(new Case("brand coupon measures only the brand's lines", cart(PHONE, JEANS), coupons(NOVA_THIRTY_OFF),
				false, 426800, List.of("NOVA30"), Map.of()));
		cases.add(new Case("brand coupon below its brand spend", cart(JEANS.times(20)), coupons(NOVA_THIRTY_OFF), false,
				598000, List.of(), Map.of("NOVA30", Reason.NO_ELIGIBLE_LINES)));
		cases.add(new Case("chosen coupon is used even if another would save more", cart(JEANS),
				coupons(TEN_PERCENT_CAPPED), true, 27900, List.of("P10"), Map.of()));
		cases.add(new Case("two chosen coupons of one group: one applies, one conflicts", cart(JEANS),
				coupons(TWENTY_FIVE_OFF, TEN_PERCENT_CAPPED), true, 27400, List.of("A25"),
				Map.of("P10", Reason.STACKING_CONFLICT)));
		cases.add(new Case("free shipping up to a cap", shipping(cart(TEE), 1200), auto(FREE_SHIPPING_UP_TO_8), false,
				10300, List.of("FS8"), Map.of()));
		cases.add(new Case("free shipping below its spend", shipping(cart(SOCKS), 1200), auto(FREE_SHIPPING), false,
				2700, List.of(), Map.of("FS", Reason.BELOW_THRESHOLD)));
		cases.add(new Case("offer in another currency", cart(TEE), coupons(DOLLAR_OFF), false, 9900, List.of(),
				Map.of("USD5", Reason.CURRENCY_MISMATCH)));
		cases.add(new Case("a budget that cannot cover the discount is not offered", cart(JEANS, TEE),
				List.of(Candidate.automatic(SPEND_300_GET_50).withBudgetRemaining(4999L)), false, 39800, List.of(),
				Map.of("T300-50", Reason.BUDGET_EXHAUSTED)));
		cases.add(new Case("a budget that covers the discount is offered", cart(JEANS, TEE),
				List.of(Candidate.automatic(SPEND_300_GET_50).withBudgetRemaining(5000L)), false, 34800,
				List.of("T300-50"), Map.of()));
		return cases.stream().map(Arguments::of);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("carts")
	void pricesTheCartAsWorkedOutByHand(Case example) {
		Quote quote = this.engine.quote(example.cart(), example.candidates(), example.chosenOnly());

		assertThat(quote.payableMinor()).isEqualTo(example.payable());
		assertThat(quote.applied()).extracting(Quote.AppliedOffer::promotionId)
			.containsExactlyInAnyOrderElementsOf(example.applied());
		example.reasons()
			.forEach((promotion, reason) -> assertThat(quote.considered())
				.filteredOn((c) -> c.promotionId().equals(promotion))
				.singleElement()
				.extracting(Quote.Consideration::reason)
				.isEqualTo(reason));
		assertInvariants(quote, example.candidates().size());
	}

	@Test
	void orderDiscountIsSpreadOverLinesByLargestRemainder() {
		Quote quote = this.engine.quote(cart(TEE, JEANS, SOCKS), auto(SPEND_300_GET_50), false);

		// 5000 × 9900/41300 = 1198.55, × 29900/41300 = 3619.85, × 1500/41300 = 181.60:
		// the
		// floors leave 2, which go to the two largest remainders.
		assertThat(quote.lines()).extracting(Quote.LineQuote::discountMinor).containsExactly(1198L, 3620L, 182L);
	}

	@Test
	void buyXGetYFreesTheCheapestUnitsOfTheCheapestLines() {
		Quote quote = this.engine.quote(cart(TEE.times(3), SOCKS.times(3)), auto(APPAREL_BUY_2_GET_1), false);

		assertThat(quote.lines()).extracting(Quote.LineQuote::discountMinor).containsExactly(0L, 3000L);
	}

	@Test
	void amongEqualCouponsTheOneExpiringFirstIsUsed() {
		Instant soon = Instant.parse("2026-11-30T00:00:00Z");
		Instant later = Instant.parse("2026-12-31T00:00:00Z");
		Quote quote = this.engine.quote(cart(JEANS), List.of(Candidate.coupon(TWENTY_FIVE_OFF, "late", later),
				Candidate.coupon(TWENTY_FIVE_OFF, "early", soon)), false);

		assertThat(quote.applied()).extracting(Quote.AppliedOffer::couponId).containsExactly("early");
	}

	@Test
	void searchStaysBoundedWithManyCandidates() {
		List<Candidate> many = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			for (StackingGroup group : List.of(StackingGroup.ITEM, StackingGroup.ORDER, StackingGroup.COUPON)) {
				many.add(Candidate.automatic(offer(group + "-" + i, Kind.AMOUNT_OFF, group, Rule.amountOff(i, 0))));
			}
		}
		Quote quote = this.engine.quote(cart(JEANS), many, false);

		assertThat(quote.combinationsEvaluated()).isEqualTo(9 * 9 * 9);
		assertThat(quote.discountMinor()).isEqualTo(30 * 3);
		assertThat(quote.considered()).hasSize(90);
	}

	private static void assertInvariants(Quote quote, int candidates) {
		assertThat(quote.lines().stream().mapToLong(Quote.LineQuote::discountMinor).sum())
			.isEqualTo(quote.discountMinor());
		assertThat(quote.applied().stream().mapToLong(Quote.AppliedOffer::discountMinor).sum())
			.isEqualTo(quote.discountMinor());
		quote.lines().forEach((line) -> {
			assertThat(line.netMinor()).isNotNegative().isEqualTo(line.grossMinor() - line.discountMinor());
			assertThat(line.discounts().stream().mapToLong(Quote.LineDiscount::amountMinor).sum())
				.isEqualTo(line.discountMinor());
		});
		assertThat(quote.shippingDiscountMinor()).isBetween(0L, quote.shippingFeeMinor());
		assertThat(quote.payableMinor()).isEqualTo(quote.subtotalMinor() - quote.discountMinor()
				+ quote.shippingFeeMinor() - quote.shippingDiscountMinor());
		assertThat(quote.considered()).as("every candidate is explained").hasSize(candidates);
	}

	private static CartLine line(String sku, int quantity, long price, String category, String brand) {
		return new CartLine(sku, quantity, price, category, brand);
	}

	private static Offer offer(String id, Kind kind, StackingGroup group, Rule rule) {
		return new Offer(id, id, kind, group, false, 0, "CNY", Scope.everything(), rule, true);
	}

	private static Offer exclusive(Offer offer) {
		return new Offer(offer.id(), offer.name(), offer.kind(), offer.group(), true, offer.priority(),
				offer.currency(), offer.scope(), offer.rule(), offer.combinableWithPoints());
	}

	private static Offer scope(Offer offer, Set<String> categories, Set<String> brands) {
		return withScope(offer, new Scope(Set.of(), categories, brands, Set.of(), Set.of(), Set.of(), false));
	}

	private static Offer scoped(Offer offer, Set<String> categories, Set<String> brands, Set<String> channels,
			Set<String> tiers, boolean newMembersOnly) {
		return withScope(offer, new Scope(Set.of(), categories, brands, channels, tiers, Set.of(), newMembersOnly));
	}

	private static Offer withScope(Offer offer, Scope scope) {
		return new Offer(offer.id(), offer.name(), offer.kind(), offer.group(), offer.exclusive(), offer.priority(),
				offer.currency(), scope, offer.rule(), offer.combinableWithPoints());
	}

	private static List<Candidate> auto(Offer... offers) {
		return Arrays.stream(offers).map(Candidate::automatic).toList();
	}

	private static List<Candidate> coupons(Offer... offers) {
		return Arrays.stream(offers).map((offer) -> Candidate.coupon(offer, "C-" + offer.id(), null)).toList();
	}

	@SafeVarargs
	private static List<Candidate> concat(List<Candidate>... lists) {
		return Arrays.stream(lists).flatMap(List::stream).toList();
	}

	private static Cart cart(CartLine... lines) {
		return new Cart("CNY", "APP", null, Set.of(), false, List.of(lines), 0, false);
	}

	private static Cart member(Cart cart, String tier) {
		return new Cart(cart.currency(), cart.channel(), tier, cart.memberSegments(), cart.newMember(), cart.lines(),
				cart.shippingFeeMinor(), cart.usePoints());
	}

	private static Cart newMember(Cart cart) {
		return new Cart(cart.currency(), cart.channel(), cart.memberTier(), cart.memberSegments(), true, cart.lines(),
				cart.shippingFeeMinor(), cart.usePoints());
	}

	private static Cart channel(Cart cart, String channel) {
		return new Cart(cart.currency(), channel, cart.memberTier(), cart.memberSegments(), cart.newMember(),
				cart.lines(), cart.shippingFeeMinor(), cart.usePoints());
	}

	private static Cart shipping(Cart cart, long fee) {
		return new Cart(cart.currency(), cart.channel(), cart.memberTier(), cart.memberSegments(), cart.newMember(),
				cart.lines(), fee, cart.usePoints());
	}

	private static Cart points(Cart cart) {
		return new Cart(cart.currency(), cart.channel(), cart.memberTier(), cart.memberSegments(), cart.newMember(),
				cart.lines(), cart.shippingFeeMinor(), true);
	}

}
