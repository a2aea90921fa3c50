package io.concord.inventory.demand;

import java.time.Instant;
import java.util.List;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes fulfillment-service's {@code OrderPlaced}: the order's units become demand
 * history.
 */
@Configuration(proxyBeanMethods = false)
class DemandEventHandlers {

	record PlacedLine(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	record OrderPlaced(String orderId, String channel, List<PlacedLine> lines, Instant placedAt) {
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
