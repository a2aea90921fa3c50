package io.concord.promotion.pricing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.promotion.pricing.OfferRules.Outcome;
import io.concord.promotion.pricing.Quote.Consideration;
import org.jspecify.annotations.Nullable;

/**
 * Prices a cart under the stacking policy.
 *
 * <p>
 * <b>Stacking.</b> At most one promotion per {@link Offer.StackingGroup}; an exclusive
 * promotion applies alone. Discounts are computed group by group (ITEM, ORDER, MEMBER,
 * COUPON, SHIPPING), each on what the groups before left of the lines, so a spend
 * threshold is measured after item discounts, a tier's member price after the threshold
 * and a coupon after the member price.
 *
 * <p>
 * <b>Best combination.</b> Candidates that give nothing on their own are dropped (every
 * rule gives less, never more, on a smaller amount, so they cannot give anything in a
 * combination either). For each group the {@value #CANDIDATES_PER_GROUP} best by
 * stand-alone saving are kept; every choice of at most one per group is evaluated, and
 * every exclusive candidate alone: at most 9^4 x 2 = 13,122 (MEMBER holds the tier's
 * offer only) + exclusives evaluations of O(lines) each. The search is exact whenever no
 * group has more than {@value #CANDIDATES_PER_GROUP} useful candidates. Ties go to the
 * combination that uses fewer coupons (the wallet keeps more), then higher total
 * priority, then the coupon that expires first.
 *
 * <p>
 * <b>Rounding.</b> What one offer gives on what is left of a cart is {@link OfferRules}.
 */
public final class PricingEngine {

	static final int CANDIDATES_PER_GROUP = 8;

	/**
	 * @param chosenCouponsOnly true when the shopper chose coupons: every coupon
	 * candidate is applied if the stacking policy allows (the rest are reported as
	 * conflicts), and only automatic promotions are searched around them
	 */
	public Quote quote(Cart cart, List<Candidate> candidates, boolean chosenCouponsOnly) {
		Screening screening = screen(cart, candidates);
		List<Candidate> forced = chosenCouponsOnly ? forceChosenCoupons(screening) : List.of();
		Search search = search(cart, screening, forced);
		Evaluation best = (search.best != null) ? search.best : evaluate(cart, List.of());
		return quote(cart, best, screening.candidatesByKey(), screening.considered(), search.evaluated);
	}

	/**
	 * Step 1: each distinct candidate is excluded by its context (channel, tier, ...),
	 * found to give nothing alone, or kept as useful with its stand-alone outcome.
	 */
	private Screening screen(Cart cart, List<Candidate> candidates) {
		Screening screening = new Screening(new LinkedHashMap<>(), new LinkedHashMap<>(), new HashMap<>(),
				new ArrayList<>());
		for (Candidate candidate : candidates) {
			if (screening.candidatesByKey().putIfAbsent(candidate.key(), candidate) != null) {
				continue;
			}
			Consideration excluded = excluded(cart, candidate);
			if (excluded != null) {
				screening.considered().put(candidate.key(), excluded);
				continue;
			}
			Evaluation alone = evaluate(cart, List.of(candidate));
			Outcome outcome = alone.outcomes().get(0);
			screening.standalone().put(candidate.key(), outcome);
			if (outcome.total() == 0) {
				screening.considered().put(candidate.key(), notApplied(candidate, outcome.reason(), outcome.detail()));
			}
			else {
				screening.useful().add(candidate);
			}
		}
		return screening;
	}

	/**
	 * What screening found: every distinct candidate by key, the decisions made so far,
	 * stand-alone outcomes and the candidates still in the running.
	 */
	private record Screening(Map<String, Candidate> candidatesByKey, Map<String, Consideration> considered,
			Map<String, Outcome> standalone, List<Candidate> useful) {

		/** Best stand-alone saving first, then higher priority, then key. */
		Comparator<Candidate> byStandalone() {
			return Comparator.comparingLong((Candidate c) -> -this.standalone.get(c.key()).total())
				.thenComparing((Candidate c) -> -c.offer().priority())
				.thenComparing(Candidate::key);
		}

	}

