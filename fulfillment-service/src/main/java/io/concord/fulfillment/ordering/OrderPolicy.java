package io.concord.fulfillment.ordering;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a shopper has to pay (per channel: a livestream flash sale may want 5 minutes,
 * a marketplace 30).
 */
@ConfigurationProperties("concord.fulfillment")
record OrderPolicy(@Nullable Duration paymentWindow, @Nullable Map<String, Duration> paymentWindowByChannel) {

	OrderPolicy {
		paymentWindow = (paymentWindow != null) ? paymentWindow : Duration.ofMinutes(15);
		paymentWindowByChannel = (paymentWindowByChannel != null) ? paymentWindowByChannel : Map.of();
	}

	Duration paymentWindowFor(String channel) {
		return this.paymentWindowByChannel.getOrDefault(channel, this.paymentWindow);
	}

}
