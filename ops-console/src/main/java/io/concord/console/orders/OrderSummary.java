package io.concord.console.orders;

import java.time.Instant;

/** An order in the search results ({@code GET /admin/fulfillment/orders}). */
public record OrderSummary(String orderId, String memberId, String channel, String status, String currency,
		long payableMinor, Instant createdAt) {
}