	/**
	 * Step 2, when the shopper chose coupons: each chosen coupon is applied if the
	 * stacking policy allows (by priority, then saving), the others reported as
	 * conflicts; no other coupon is searched.
	 */
	private static List<Candidate> forceChosenCoupons(Screening screening) {
		List<Candidate> forced = new ArrayList<>();
		List<Candidate> chosen = screening.useful()
			.stream()
			.filter(Candidate::isCoupon)
			.sorted(Comparator.comparing((Candidate c) -> -c.offer().priority())
				.thenComparing(screening.byStandalone()))
			.toList();
		for (Candidate coupon : chosen) {
			String conflict = conflict(forced, coupon);
			if (conflict == null) {
				forced.add(coupon);
			}
			else {
				screening.considered().put(coupon.key(), notApplied(coupon, Reason.STACKING_CONFLICT, conflict));
			}
		}
		screening.useful().removeIf(Candidate::isCoupon);
		return forced;
	}

	/**
	 * Step 3: the best combination around the forced coupons: the best
	 * {@value #CANDIDATES_PER_GROUP} per stacking group, at most one per group, and each
	 * exclusive alone.
	 */
	private Search search(Cart cart, Screening screening, List<Candidate> forced) {
		Map<Offer.StackingGroup, List<Candidate>> options = new EnumMap<>(Offer.StackingGroup.class);
		List<Candidate> exclusives = new ArrayList<>();
		for (Candidate candidate : screening.useful()) {
			if (candidate.offer().exclusive()) {
				exclusives.add(candidate);
			}
			else if (forced.stream().noneMatch((f) -> f.offer().group() == candidate.offer().group())) {
				options.computeIfAbsent(candidate.offer().group(), (g) -> new ArrayList<>()).add(candidate);
			}
		}
		options.values().forEach((list) -> {
			list.sort(screening.byStandalone());
			if (list.size() > CANDIDATES_PER_GROUP) {
				list.subList(CANDIDATES_PER_GROUP, list.size()).clear();
			}
		});
		Search search = new Search(cart);
		boolean forcedExclusive = forced.stream().anyMatch((c) -> c.offer().exclusive());
		if (forcedExclusive) {
			search.consider(forced);
		}
		else {
			search.enumerate(new ArrayList<>(options.values()), 0, new ArrayList<>(forced));
			if (forced.isEmpty()) {
				exclusives.forEach((exclusive) -> search.consider(List.of(exclusive)));
			}
		}
		return search;
	}

