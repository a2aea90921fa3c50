package io.concord.console.board;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One frame of the board, formatted for the reader (language, currency, business zone):
 * what each server-sent event carries and what the page renders first.
 *
 * @param at when the figures were read
 * @param newOrders orders first seen in this frame (the chart's orders per second)
 * @param channels orders and GMV per second by channel over the last
 * {@link BoardReader#WINDOW}
 * @param paymentSuccess paid orders among those whose payment ended (last 24 hours)
 * @param atRisk paid orders likely to miss their delivery promise
 * @param supplyCancellations supply-caused cancellation rate (last 24 hours)
 * @param supplyOverTarget whether it is above the 3% target
 * @param ordersToday real orders placed in the last 24 hours
 * @param deadLetters parked dead letters per service
 * @param latest the newest orders
 * @param error what could not be read, if anything
 */
public record BoardView(String at, int newOrders, List<ChannelRate> channels, String paymentSuccess, long atRisk,
		String supplyCancellations, boolean supplyOverTarget, long ordersToday, Map<String, String> deadLetters,
		List<OrderRow> latest, @Nullable String error) {

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

}
