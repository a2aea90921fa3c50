package io.concord.fulfillment.supply;

import java.time.Instant;

import io.concord.platform.events.EventHandler;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes inventory-service's {@code ReplenishmentSuggested}: a draft purchase order per
 * suggestion (once, by its id), from the named supplier or the best-graded one with a
 * contract, for ops to approve. A load-test run's suggestion (from its shadow topic) is
 * only logged: a purchase order goes to a real supplier (ADR-25).
 */
@Configuration(proxyBeanMethods = false)
class ReplenishmentHandler {

	private static final Logger log = LoggerFactory.getLogger(ReplenishmentHandler.class);

	record ReplenishmentSuggested(String suggestionId, String sku, String location, int quantity,
			@Nullable String supplierId, @Nullable Instant needBy) {
	}

	@Bean
	EventHandler<ReplenishmentSuggested> draftPurchaseOrders(PurchaseOrders purchaseOrders) {
		return EventHandler.of("concord.inventory.ReplenishmentSuggested", ReplenishmentSuggested.class,
				"draft-purchase-orders", (event) -> {
					ReplenishmentSuggested suggestion = event.data();
					if (TestRun.active()) {
						log.info("Load-test run {}: no purchase order for suggestion {} ({} x {})", TestRun.current(),
								suggestion.suggestionId(), suggestion.quantity(), suggestion.sku());
						return;
					}
					purchaseOrders.draft(suggestion.supplierId(), suggestion.location(), suggestion.needBy(), false,
							java.util.List.of(new PurchaseOrders.Ordered(suggestion.sku(), suggestion.quantity())),
							suggestion.suggestionId());
				});
	}

}
