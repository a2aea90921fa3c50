package io.concord.console.board;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One frame of the board, formatted for the reader (language, currency, business zone):
 * what each server-sent event carries and what the page renders first. Figures read every
 * few frames keep their last value in between.
 *
 * @param at when the figures were read
 * @param newOrders orders first seen in this frame (the chart's orders per second)
 * @param channels orders and GMV per second by channel over the last
 * {@link BoardReader#WINDOW}
 * @param paymentSuccess paid orders among those whose payment ended (in the range)
 * @param atRisk paid orders likely to miss their delivery promise (now)
 * @param supplyCancellations supply-caused cancellation rate (in the range)
 * @param supplyOverTarget whether it is above the 3% target
 * @param ordersToday real orders placed in the range
 * @param deadLetters parked dead letters per service
 * @param latest the newest orders
 * @param error what could not be read, if anything
 * @param range the range the KPI figures cover ({@link BoardRange#key})
 * @param rangeLabel that range, for the reader
 * @param rejected orders rejected at placement in the range (their reservation or
 * promotion lock refused)
 * @param breaches delivery or dispatch promises missed in the range
 * @param newestBreach the order of the newest of them, or null
 * @param checkout checkout latency and rate (fulfillment's order placement)
 * @param stock stock-outs and low stock now
 * @param drops coupon burn per drop of the running campaigns
 * @param services per service: outbox, lag, dead letters, errors
 * @param errorRate 5xx share of real requests across services (last minutes)
 * @param errorOverTarget whether it is above 1%
 * @param shadow load-test (shadow) traffic, apart from the real figures
 */
public record BoardView(String at, int newOrders, List<ChannelRate> channels, String paymentSuccess, long atRisk,
		String supplyCancellations, boolean supplyOverTarget, long ordersToday, Map<String, String> deadLetters,
		List<OrderRow> latest, @Nullable String error, String range, String rangeLabel, long rejected, long breaches,
		@Nullable String newestBreach, Checkout checkout, Stock stock, List<Drop> drops, List<ServiceRow> services,
		String errorRate, boolean errorOverTarget, Shadow shadow) {

	/**
	 * Every order status fulfillment-service names; each has a label in the bundles
	 * ({@code status.*}).
	 */
	public static final List<String> ORDER_STATES = List.of("PLACING", "REJECTED", "PENDING_PAYMENT", "PAID",
			"ALLOCATED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURN_REQUESTED", "RETURNED");

	public record ChannelRate(String channel, String ordersPerSecond, String gmvPerSecond) {
	}

	public record OrderRow(String orderId, String channel, String status, String payable, String placedAt) {
	}

	/**
	 * @param p95 95th percentile of order placement, e.g. "120 ms", or "–"
	 * @param p99 99th percentile
	 * @param perSecond placements per second
	 * @param slow whether p99 is above the 1 s target
	 */
	public record Checkout(String p95, String p99, String perSecond, boolean slow) {

		static final Checkout NONE = new Checkout("–", "–", "–", false);

	}

	/**
	 * @param outOfStock SKUs with nothing free to sell
	 * @param lowStock SKUs below their reorder point
	 * @param worst the emptiest SKUs
	 */
	public record Stock(String outOfStock, String lowStock, boolean alert, List<StockRow> worst) {

		static final Stock NONE = new Stock("–", "–", false, List.of());

	}

	public record StockRow(String sku, int available, int reorderPoint) {
	}

	/**
	 * A coupon drop: claimed of minted, and the claims per minute since the last read.
	 */
	public record Drop(String campaignId, String name, long issued, long minted, String share, String perMinute,
			boolean exhausted) {
	}

	/**
	 * @param backlog unpublished events
	 * @param oldest age of the oldest, e.g. "12 s"
	 * @param lag consumer lag (real topics)
	 * @param perSecond real requests per second
	 * @param serverErrors 5xx share of real requests
	 * @param clientErrors 4xx share of real requests
	 * @param alert whether a target is missed
	 */
	public record ServiceRow(String service, long backlog, String oldest, long lag, long parked, String perSecond,
			String serverErrors, String clientErrors, boolean alert, @Nullable String error) {
	}

	/**
	 * @param perSecond shadow requests per second across services
	 * @param checkoutPerSecond of those, order placements
	 * @param lag consumer lag on shadow topics
	 * @param active whether any shadow traffic is there
	 */
	public record Shadow(String perSecond, String checkoutPerSecond, long lag, boolean active) {

		static final Shadow NONE = new Shadow("0", "0", 0, false);

	}

}
