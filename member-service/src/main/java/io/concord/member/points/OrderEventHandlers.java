package io.concord.member.points;

import java.time.Instant;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.events.EventHandler;
import io.concord.platform.events.InboundEvent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points follow fulfillment-service's order events
 * ({@code concord.fulfillment.events.v1}): a delivered order earns, a return takes back.
 * Orders placed under a since-merged member id count for the survivor.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventHandlers {

	/** The facts read from {@code concord.fulfillment.OrderDelivered} v1. */
	record OrderDelivered(String orderId, UUID memberId, Money paidAmount, Instant deliveredAt) {
	}

	/** The facts read from {@code concord.fulfillment.OrderReturned} v1. */
	record OrderReturned(String orderId, String returnId, UUID memberId, Money refundedAmount, Instant returnedAt) {
	}

	@Bean
	EventHandler<OrderDelivered> pointsForDeliveredOrders(PointsLedger ledger, Identities identities) {
		return new EventHandler<>() {

			@Override
			public String eventType() {
				return "concord.fulfillment.OrderDelivered";
			}

			@Override
			public Class<OrderDelivered> dataType() {
				return OrderDelivered.class;
			}

			@Override
			public String name() {
				return "points-for-delivered-orders";
			}

			@Override
			public void handle(InboundEvent<OrderDelivered> event) {
				OrderDelivered order = event.data();
				ledger.earnForDeliveredOrder(identities.survivorOf(new MemberId(order.memberId())), order.orderId(),
						order.paidAmount(), order.deliveredAt());
			}

		};
	}

	@Bean
	EventHandler<OrderReturned> pointsTakenBackOnReturns(PointsLedger ledger, Identities identities) {
		return new EventHandler<>() {

			@Override
			public String eventType() {
				return "concord.fulfillment.OrderReturned";
			}

			@Override
			public Class<OrderReturned> dataType() {
				return OrderReturned.class;
			}

			@Override
			public String name() {
				return "points-taken-back-on-returns";
			}

			@Override
			public void handle(InboundEvent<OrderReturned> event) {
				OrderReturned returned = event.data();
				ledger.reverseForReturnedOrder(identities.survivorOf(new MemberId(returned.memberId())),
						returned.orderId(), returned.returnId(), returned.refundedAmount());
			}

		};
	}

}
