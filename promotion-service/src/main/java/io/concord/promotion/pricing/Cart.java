package io.concord.promotion.pricing;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What is priced: lines, the shopper and the channel, the shipping fee, and whether the
 * shopper also pays with points.
 *
 * @param memberTier the member's tier, or null for a guest
 * @param newMember whether the member is within the new-member window
 */
public record Cart(String currency, String channel, @Nullable String memberTier, Set<String> memberSegments,
		boolean newMember, List<CartLine> lines, long shippingFeeMinor, boolean usePoints) {

	/**
	 * The largest unit price, shipping fee or rule amount accepted: 1,000,000,000.00 in a
	 * two-decimal currency. With {@link #MAX_LINES} lines of {@link #MAX_QUANTITY} units
	 * no sum comes near a long's range.
	 */
	public static final long MAX_AMOUNT_MINOR = 1_000_000_000_00L;

	/** The most units of one line. */
	public static final int MAX_QUANTITY = 10_000;

	/** The most lines of one cart. */
	public static final int MAX_LINES = 200;

	long subtotalMinor() {
		return this.lines.stream().mapToLong(CartLine::grossMinor).reduce(0, Math::addExact);
	}

}
