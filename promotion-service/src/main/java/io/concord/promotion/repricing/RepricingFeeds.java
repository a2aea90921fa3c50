package io.concord.promotion.repricing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stock and demand history for the rules: inventory-service's StockChanged (free units
 * over all locations) and fulfillment-service's OrderPlaced (units ordered per SKU).
 */
@Configuration(proxyBeanMethods = false)
class RepricingFeeds {

	/** The facts read from {@code concord.inventory.StockChanged} v1. */
	record StockChanged(String sku, long available, Instant changedAt) {
	}

	/** The facts read from {@code concord.fulfillment.OrderPlaced} v1. */
	record OrderPlaced(String orderId, List<Line> lines, Instant placedAt) {

		record Line(String sku, int quantity) {
		}

	}

	@Bean
	EventHandler<StockChanged> repricingStock(RepricingInputs inputs) {
		return EventHandler.of("concord.inventory.StockChanged", StockChanged.class, "repricing-stock",
				(event) -> inputs.recordStock(event.id(), event.data().sku(), event.data().available(),
						event.data().changedAt()));
	}

	@Bean
	EventHandler<OrderPlaced> repricingDemand(RepricingInputs inputs) {
		return EventHandler.of("concord.fulfillment.OrderPlaced", OrderPlaced.class, "repricing-demand", (event) -> {
			Map<String, Long> units = new TreeMap<>();
			event.data().lines().forEach((line) -> units.merge(line.sku(), (long) line.quantity(), Long::sum));
			units.forEach((sku, quantity) -> inputs.recordDemand(event.data().orderId(), sku, quantity,
					event.data().placedAt()));
		});
	}

}
