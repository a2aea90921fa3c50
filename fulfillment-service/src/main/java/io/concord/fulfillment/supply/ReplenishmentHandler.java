package io.concord.fulfillment.supply;

import java.time.Instant;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes inventory-service's {@code ReplenishmentSuggested}: a draft purchase order per
 * suggestion (once, by its id), from the named supplier or the best-graded one with a
 * contract, for ops to approve.
 */
@Configuration(proxyBeanMethods = false)
class ReplenishmentHandler {

	record ReplenishmentSuggested(String suggestionId, String sku, String location, int quantity,
			@Nullable String supplierId, @Nullable Instant needBy) {
	}

	@Bean
	EventHandler<ReplenishmentSuggested> draftPurchaseOrders(PurchaseOrders purchaseOrders) {
		return EventHandler.of("concord.inventory.ReplenishmentSuggested", ReplenishmentSuggested.class,
				"draft-purchase-orders", (event) -> {
					ReplenishmentSuggested suggestion = event.data();
					purchaseOrders.draft(suggestion.supplierId(), suggestion.location(), suggestion.needBy(), false,
							java.util.List.of(new PurchaseOrders.Ordered(suggestion.sku(), suggestion.quantity())),
							suggestion.suggestionId());
				});
	}

}
