package io.concord.platform.test.boundaries.shop.pricing;

public class Prices {

	public long priceOf(String sku) {
		return sku.length() * 100L;
	}

}
