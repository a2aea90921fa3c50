package io.concord.promotion.prices;

import org.jspecify.annotations.Nullable;

/**
 * The one home of "a promotion cannot advertise a saving against a higher reference": a
 * saving is shown against the reference price (the lowest selling price of the prior N
 * days), never against a list price above it. Quote lines' {@code wasPriceMinor} and
 * {@code advertisedSavingMinor} come from here.
 */
public final class Savings {

	private Savings() {
	}

	/**
	 * The unit price a saving may be shown against: the list price, unless the reference
	 * price is lower (then the reference); null when the line has no server price.
	 */
	public static @Nullable Long wasPriceMinor(@Nullable Long listPriceMinor, @Nullable Long referencePriceMinor) {
		if (listPriceMinor == null || referencePriceMinor == null) {
			return null;
		}
		return Math.min(listPriceMinor, referencePriceMinor);
	}

	/**
	 * The saving a line may advertise: what it would have cost at the was-price minus
	 * what it costs (never negative); zero without a was-price.
	 */
	public static long advertisedSavingMinor(@Nullable Long wasPriceMinor, int quantity, long netMinor) {
		if (wasPriceMinor == null) {
			return 0;
		}
		return Math.max(0, Math.subtractExact(Math.multiplyExact(wasPriceMinor, quantity), netMinor));
	}

}
