package io.concord.promotion.pricing;

import org.jspecify.annotations.Nullable;

/** A cart line as priced: unit price in minor units of the cart's currency. */
public record CartLine(String sku, int quantity, long unitPriceMinor, @Nullable String category,
		@Nullable String brand) {

	/** The same product in another quantity. */
	public CartLine times(int quantity) {
		return new CartLine(this.sku, quantity, this.unitPriceMinor, this.category, this.brand);
	}

	long grossMinor() {
		return Math.multiplyExact(this.unitPriceMinor, this.quantity);
	}

}