	/** Step 4: the quote of the best combination, explaining every candidate. */
	private Quote quote(Cart cart, Evaluation best, Map<String, Candidate> candidatesByKey,
			Map<String, Consideration> considered, int evaluated) {
		List<Quote.AppliedOffer> applied = new ArrayList<>();
		List<List<Quote.LineDiscount>> lineDiscounts = new ArrayList<>();
		cart.lines().forEach((line) -> lineDiscounts.add(new ArrayList<>()));
		long discount = 0;
		long shippingDiscount = 0;
		Map<String, String> appliedByGroup = new HashMap<>();
		for (Outcome outcome : best.outcomes()) {
			Candidate candidate = outcome.candidate();
			if (outcome.total() == 0) {
				considered.put(candidate.key(), notApplied(candidate, outcome.reason(),
						outcome.detail() + " (after the discounts computed before it)"));
				continue;
			}
			long onLines = 0;
			for (int i = 0; i < outcome.lines().length; i++) {
				if (outcome.lines()[i] > 0) {
					lineDiscounts.get(i)
						.add(new Quote.LineDiscount(candidate.offer().id(), candidate.couponId(), outcome.lines()[i]));
					onLines = Math.addExact(onLines, outcome.lines()[i]);
				}
			}
			discount = Math.addExact(discount, onLines);
			shippingDiscount = Math.addExact(shippingDiscount, outcome.shipping());
			applied.add(new Quote.AppliedOffer(candidate.offer().id(), candidate.offer().name(), candidate.couponId(),
					candidate.offer().group(), onLines, outcome.shipping()));
			considered.put(candidate.key(), new Quote.Consideration(candidate.offer().id(), candidate.offer().name(),
					candidate.couponId(), true, Reason.APPLIED, "saves " + outcome.total()));
			appliedByGroup.put(candidate.offer().group().name(), candidate.offer().name());
			if (candidate.offer().exclusive()) {
				appliedByGroup.put("EXCLUSIVE", candidate.offer().name());
			}
		}
		List<Quote.Consideration> considerations = new ArrayList<>();
		for (Candidate candidate : candidatesByKey.values()) {
			Consideration decided = considered.get(candidate.key());
			considerations.add((decided != null) ? decided
					: notApplied(candidate, Reason.NOT_IN_BEST_COMBINATION, whyNotChosen(candidate, appliedByGroup)));
		}
		List<Quote.LineQuote> lines = new ArrayList<>();
		for (int i = 0; i < cart.lines().size(); i++) {
			CartLine line = cart.lines().get(i);
			long lineDiscount = lineDiscounts.get(i).stream().mapToLong(Quote.LineDiscount::amountMinor).sum();
			lines.add(new Quote.LineQuote(line.sku(), line.quantity(), line.unitPriceMinor(), line.grossMinor(),
					lineDiscount, line.grossMinor() - lineDiscount, List.copyOf(lineDiscounts.get(i))));
		}
		boolean pointsAllowed = best.outcomes()
			.stream()
			.filter((o) -> o.total() > 0)
			.allMatch((o) -> o.candidate().offer().combinableWithPoints());
		long subtotal = cart.subtotalMinor();
		// Exact: an amount too large to add up fails (the caller answers 422) instead of
		// wrapping into a negative price.
		long payable = Math.subtractExact(
				Math.addExact(Math.subtractExact(subtotal, discount), cart.shippingFeeMinor()), shippingDiscount);
		return new Quote(cart.currency(), subtotal, discount, cart.shippingFeeMinor(), shippingDiscount, payable, lines,
				applied, considerations, pointsAllowed, evaluated);
	}

	// A candidate that saved something alone but lost to a better combination.
	private static String whyNotChosen(Candidate candidate, Map<String, String> appliedByGroup) {
		if (appliedByGroup.containsKey("EXCLUSIVE")) {
			return "the exclusive " + appliedByGroup.get("EXCLUSIVE") + " saves more and applies alone";
		}
		if (candidate.offer().exclusive()) {
			return "it applies alone, and the chosen combination saves more";
		}
		String sameGroup = appliedByGroup.get(candidate.offer().group().name());
		if (sameGroup != null) {
			return "one " + candidate.offer().group() + " promotion per order, and " + sameGroup + " saves more";
		}
		return "the chosen combination saves more without it";
	}

	/** A reason fixed before any arithmetic: the caller's, or the cart's context. */
	private static @Nullable Consideration excluded(Cart cart, Candidate candidate) {
		Offer offer = candidate.offer();
		Offer.Scope scope = offer.scope();
		if (candidate.unavailable() != null) {
			return notApplied(candidate, candidate.unavailable(), String.valueOf(candidate.unavailableDetail()));
		}
		if (!offer.currency().equals(cart.currency())) {
			return notApplied(candidate, Reason.CURRENCY_MISMATCH, "priced in " + offer.currency());
		}
		if (!scope.channels().isEmpty() && !scope.channels().contains(cart.channel())) {
			return notApplied(candidate, Reason.CHANNEL_NOT_ELIGIBLE, "only for channels " + sorted(scope.channels()));
		}
		if (!scope.memberTiers().isEmpty()
				&& (cart.memberTier() == null || !scope.memberTiers().contains(cart.memberTier()))) {
			return notApplied(candidate, Reason.TIER_NOT_ELIGIBLE, "only for tiers " + sorted(scope.memberTiers()));
		}
		if (!scope.segments().isEmpty() && scope.segments().stream().noneMatch(cart.memberSegments()::contains)) {
			return notApplied(candidate, Reason.SEGMENT_NOT_ELIGIBLE, "only for segments " + sorted(scope.segments()));
		}
		if (scope.newMembersOnly() && !cart.newMember()) {
			return notApplied(candidate, Reason.NEW_MEMBERS_ONLY, "only for new members");
		}
		if (cart.usePoints() && !offer.combinableWithPoints()) {
			return notApplied(candidate, Reason.NOT_COMBINABLE_WITH_POINTS, "cannot be combined with paying by points");
		}
		return null;
	}

