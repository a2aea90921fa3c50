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

	long subtotalMinor() {
		return this.lines.stream().mapToLong(CartLine::grossMinor).sum();
	}

}
