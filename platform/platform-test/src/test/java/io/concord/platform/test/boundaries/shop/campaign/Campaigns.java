package io.concord.platform.test.boundaries.shop.campaign;

import io.concord.platform.test.boundaries.shop.coupon.Coupons;

public class Campaigns {

	private final Coupons coupons;

	public Campaigns(Coupons coupons) {
		this.coupons = coupons;
	}

	public long bestDiscount(String sku) {
		return this.coupons.discountOn(sku);
	}

}
