package io.concord.promotion.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one offer gives on what the offers before it left of a cart, kind by kind. Amounts
 * are exact minor units. A percentage is taken of the eligible amount and rounded down
 * (the shopper never gets more than the stated percentage); an order-level discount is
 * spread over its eligible lines in proportion to their amounts by the largest-remainder
 * method, so line discounts sum exactly to the discount and no line goes below zero.
 * Buy-X-get-Y gives the cheapest eligible units free.
 */
final class OfferRules {

	/** What one offer gave in a combination, per line and on shipping. */
	record Outcome(Candidate candidate, long[] lines, long shipping, Reason reason, String detail) {

		long total() {
			long sum = this.shipping;
			for (long amount : this.lines) {
				sum = Math.addExact(sum, amount);
			}
			return sum;
		}

	}

	private OfferRules() {
	}

	/**
	 * What the candidate gives on its eligible lines' remaining amounts ({@code net}, by
	 * line) and on the shipping fee left.
	 */
	static Outcome apply(Candidate candidate, Cart cart, long[] net, long shippingLeft) {
		Offer offer = candidate.offer();
		long[] none = new long[net.length];
		List<Integer> eligible = new ArrayList<>();
		long eligibleNet = 0;
		for (int i = 0; i < net.length; i++) {
			if (offer.scope().covers(cart.lines().get(i))) {
				eligible.add(i);
				eligibleNet = Math.addExact(eligibleNet, net[i]);
			}
		}
		if (eligible.isEmpty()) {
			return new Outcome(candidate, none, 0, Reason.NO_ELIGIBLE_LINES, "no line is in its scope");
		}
		if (eligibleNet == 0 && offer.kind() != Offer.Kind.FREE_SHIPPING) {
			return new Outcome(candidate, none, 0, Reason.NO_SAVING, "nothing left to discount on its lines");
		}
		return switch (offer.kind()) {
			case AMOUNT_OFF, PERCENT_OFF -> amountOrPercentOff(candidate, net, eligible, eligibleNet);
			case SPEND_THRESHOLD -> spendThreshold(candidate, net, eligible, eligibleNet);
			case FREE_SHIPPING -> freeShipping(candidate, none, eligibleNet, shippingLeft);
			case BUY_X_GET_Y -> buyXGetY(candidate, cart, net, eligible);
		};
	}

	// A fixed amount or a percentage (rounded down) of the eligible lines, capped.
	private static Outcome amountOrPercentOff(Candidate candidate, long[] net, List<Integer> eligible,
			long eligibleNet) {
		Offer offer = candidate.offer();
		Offer.Rule rule = offer.rule();
		if (eligibleNet < rule.minSpend()) {
			return belowSpend(candidate, new long[net.length], rule.minSpend(), eligibleNet);
		}
		long amount = (offer.kind() == Offer.Kind.AMOUNT_OFF) ? rule.amountOffMinor()
				: BigDecimal.valueOf(eligibleNet)
					.multiply(rule.percentOff())
					.movePointLeft(2)
					.setScale(0, RoundingMode.DOWN)
					.longValueExact();
		if (rule.capMinor() != null) {
			amount = Math.min(amount, rule.capMinor());
		}
		return spread(candidate, net, eligible, Math.min(amount, eligibleNet));
	}

	// The highest tier reached; a repeating rule gives it once per full spend.
	private static Outcome spendThreshold(Candidate candidate, long[] net, List<Integer> eligible, long eligibleNet) {
		Offer.Rule rule = candidate.offer().rule();
		Offer.ThresholdTier reached = null;
		for (Offer.ThresholdTier tier : rule.tiers()) {
			if (eligibleNet >= tier.spendMinor()) {
				reached = tier;
			}
		}
		if (reached == null) {
			return belowSpend(candidate, new long[net.length], rule.tiers().get(0).spendMinor(), eligibleNet);
		}
		long amount = rule.repeating() ? Math.multiplyExact(reached.offMinor(), eligibleNet / reached.spendMinor())
				: reached.offMinor();
		return spread(candidate, net, eligible, Math.min(amount, eligibleNet));
	}

