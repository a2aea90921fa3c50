package io.concord.promotion.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A promotion as the pricing engine sees it: what it gives ({@link Rule}), to what and
 * whom ({@link Scope}), and how it combines with others (group, exclusivity, priority).
 *
 * @param id the promotion id
 * @param group at most one promotion per group applies to an order; groups also fix the
 * order in which discounts are computed (see {@link StackingGroup})
 * @param exclusive an exclusive promotion applies alone: no other promotion of any group
 * @param priority breaks ties between combinations of equal saving (higher first)
 * @param combinableWithPoints false when the order may not also pay with points
 */
public record Offer(String id, String name, Kind kind, StackingGroup group, boolean exclusive, int priority,
		String currency, Scope scope, Rule rule, boolean combinableWithPoints) {

	public enum Kind {

		/** A fixed amount off the eligible lines. */
		AMOUNT_OFF,
		/** A percentage off the eligible lines, optionally capped. */
		PERCENT_OFF,
		/**
		 * Spend at least X on the eligible lines, get Y off; tiers, optionally repeating.
		 */
		SPEND_THRESHOLD,
		/** The shipping fee is waived (up to a cap). */
		FREE_SHIPPING,
		/** Buy X units, get Y more free (the cheapest), optionally per multiple. */
		BUY_X_GET_Y

	}

	/**
	 * Stacking groups in the order their discounts are computed: item-level offers on
	 * list prices, then order thresholds on what is left, then the member's tier price
	 * (MEMBER, the tier's own offer only: ops do not define promotions in it), then
	 * coupons, then shipping.
	 */
	public enum StackingGroup {

		ITEM, ORDER, MEMBER, COUPON, SHIPPING

	}

	/**
	 * Which lines and members an offer covers. An empty set means "any".
	 *
	 * @param newMembersOnly only members registered within the new-member window
	 */
	public record Scope(Set<String> skus, Set<String> categories, Set<String> brands, Set<String> channels,
			Set<String> memberTiers, Set<String> segments, boolean newMembersOnly) {

		public static Scope everything() {
			return new Scope(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false);
		}

		boolean covers(CartLine line) {
			return (this.skus.isEmpty() || this.skus.contains(line.sku()))
					&& (this.categories.isEmpty() || this.categories.contains(line.category()))
					&& (this.brands.isEmpty() || this.brands.contains(line.brand()));
		}

	}

	/**
	 * One step of a spend threshold: spend at least {@code spendMinor}, get
	 * {@code offMinor} off.
	 */
	public record ThresholdTier(long spendMinor, long offMinor) {
	}

	/**
	 * The parameters of an offer; which ones matter depends on the kind.
	 *
	 * @param amountOffMinor AMOUNT_OFF: the amount
	 * @param percentOff PERCENT_OFF: e.g. 15 for 15% (up to two decimals)
	 * @param capMinor PERCENT_OFF and FREE_SHIPPING: the most it gives, if set
	 * @param minSpendMinor AMOUNT_OFF, PERCENT_OFF, FREE_SHIPPING: the eligible spend
	 * needed
	 * @param tiers SPEND_THRESHOLD: ascending steps
	 * @param repeating SPEND_THRESHOLD (single tier): Y off per full X; BUY_X_GET_Y: per
	 * multiple of X+Y
	 */
	public record Rule(@Nullable Long amountOffMinor, @Nullable BigDecimal percentOff, @Nullable Long capMinor,
			@Nullable Long minSpendMinor, List<ThresholdTier> tiers, boolean repeating, @Nullable Integer buyQuantity,
			@Nullable Integer getQuantity) {

		public static Rule amountOff(long amountMinor, long minSpendMinor) {
			return new Rule(amountMinor, null, null, minSpendMinor, List.of(), false, null, null);
		}

		public static Rule percentOff(String percent, @Nullable Long capMinor) {
			return new Rule(null, new BigDecimal(percent), capMinor, null, List.of(), false, null, null);
		}

		public static Rule threshold(boolean repeating, ThresholdTier... tiers) {
			return new Rule(null, null, null, null, List.of(tiers), repeating, null, null);
		}

		public static Rule freeShipping(long minSpendMinor, @Nullable Long capMinor) {
			return new Rule(null, null, capMinor, minSpendMinor, List.of(), false, null, null);
		}

		public static Rule buyXGetY(int buy, int get, boolean repeating) {
			return new Rule(null, null, null, null, List.of(), repeating, buy, get);
		}

		long minSpend() {
			return (this.minSpendMinor != null) ? this.minSpendMinor : 0;
		}

	}

}
