package io.concord.fulfillment.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

/**
 * The order events (schemas under {@code contracts/schemas/fulfillment}), keyed by order
 * id and versioned per order.
 */
final class OrderEvents {

	static final String TOPIC = "concord.fulfillment.events.v1";

	private OrderEvents() {
	}

	/**
	 * Metadata of an event about {@code order}: tagged with the order's load-test run,
	 * not with whatever the current work is bound to, so a job, webhook or ops action on
	 * a run's order publishes to the shadow topic and one on a real order to the real
	 * topic (ADR-25).
	 */
	static EventMetadata of(Orders.Order order, long version, Instant at) {
		return TestRun.callWith(order.testRun(), () -> EventMetadata.of(order.orderId(), version, at));
	}

	record Money(long amountMinor, String currency) {
	}

	record Line(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderPlaced")
	record OrderPlaced(EventMetadata metadata, String orderId, UUID memberId, String channel, List<Line> lines,
			Money payable, @Nullable Money pointsValue, Instant paymentDueAt,
			Instant placedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderPaid")
	record OrderPaid(EventMetadata metadata, String orderId, UUID memberId, Money paidAmount, String provider,
			Instant paidAt) implements IntegrationEvent {
	}

	/**
	 * Money that no order can take (keyed by the payment, {@code <provider>:<txn>}).
	 */
	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.PaymentRefundDue")
	record PaymentRefundDue(EventMetadata metadata, String orderId, String provider, String transactionId, Money amount,
			String reason, Instant receivedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderCancelled")
	record OrderCancelled(EventMetadata metadata, String orderId, @Nullable UUID memberId, @Nullable String cause,
			Instant cancelledAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderShipped")
	record OrderShipped(EventMetadata metadata, String orderId, UUID memberId,
			Instant shippedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderDelivered")
	record OrderDelivered(EventMetadata metadata, String orderId, UUID memberId, Money paidAmount,
			Instant deliveredAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.OrderReturned")
	record OrderReturned(EventMetadata metadata, String orderId, String returnId, UUID memberId, Money refundedAmount,
			long pointsRestored, Instant returnedAt) implements IntegrationEvent {
	}

	/** A paid order will probably miss its promised dispatch or delivery time. */
	@PublishedEvent(topic = TOPIC, type = "concord.fulfillment.FulfilmentAtRisk")
	record FulfilmentAtRisk(EventMetadata metadata, String orderId, String channel, String reason,
			Instant promisedDispatchBy, Instant promisedDeliveryBy, Instant flaggedAt) implements IntegrationEvent {
	}

}
