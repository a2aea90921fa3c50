package io.concord.fulfillment.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The payment deadline, the one place it is decided. A shopper has the channel's payment
 * window to pay (a livestream flash sale may want 5 minutes, a marketplace 30); the stock
 * is held a minute longer than that, and payment is never due later than a minute before
 * the hold ends, so a paid order always finds its stock still held.
 */
@ConfigurationProperties("concord.fulfillment")
record OrderPolicy(@Nullable Duration paymentWindow, @Nullable Map<String, Duration> paymentWindowByChannel) {

	/** Between the payment deadline and the end of the stock hold. */
	static final Duration HOLD_MARGIN = Duration.ofMinutes(1);

	OrderPolicy {
		paymentWindow = (paymentWindow != null) ? paymentWindow : Duration.ofMinutes(15);
		paymentWindowByChannel = (paymentWindowByChannel != null) ? paymentWindowByChannel : Map.of();
	}

	Duration paymentWindowFor(String channel) {
		return this.paymentWindowByChannel.getOrDefault(channel, this.paymentWindow);
	}

	/** How long inventory holds an order's stock: the payment window and the margin. */
	Duration stockHoldFor(String channel) {
		return paymentWindowFor(channel).plus(HOLD_MARGIN);
	}

	/**
	 * When an order placed at {@code placedAt} must be paid: after the channel's payment
	 * window, but no later than the margin before its stock hold ends (a hold that
	 * inventory granted shorter than asked shortens the deadline too).
	 */
	Instant paymentDue(String channel, Instant placedAt, @Nullable Instant holdExpiresAt) {
		Instant due = placedAt.plus(paymentWindowFor(channel));
		if (holdExpiresAt != null && holdExpiresAt.minus(HOLD_MARGIN).isBefore(due)) {
			return holdExpiresAt.minus(HOLD_MARGIN);
		}
		return due;
	}

}
