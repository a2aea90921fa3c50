package io.concord.platform.test.boundaries.shop.coupon;

import io.concord.platform.test.boundaries.shop.pricing.Prices;

public class Coupons {

	private final Prices prices;

	public Coupons(Prices prices) {
		this.prices = prices;
	}

	public long discountOn(String sku) {
		return this.prices.priceOf(sku) / 10;
	}

}
