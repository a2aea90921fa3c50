package io.concord.member.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import io.concord.platform.web.TestRun;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.events.EventHandler;
import io.concord.platform.events.InboundEvent;
import io.concord.platform.events.OutOfOrderEventException;
import io.concord.platform.events.UnprocessableEventException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consumes {@code concord.fulfillment.OrderDelivered} and {@code OrderReturned} v1:
 * records the order in {@code member_order} (once per order, once per return) and
 * announces it in-process. Orders placed under a since-merged member id count for the
 * survivor.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventHandlers {

	record Money(long amountMinor, @NotNull String currency) {
	}

	record OrderDelivered(String orderId, UUID memberId, Money paidAmount, Instant deliveredAt) {
	}

	record OrderReturned(String orderId, String returnId, UUID memberId, Money refundedAmount, Instant returnedAt) {
	}

	@Bean
	EventHandler<OrderDelivered> memberOrdersDelivered(JdbcTemplate jdbc, Identities identities,
			ApplicationEventPublisher events) {
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
				return "member-orders-delivered";
			}

			@Override
			public void handle(InboundEvent<OrderDelivered> event) {
				if (TestRun.active()) {
					// A load test's order earns no points and moves no tier or RFM score
					// (ADR-25).
					return;
				}
				OrderDelivered order = event.data();
				if (order.paidAmount() == null || order.paidAmount().amountMinor() < 0) {
					throw new UnprocessableEventException("Order " + order.orderId() + " has no valid paid amount");
				}
				java.util.Optional<MemberId> survivor = identities.survivorIfMember(new MemberId(order.memberId()));
				if (survivor.isEmpty()) {
					// Placed under a buyer id that is no member's (an unlinked
					// marketplace
					// buyer): no member's order history, points or tier to move.
					return;
				}
				MemberId member = survivor.get();
				int recorded = jdbc.update(
						"""
								insert into member_order (order_id, member_id, paid_minor, refunded_minor, currency, delivered_at)
								values (?, ?, ?, 0, ?, ?) on conflict (order_id) do nothing""",
						order.orderId(), member.value(), order.paidAmount().amountMinor(),
						order.paidAmount().currency(), Timestamp.from(order.deliveredAt()));
				if (recorded == 1) {
					events.publishEvent(new MemberOrderDelivered(member, order.orderId(),
							order.paidAmount().amountMinor(), order.paidAmount().currency(), order.deliveredAt()));
				}
			}

		};
	}

	@Bean
	EventHandler<OrderReturned> memberOrdersReturned(JdbcTemplate jdbc, Identities identities,
			ApplicationEventPublisher events) {
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
				return "member-orders-returned";
			}

			@Override
			public void handle(InboundEvent<OrderReturned> event) {
				if (TestRun.active()) {
					return;
				}
				OrderReturned returned = event.data();
				if (identities.survivorIfMember(new MemberId(returned.memberId())).isEmpty()) {
					// No member's order (see OrderDelivered): nothing to take back.
					return;
				}
				Integer delivered = jdbc.queryForObject("select count(*) from member_order where order_id = ?",
						Integer.class, returned.orderId());
				if (delivered == null || delivered == 0) {
					// The return overtook its delivery: applied once the delivery is
					// here,
					// so the points it takes back are never lost.
					throw new OutOfOrderEventException(
							"OrderReturned for order " + returned.orderId() + " before its OrderDelivered");
				}
				MemberId member = identities.survivorOf(new MemberId(returned.memberId()));
				int recorded = jdbc.update("""
						insert into member_order_return (order_id, return_id, refunded_minor, returned_at)
						values (?, ?, ?, ?) on conflict (order_id, return_id) do nothing""", returned.orderId(),
						returned.returnId(), returned.refundedAmount().amountMinor(),
						Timestamp.from(returned.returnedAt()));
				if (recorded == 1) {
					jdbc.update(
							"update member_order set refunded_minor = least(paid_minor, refunded_minor + ?) where order_id = ?",
							returned.refundedAmount().amountMinor(), returned.orderId());
					events.publishEvent(new MemberOrderReturned(member, returned.orderId(), returned.returnId(),
							returned.refundedAmount().amountMinor(), returned.refundedAmount().currency(),
							returned.returnedAt()));
				}
			}

		};
	}

}