	// What is left of the shipping fee, capped.
	private static Outcome freeShipping(Candidate candidate, long[] none, long eligibleNet, long shippingLeft) {
		Offer.Rule rule = candidate.offer().rule();
		if (eligibleNet < rule.minSpend()) {
			return belowSpend(candidate, none, rule.minSpend(), eligibleNet);
		}
		long amount = (rule.capMinor() != null) ? Math.min(shippingLeft, rule.capMinor()) : shippingLeft;
		if (amount == 0) {
			return new Outcome(candidate, none, 0, Reason.NO_SAVING, "no shipping fee to waive");
		}
		return new Outcome(candidate, none, amount, Reason.APPLIED, "");
	}

	private static Outcome belowSpend(Candidate candidate, long[] none, long needed, long have) {
		return new Outcome(candidate, none, 0, Reason.BELOW_THRESHOLD,
				"needs an eligible spend of " + needed + ", the cart has " + have + ": add " + (needed - have));
	}

	// The cheapest eligible units are free: per full X+Y units, Y of them.
	private static Outcome buyXGetY(Candidate candidate, Cart cart, long[] net, List<Integer> eligible) {
		Offer.Rule rule = candidate.offer().rule();
		int buy = rule.buyQuantity();
		int get = rule.getQuantity();
		long units = eligible.stream().mapToLong((i) -> cart.lines().get(i).quantity()).sum();
		long groups = units / (buy + get);
		if (!rule.repeating()) {
			groups = Math.min(groups, 1);
		}
		long free = groups * get;
		long[] lines = new long[net.length];
		if (free == 0) {
			return new Outcome(candidate, lines, 0, Reason.BELOW_THRESHOLD,
					"needs " + (buy + get) + " eligible units, the cart has " + units);
		}
		// Units of one line share its amount as evenly as minor units allow.
		List<Integer> cheapestFirst = new ArrayList<>(eligible);
		cheapestFirst.sort(Comparator.comparingDouble((Integer i) -> (double) net[i] / cart.lines().get(i).quantity())
			.thenComparing((i) -> i));
		for (int i : cheapestFirst) {
			if (free == 0) {
				break;
			}
			int quantity = cart.lines().get(i).quantity();
			long take = Math.min(free, quantity);
			long base = net[i] / quantity;
			long richer = net[i] % quantity;
			// The cheapest 'take' units: the ones at 'base' first, then those at base +
			// 1.
			lines[i] = take * base + Math.max(0, take - (quantity - richer));
			free -= take;
		}
		return new Outcome(candidate, lines, 0, Reason.APPLIED, "");
	}

	/**
	 * Spreads an order-level amount over the eligible lines in proportion to what is left
	 * of them, largest remainder first, so the shares sum exactly to the amount.
	 */
	static Outcome spread(Candidate candidate, long[] net, List<Integer> eligible, long amount) {
		long[] lines = new long[net.length];
		if (amount == 0) {
			return new Outcome(candidate, lines, 0, Reason.NO_SAVING, "gives nothing on this cart");
		}
		long base = eligible.stream().mapToLong((i) -> net[i]).sum();
		BigDecimal total = BigDecimal.valueOf(base);
		List<long[]> remainders = new ArrayList<>();
		long given = 0;
		for (int i : eligible) {
			BigDecimal[] share = BigDecimal.valueOf(amount)
				.multiply(BigDecimal.valueOf(net[i]))
				.divideAndRemainder(total);
			lines[i] = share[0].longValueExact();
			given += lines[i];
			remainders.add(new long[] { share[1].longValueExact(), net[i], i });
		}
		remainders.sort(Comparator.comparingLong((long[] r) -> -r[0])
			.thenComparingLong((r) -> -r[1])
			.thenComparingLong((r) -> r[2]));
		for (int k = 0; given < amount; k++) {
			lines[(int) remainders.get(k)[2]]++;
			given++;
		}
		return new Outcome(candidate, lines, 0, Reason.APPLIED, "");
	}

}
