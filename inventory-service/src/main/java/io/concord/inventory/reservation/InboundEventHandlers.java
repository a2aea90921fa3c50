package io.concord.inventory.reservation;

import java.time.Instant;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code concord.fulfillment.OrderCancelled} (the order's reservation is
 * released, or reversed if it was paid) and promotion-service's
 * {@code CampaignScheduled}/{@code CampaignEnded} (ring-fences tied to a campaign follow
 * its window).
 */
@Configuration(proxyBeanMethods = false)
class InboundEventHandlers {

	private static final Logger log = LoggerFactory.getLogger(InboundEventHandlers.class);

	record OrderCancelled(String orderId, @Nullable String cause, Instant cancelledAt) {
	}

	record CampaignScheduled(String campaignId, Instant startsAt, Instant endsAt) {
	}

	record CampaignEnded(String campaignId, Instant endedAt) {
	}

	@Bean
	EventHandler<OrderCancelled> inventoryOrderCancelled(Reservations reservations) {
		return EventHandler.of("concord.fulfillment.OrderCancelled", OrderCancelled.class, "inventory-order-cancelled",
				(event) -> {
					OrderCancelled cancelled = event.data();
					// An order rejected before its stock was reserved has nothing to give
					// back.
					if (reservations.exists(cancelled.orderId())) {
						reservations.release(cancelled.orderId());
					}
					else {
						log.debug("Order {} was cancelled without a reservation", cancelled.orderId());
					}
				});
	}

	@Bean
	EventHandler<CampaignScheduled> inventoryCampaignScheduled(RingFences fences) {
		return EventHandler.of("concord.promotion.CampaignScheduled", CampaignScheduled.class,
				"inventory-campaign-scheduled", (event) -> fences.campaignScheduled(event.data().campaignId(),
						event.data().startsAt(), event.data().endsAt()));
	}

	@Bean
	EventHandler<CampaignEnded> inventoryCampaignEnded(RingFences fences) {
		return EventHandler.of("concord.promotion.CampaignEnded", CampaignEnded.class, "inventory-campaign-ended",
				(event) -> fences.campaignEnded(event.data().campaignId(), event.data().endedAt()));
	}

}
