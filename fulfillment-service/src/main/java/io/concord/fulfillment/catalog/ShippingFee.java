package io.concord.fulfillment.catalog;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The flat shipping fee an order pays unless a promotion or a tier waives it; orders and
 * cart totals both charge it from here.
 */
@ConfigurationProperties("concord.fulfillment")
public record ShippingFee(@Nullable Long shippingFeeMinor) {

	public ShippingFee {
		shippingFeeMinor = (shippingFeeMinor != null) ? shippingFeeMinor : 1000L;
	}

	public long minor() {
		return this.shippingFeeMinor;
	}

}
