package io.concord.inventory.demand;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes fulfillment-service's {@code OrderPlaced} (the order's units become demand
 * history) and promotion-service's {@code PriceChanged}, {@code PriceScheduled} and
 * {@code PriceScheduleCancelled} (the prices that took effect and the planned ones, the
 * forecast's price feature).
 */
@Configuration(proxyBeanMethods = false)
class DemandEventHandlers {

	record PlacedLine(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	record OrderPlaced(String orderId, String channel, List<PlacedLine> lines, Instant placedAt) {
	}

	record PriceChanged(UUID changeId, String sku, String channel, String currency, long listPriceMinor,
			long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	record PriceScheduled(UUID entryId, String sku, String channel, String currency, long listPriceMinor,
			long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo, Instant scheduledAt) {
	}

	record PriceScheduleCancelled(UUID entryId, String sku, String channel, String currency, long listPriceMinor,
			long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo, Instant cancelledAt) {
	}

	/**
	 * Idempotent like PriceChanged: the dispatcher skips a redelivered event id, and the
	 * entry id is the row's key.
	 */
	@Bean
	EventHandler<PriceScheduled> demandPlannedPrices(PriceHistory prices) {
		return EventHandler.of("concord.promotion.PriceScheduled", PriceScheduled.class, "inventory-planned-prices",
				(event) -> {
					PriceScheduled scheduled = event.data();
					prices.plan(new PriceHistory.Plan(scheduled.entryId(), scheduled.sku(), scheduled.channel(),
							scheduled.currency(), scheduled.sellingPriceMinor(), scheduled.listPriceMinor(),
							scheduled.effectiveFrom(), scheduled.effectiveTo()), scheduled.scheduledAt());
				});
	}

	@Bean
	EventHandler<PriceScheduleCancelled> demandCancelledPlannedPrices(PriceHistory prices) {
		return EventHandler.of("concord.promotion.PriceScheduleCancelled", PriceScheduleCancelled.class,
				"inventory-planned-price-cancellations", (event) -> {
					PriceScheduleCancelled cancelled = event.data();
					prices.cancel(new PriceHistory.Plan(cancelled.entryId(), cancelled.sku(), cancelled.channel(),
							cancelled.currency(), cancelled.sellingPriceMinor(), cancelled.listPriceMinor(),
							cancelled.effectiveFrom(), cancelled.effectiveTo()), cancelled.cancelledAt());
				});
	}

	/**
	 * Idempotent twice over: the dispatcher skips a redelivered event id, and the change
	 * id (the same on an event republished under a new id) is the row's key.
	 */
	@Bean
	EventHandler<PriceChanged> demandPriceHistory(PriceHistory prices) {
		return EventHandler.of("concord.promotion.PriceChanged", PriceChanged.class, "inventory-price-history",
				(event) -> {
					PriceChanged changed = event.data();
					prices.record(new PriceHistory.Change(changed.changeId(), changed.sku(), changed.channel(),
							changed.currency(), changed.sellingPriceMinor(), changed.listPriceMinor(),
							changed.effectiveFrom(), changed.effectiveTo()));
				});
	}

	@Bean
	EventHandler<OrderPlaced> demandFromPlacedOrders(SalesHistory history) {
		return EventHandler.of("concord.fulfillment.OrderPlaced", OrderPlaced.class, "inventory-demand-history",
				(event) -> {
					OrderPlaced order = event.data();
					history.recordOrder(order.orderId(), order.channel(), order.placedAt(),
							order.lines()
								.stream()
								.map((line) -> new SalesHistory.OrderLine(line.sku(), line.quantity(),
										line.unitPriceMinor(), line.discountMinor()))
								.toList());
				});
	}

}
