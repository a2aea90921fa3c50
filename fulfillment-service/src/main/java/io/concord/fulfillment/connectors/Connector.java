package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.time.Instant;

/**
 * One external channel account: which platform adapter speaks to it, the sales channel
 * its orders and stock belong to (inventory's channel routes and ring-fences apply to it
 * as to any channel), where its API is, the secrets it uses (references, never values),
 * and its sync rules.
 *
 * @param stockBuffer units held back from what the platform is told it may sell: the
 * platform sells on a view that lags by the push latency, so at most this many units can
 * be sold there beyond what exists
 * @param pushesPerSecond the platform's API quota for this account
 * @param pullEvery how often its orders are pulled (platforms lose callbacks at peak)
 * @param resyncEvery how often every mapped SKU's stock is pushed again in full
 * @param dispatchWithin the platform's dispatch promise for its orders
 */
record Connector(String connectorId, String platform, String displayName, String channel, String baseUrl,
		String apiSecretRef, String webhookSecretRef, int stockBuffer, int pushesPerSecond, Duration pullEvery,
		Duration resyncEvery, Duration dispatchWithin, boolean enabled, Instant updatedAt, String updatedBy) {

	/** What the platform may be told it can sell of {@code available} units. */
	int sellable(int available) {
		return Math.max(0, available - this.stockBuffer);
	}

}
