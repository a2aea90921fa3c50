package io.concord.promotion.checkout;

import java.time.Duration;
import java.time.Instant;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Order cancellations release an order's coupons and budgets even if the order flow's
 * call was lost; locks whose order never reported back are released after a timeout.
 */
@Configuration(proxyBeanMethods = false)
class CheckoutEvents {

	private static final Logger log = LoggerFactory.getLogger(CheckoutEvents.class);

	record OrderCancelled(String orderId, @Nullable String cause, Instant cancelledAt) {
	}

	private final OrderPromotions orders;

	private final Duration lockTimeout;

	CheckoutEvents(OrderPromotions orders, @Value("${concord.promotion.orders.lock-timeout:2h}") Duration lockTimeout) {
		this.orders = orders;
		this.lockTimeout = lockTimeout;
	}

	@Bean
	EventHandler<OrderCancelled> promotionOrderCancelled() {
		return EventHandler.of("concord.fulfillment.OrderCancelled", OrderCancelled.class, "promotion-order-cancelled",
				(event) -> {
					if (this.orders.find(event.data().orderId()).isPresent()) {
						this.orders.release(event.data().orderId());
					}
				});
	}

	@Scheduled(fixedDelayString = "${concord.promotion.orders.abandoned-check:5m}")
	void releaseAbandoned() {
		int released = this.orders.releaseAbandoned(this.lockTimeout, 200);
		if (released > 0) {
			log.warn("Released the promotions of {} orders locked for over {} without payment or cancellation",
					released, this.lockTimeout);
		}
	}

}
