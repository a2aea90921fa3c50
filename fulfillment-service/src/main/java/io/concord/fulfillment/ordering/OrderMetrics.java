package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The order flow's counters for the peak-sale dashboard: orders placed (by channel),
 * cancelled (by cause) and delivered (within the default delivery promise of payment,
 * {@link OrderSla.Policy#delivery()}, 72 hours unless configured, or not). Counted when
 * the transaction that published the event commits, so a rolled-back step counts nothing.
 * Plain listeners on purpose: transactional ones would each add an event publication row
 * to the outbox on the checkout path. A load-test run's orders are not counted (ADR-25):
 * the dashboard shows real trade.
 */
@Component
class OrderMetrics {

	private final MeterRegistry meters;

	private final JdbcClient jdbc;

	private final OrderSla.Policy promise;

	OrderMetrics(MeterRegistry meters, JdbcTemplate jdbc, OrderSla.Policy promise) {
		this.meters = meters;
		this.jdbc = JdbcClient.create(jdbc);
		this.promise = promise;
	}

	@EventListener
	void placed(OrderEvents.OrderPlaced placed) {
		if (placed.metadata().testRun() != null) {
			return;
		}
		afterCommit(Counter.builder("concord.orders.placed")
			.tag("channel", placed.channel())
			.description("Orders placed (reserved and priced, awaiting payment)")
			.register(this.meters));
	}

	@EventListener
	void cancelled(OrderEvents.OrderCancelled cancelled) {
		if (cancelled.metadata().testRun() != null) {
			return;
		}
		afterCommit(Counter.builder("concord.orders.cancelled")
			.tag("cause", (cancelled.cause() != null) ? cancelled.cause() : "UNSPECIFIED")
			.description("Orders cancelled, by cause")
			.register(this.meters));
	}

	@EventListener
	void delivered(OrderEvents.OrderDelivered delivered) {
		if (delivered.metadata().testRun() != null) {
			return;
		}
		@Nullable Instant paidAt = this.jdbc.sql("select paid_at from customer_order where order_id = ?")
			.param(delivered.orderId())
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(null);
		// The tag's name is the dashboard's; its bound is the default delivery promise.
		boolean inTime = paidAt != null && !delivered.deliveredAt().isAfter(paidAt.plus(this.promise.delivery()));
		afterCommit(Counter.builder("concord.orders.delivered")
			.tag("within_72h", String.valueOf(inTime))
			.description("Orders delivered, within 72 hours of payment or not")
			.register(this.meters));
	}

	private static void afterCommit(Counter counter) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			counter.increment();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				counter.increment();
			}
		});
	}

}
