package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What Concord needs from an external sales platform: one implementation per platform
 * ({@link #platform()} names it; a connector's {@code platform} picks it). Every call has
 * a timeout; a refusal or an outage is thrown as {@link PlatformCallFailed} (429 with the
 * platform's Retry-After), never swallowed.
 */
interface ChannelPlatform {

	/** The platform name connectors refer to, e.g. {@code SIMULATED_MARKETPLACE}. */
	String platform();

	/** Orders placed on the platform after {@code cursor} (null: from the start). */
	PulledOrders pullOrders(Connector connector, @Nullable String cursor);

	/** Sets the sellable quantity of each platform SKU. */
	void pushStock(Connector connector, List<StockLevel> levels);

	/** Sets the price of each platform SKU. */
	void pushPrices(Connector connector, List<PriceUpdate> prices);

	/** Tells the platform an order was shipped, with its carrier and tracking number. */
	void pushTracking(Connector connector, TrackingUpdate tracking);

	/**
	 * An order as the platform sold it: already paid to the platform, priced by it
	 * (promotions included).
	 *
	 * @param buyerId the platform's id of the buyer (an open id), if it shares one
	 * @param paidMinor what the buyer paid the platform for the whole order
	 */
	record PlatformOrder(String platformOrderId, @Nullable String buyerId, List<PlatformLine> lines, long paidMinor,
			String currency, JsonNode shippingAddress, @Nullable String region, Instant placedAt) {
	}

	/**
	 * A line at the platform's price: {@code unitPriceMinor × quantity - discountMinor}.
	 */
	record PlatformLine(String platformSku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	/** A page of pulled orders and the cursor to pull the next from. */
	record PulledOrders(List<PlatformOrder> orders, @Nullable String nextCursor) {
	}

	record StockLevel(String platformSku, int quantity) {
	}

	record PriceUpdate(String platformSku, long sellingPriceMinor, long listPriceMinor, String currency) {
	}

	record TrackingUpdate(String platformOrderId, String carrier, String trackingNumber, Instant shippedAt) {
	}

	/**
	 * A platform call that did not succeed: refused (4xx), failed (5xx), timed out or
	 * unreachable ({@code status} 0). {@code retryAfter} is the platform's when it
	 * throttled the call (429).
	 */
	final class PlatformCallFailed extends RuntimeException {

		private final int status;

		private final @Nullable Duration retryAfter;

		PlatformCallFailed(String message, int status, @Nullable Duration retryAfter, @Nullable Throwable cause) {
			super(message, cause);
			this.status = status;
			this.retryAfter = retryAfter;
		}

		int status() {
			return this.status;
		}

		boolean throttled() {
			return this.status == 429;
		}

		@Nullable Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
