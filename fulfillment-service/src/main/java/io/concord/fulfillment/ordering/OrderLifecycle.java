package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order after placement: paid, confirmed at the partners, shipped, delivered,
 * cancelled (by the shopper, ops or unpaid expiry). Allocation is
 * {@link OrderAllocation}'s, returns are {@link OrderReturns}'. Cancellation is announced
 * with OrderCancelled, which inventory and promotion consume to release stock and
 * coupons, so nothing stays held if a call would have been lost.
 */
@Component
class OrderLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OrderLifecycle.class);

	private final Orders orders;

	private final Partners partners;

	private final OrderAllocation allocation;

	private final OrderSla sla;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	OrderLifecycle(Orders orders, Partners partners, OrderAllocation allocation, OrderSla sla, JdbcTemplate jdbc,
			ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
		this.orders = orders;
		this.partners = partners;
		this.allocation = allocation;
		this.sla = sla;
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** How long a payment callback's own confirmation has before the job takes over. */
	static final java.time.Duration CALLBACK_CONFIRMS_FOR = java.time.Duration.ofSeconds(5);

	/**
	 * Payment arrived in full: PAID (OrderPaid); stock and coupons are confirmed after
	 * commit.
	 */
	@Transactional
	boolean pay(String orderId, String provider) {
		Orders.Order order = this.orders.lock(orderId);
		if (order.status() != OrderStatus.PENDING_PAYMENT) {
			return false;
		}
		long version = this.orders.transition(order, OrderStatus.Action.PAY, null);
		Instant now = this.clock.instant();
		this.sla.promise(orderId, order.channel(), now);
		this.events.publishEvent(new OrderEvents.OrderPaid(OrderEvents.of(order, version, now), orderId,
				order.memberId(), new OrderEvents.Money(order.payableMinor(), order.currency()), provider, now));
		return true;
	}

	/**
	 * Confirms a paid order's stock (on-hand goes down) and redeems its promotions;
	 * repeated by a job until both partners have answered. Runs as part of the order's
	 * load-test run, if any, wherever it is called from (a payment callback, the job).
	 */
	void confirmWithPartners(String orderId) {
		TestRun.runWith(this.orders.runOf(orderId), () -> confirmWithPartnersInRun(orderId));
	}

	private void confirmWithPartnersInRun(String orderId) {
		try {
			this.partners.confirmStock(orderId);
			if (!this.orders.pricedByPlatform(orderId)) {
				// A platform's order locked no promotion here: its platform priced it.
				this.partners.redeemPromotions(orderId);
			}
			this.jdbc.sql("update customer_order set partners_confirmed = true where order_id = ?")
				.params(orderId)
				.update();
			this.transaction.executeWithoutResult((status) -> this.allocation.allocate(orderId));
		}
		catch (PartnerUnavailable ex) {
			log.warn("Confirming paid order {} later: {}", orderId, ex.getMessage());
		}
		catch (PartnerRefusal ex) {
			// The hold ran out before the payment (it should not: payment is due a minute
			// before the hold ends). The shopper is refunded.
			log.error("Paid order {} lost its hold ({}); cancelling with a refund", orderId, ex.getMessage());
			this.transaction.executeWithoutResult((status) -> cancel(orderId, null, "STOCK_HOLD_EXPIRED"));
		}
	}

	/**
	 * Paid orders whose partners have not answered yet, claimed for half a minute so that
	 * replicas never confirm the same order twice at once (L13). Orders paid in the last
	 * few seconds are left to the payment callback, which confirms them itself: the job
	 * picking them up as well doubled the partner calls of one checkout in ten at peak.
	 */
	int confirmPending(int limit) {
		Instant now = this.clock.instant();
		List<String> pending = this.jdbc.sql("""
				update customer_order set job_lease_until = ?
				where order_id in (
				  select order_id from customer_order
				  where status = 'PAID' and not partners_confirmed and (job_lease_until is null or job_lease_until < ?)
				    and paid_at < ?
				  order by paid_at limit ? for update skip locked)
				returning order_id""")
			.params(Timestamp.from(now.plusSeconds(30)), Timestamp.from(now),
					Timestamp.from(now.minus(CALLBACK_CONFIRMS_FOR)), limit)
			.query(String.class)
			.list();
		pending.forEach(this::confirmWithPartners);
		return pending.size();
	}

	/**
	 * Cancels before shipment. A paid order is refunded in full; stock and coupons come
	 * back through OrderCancelled. {@code member}, when given, must own the order.
	 */
	@Transactional
	Orders.Order cancel(String orderId, @Nullable UUID member, String cause) {
		Orders.Order order = (member != null) ? this.orders.getForMember(orderId, member) : this.orders.get(orderId);
		order = this.orders.lock(order.orderId());
		if (order.status() == OrderStatus.CANCELLED) {
			return order;
		}
		OrderStatus.Action action = cause.equals("PAYMENT_TIMEOUT") ? OrderStatus.Action.EXPIRE
				: OrderStatus.Action.CANCEL;
		boolean paid = order.paidAt() != null;
		long version = this.orders.transition(order, action, cause);
		if (paid) {
			this.jdbc.sql("update customer_order set refunded_minor = payable_minor where order_id = ?")
				.params(orderId)
				.update();
		}
		Instant now = this.clock.instant();
		this.events.publishEvent(new OrderEvents.OrderCancelled(OrderEvents.of(order, version, now), orderId,
				order.memberId(), cause, now));
		if (order.points().redeemed() > 0) {
			reversePointsAfterCommit(orderId, order.testRun());
		}
		return this.orders.get(orderId);
	}

	/**
	 * A cancelled order's points go back once the cancellation is committed (no partner
	 * call holds the order's row). If the call is lost, member-service's OrderCancelled
	 * consumer gives them back all the same.
	 */
	private void reversePointsAfterCommit(String orderId, @Nullable String testRun) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				try {
					long restored = TestRun.callWith(testRun,
							() -> OrderLifecycle.this.partners.reversePoints(orderId));
					OrderLifecycle.this.jdbc.sql("""
							update customer_order set points_restored = points_restored + ?, points_reversed = true
							where order_id = ? and not points_reversed""").params(restored, orderId).update();
				}
				catch (PartnerUnavailable | PartnerRefusal ex) {
					log.warn("Points of cancelled order {} come back through OrderCancelled: {}", orderId,
							ex.getMessage());
				}
			}

		});
	}

	/**
	 * Orders whose payment did not come in time are cancelled (PAYMENT_TIMEOUT), each as
	 * part of its load-test run, if any (ADR-25).
	 */
	int expireUnpaid(int limit) {
		record Overdue(String orderId, @Nullable String testRun) {
		}
		List<Overdue> overdue = this.jdbc.sql("""
				select order_id, test_run from customer_order where status = 'PENDING_PAYMENT' and payment_due_at < ?
				order by payment_due_at limit ?""")
			.params(Timestamp.from(this.clock.instant()), limit)
			.query((rs, n) -> new Overdue(rs.getString(1), rs.getString(2)))
			.list();
		for (Overdue due : overdue) {
			String orderId = due.orderId();
			TestRun.runWith(due.testRun(), () -> this.transaction.executeWithoutResult((status) -> {
				// Another replica expiring the same order holds its row: leave it to it.
				boolean mine = this.jdbc
					.sql("select order_id from customer_order where order_id = ? for update skip locked")
					.params(orderId)
					.query(String.class)
					.optional()
					.isPresent();
				if (mine && this.orders.lock(orderId).status() == OrderStatus.PENDING_PAYMENT) {
					cancel(orderId, null, "PAYMENT_TIMEOUT");
				}
			}));
		}
		return overdue.size();
	}

	/** The first parcel left: the order is shipped. */
	@EventListener
	void dispatched(ShipmentEvents.Dispatched dispatched) {
		if (this.orders.get(dispatched.orderId()).status() == OrderStatus.ALLOCATED) {
			ship(dispatched.orderId());
		}
	}

	/** The last parcel arrived: the order is delivered. */
	@EventListener
	void delivered(ShipmentEvents.Delivered delivered) {
		if (this.orders.get(delivered.orderId()).status() == OrderStatus.SHIPPED) {
			deliver(delivered.orderId());
		}
	}

	@Transactional
	Orders.Order ship(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		long version = this.orders.transition(order, OrderStatus.Action.SHIP, null);
		Instant now = this.clock.instant();
		this.events.publishEvent(
				new OrderEvents.OrderShipped(OrderEvents.of(order, version, now), orderId, order.memberId(), now));
		return this.orders.get(orderId);
	}

	@Transactional
	Orders.Order deliver(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		long version = this.orders.transition(order, OrderStatus.Action.DELIVER, null);
		Instant now = this.clock.instant();
		this.events.publishEvent(new OrderEvents.OrderDelivered(OrderEvents.of(order, version, now), orderId,
				order.memberId(), new OrderEvents.Money(order.payableMinor(), order.currency()), now));
		this.sla.delivered(orderId);
		return this.orders.get(orderId);
	}

}
