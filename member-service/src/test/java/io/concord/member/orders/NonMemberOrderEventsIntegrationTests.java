package io.concord.member.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order placed under a buyer id that is no member's (a marketplace buyer not linked to
 * a member, issue 24): every member-service consumer of its events handles them without
 * an error or a dead letter, and nothing is recorded for a member.
 */
@SpringBootTest
class NonMemberOrderEventsIntegrationTests {

	private static final String ORDER_EVENTS = "concord.fulfillment.events.v1";

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aNonMembersOrderEventsAreHandledWithoutDeadLetters() {
		String buyer = UUID.randomUUID().toString();
		String orderId = "ORD-" + UUID.randomUUID();
		Instant now = Instant.now();
		List<OutgoingEvent> events = List.of(
				OutgoingEvent.of("concord.fulfillment.OrderPlaced", orderId,
						"""
								{"orderId": "%s", "memberId": "%s", "channel": "TMALL",
								 "lines": [{"sku": "JACKET", "quantity": 1, "unitPriceMinor": 29900, "discountMinor": 3000}],
								 "payable": {"amountMinor": 26900, "currency": "CNY"}, "paymentDueAt": "%s", "placedAt": "%s"}"""
							.formatted(orderId, buyer, now.plusSeconds(600), now)),
				OutgoingEvent.of("concord.fulfillment.OrderShipped", orderId,
						"{\"orderId\": \"%s\", \"memberId\": \"%s\", \"shippedAt\": \"%s\"}".formatted(orderId, buyer,
								now)),
				OutgoingEvent.of("concord.fulfillment.OrderDelivered", orderId, """
						{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": 26900, "currency": "CNY"},
						 "deliveredAt": "%s"}""".formatted(orderId, buyer, now)),
				OutgoingEvent.of("concord.fulfillment.OrderReturned", orderId, """
						{"orderId": "%s", "returnId": "RET-1", "memberId": "%s",
						 "refundedAmount": {"amountMinor": 26900, "currency": "CNY"}, "pointsRestored": 0,
						 "returnedAt": "%s"}""".formatted(orderId, buyer, now)));
		events.forEach((event) -> EventFixtures.send(ORDER_EVENTS, event));
		for (String handler : List.of("remind-unpaid-order", "notify-order-shipped", "notify-order-delivered",
				"member-orders-delivered", "member-orders-returned")) {
			await().atMost(Duration.ofSeconds(60))
				.alias(handler)
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from processed_event where handler = ? and event_id in (?, ?, ?, ?)",
						Integer.class, handler, events.get(0).id(), events.get(1).id(), events.get(2).id(),
						events.get(3).id()) == 1);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from dead_letter where event_id in (?, ?, ?, ?)",
				Integer.class, events.get(0).id(), events.get(1).id(), events.get(2).id(), events.get(3).id()))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from member_order where order_id = ?", Integer.class,
				orderId))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from notification where order_id = ?", Integer.class,
				orderId))
			.isZero();
	}

}
