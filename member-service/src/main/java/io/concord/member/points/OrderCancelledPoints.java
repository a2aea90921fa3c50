package io.concord.member.points;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code concord.fulfillment.OrderCancelled} v1: the order's points come back
 * even if fulfillment's reversal call was lost (a no-op when they already did, or when
 * the order redeemed none).
 */
@Configuration(proxyBeanMethods = false)
class OrderCancelledPoints {

	record OrderCancelled(String orderId, @Nullable UUID memberId, @Nullable String cause,
			@Nullable Instant cancelledAt) {
	}

	@Bean
	EventHandler<OrderCancelled> pointsOfCancelledOrders(OrderPointsRestorations restorations) {
		return EventHandler.of("concord.fulfillment.OrderCancelled", OrderCancelled.class, "points-of-cancelled-orders",
				(event) -> restorations.reverse(event.data().orderId(), false));
	}

}