	private static List<String> sorted(java.util.Set<String> values) {
		return values.stream().sorted().toList();
	}

	private static Consideration notApplied(Candidate candidate, Reason reason, String detail) {
		return new Quote.Consideration(candidate.offer().id(), candidate.offer().name(), candidate.couponId(), false,
				reason, detail);
	}

	private static @Nullable String conflict(List<Candidate> chosen, Candidate next) {
		for (Candidate taken : chosen) {
			if (taken.offer().exclusive() || next.offer().exclusive()) {
				return "cannot be combined with " + taken.offer().name() + " (exclusive)";
			}
			if (taken.offer().group() == next.offer().group()) {
				return "one " + next.offer().group() + " promotion per order: " + taken.offer().name()
						+ " is already applied";
			}
		}
		return null;
	}

	record Evaluation(List<Outcome> outcomes, long total, int coupons, int priority, String tieBreak) {
	}

	private final class Search {

		private final Cart cart;

		private @Nullable Evaluation best;

		private int evaluated;

		Search(Cart cart) {
			this.cart = cart;
		}

		void enumerate(List<List<Candidate>> groups, int index, List<Candidate> chosen) {
			if (index == groups.size()) {
				consider(chosen);
				return;
			}
			enumerate(groups, index + 1, chosen);
			for (Candidate option : groups.get(index)) {
				chosen.add(option);
				enumerate(groups, index + 1, chosen);
				chosen.remove(chosen.size() - 1);
			}
		}

		void consider(List<Candidate> combination) {
			this.evaluated++;
			Evaluation evaluation = evaluate(this.cart, combination);
			if (this.best == null || better(evaluation, this.best)) {
				this.best = evaluation;
			}
		}

		private boolean better(Evaluation a, Evaluation b) {
			if (a.total() != b.total()) {
				return a.total() > b.total();
			}
			if (a.coupons() != b.coupons()) {
				return a.coupons() < b.coupons();
			}
			if (a.priority() != b.priority()) {
				return a.priority() > b.priority();
			}
			return a.tieBreak().compareTo(b.tieBreak()) < 0;
		}

	}

	/** Applies a combination group by group on what is left of each line. */
	Evaluation evaluate(Cart cart, List<Candidate> combination) {
		List<Candidate> ordered = combination.stream()
			.sorted(Comparator.comparing((Candidate c) -> c.offer().group()).thenComparing(Candidate::key))
			.toList();
		long[] net = cart.lines().stream().mapToLong(CartLine::grossMinor).toArray();
		long shippingLeft = cart.shippingFeeMinor();
		List<Outcome> outcomes = new ArrayList<>();
		long total = 0;
		int coupons = 0;
		int priority = 0;
		StringBuilder tieBreak = new StringBuilder();
		for (Candidate candidate : ordered) {
			Outcome outcome = OfferRules.apply(candidate, cart, net, shippingLeft);
			Long budgetLeft = candidate.budgetRemainingMinor();
			if (budgetLeft != null && outcome.total() > budgetLeft) {
				outcome = new Outcome(candidate, new long[net.length], 0, Reason.BUDGET_EXHAUSTED,
						"its remaining budget (" + Math.max(budgetLeft, 0) + ") does not cover the discount ("
								+ outcome.total() + ")");
			}
			for (int i = 0; i < net.length; i++) {
				net[i] -= outcome.lines()[i];
			}
			shippingLeft -= outcome.shipping();
			total = Math.addExact(total, outcome.total());
			outcomes.add(outcome);
			if (outcome.total() > 0) {
				coupons += candidate.isCoupon() ? 1 : 0;
				priority += candidate.offer().priority();
				// Among equal coupons, spend the one that expires first.
				tieBreak.append((candidate.couponExpiresAt() != null) ? candidate.couponExpiresAt().toString() : "~")
					.append(candidate.key())
					.append('|');
			}
		}
		return new Evaluation(outcomes, total, coupons, priority, tieBreak.toString());
	}

}
