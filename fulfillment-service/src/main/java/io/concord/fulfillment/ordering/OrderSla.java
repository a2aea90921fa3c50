package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promises and how they are kept: the one home of the fulfilment promise ({@link Policy};
 * allocation, the delivery counter and the KPIs read it from here). A paid order is
 * promised dispatch within {@code dispatch} and delivery within {@code delivery} (72
 * hours by default, per channel if configured). It is flagged at risk (FulfilmentAtRisk,
 * once) when its dispatch deadline is closer than {@code risk-margin} and it has not
 * left, when the chosen carrier cannot make the promise, or when a parcel hits an
 * exception; a missed deadline is recorded as a breach with its cause.
 */
@Component
class OrderSla {

	@ConfigurationProperties("concord.fulfillment.sla")
	record Policy(@Nullable Duration dispatch, @Nullable Duration delivery, @Nullable Duration riskMargin,
			@Nullable Map<String, Duration> deliveryByChannel) {

		Policy {
			dispatch = (dispatch != null) ? dispatch : Duration.ofHours(24);
			delivery = (delivery != null) ? delivery : Duration.ofHours(72);
			riskMargin = (riskMargin != null) ? riskMargin : Duration.ofHours(6);
			deliveryByChannel = (deliveryByChannel != null) ? deliveryByChannel : Map.of();
		}

		Duration deliveryFor(String channel) {
			return this.deliveryByChannel.getOrDefault(channel, this.delivery);
		}

		/** When an order of the channel paid at {@code paidAt} is promised to arrive. */
		Instant deliveryBy(String channel, Instant paidAt) {
			return paidAt.plus(deliveryFor(channel));
		}

		/** When an order paid at {@code paidAt} is promised to leave. */
		Instant dispatchBy(Instant paidAt) {
			return paidAt.plus(this.dispatch);
		}

	}

	record Breach(String orderId, String kind, String cause, Instant promisedBy, @Nullable Instant actualAt) {
	}

	record AtRisk(String orderId, String channel, String status, Instant atRiskSince,
			@Nullable Instant promisedDispatchBy, @Nullable Instant promisedDeliveryBy) {
	}

	private final Policy policy;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	OrderSla(Policy policy, JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.policy = policy;
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Sets the order's promises at payment. A platform's order is promised dispatch as
	 * its platform promised it ({@code dispatch_within_seconds}), and delivery no earlier
	 * than that.
	 */
	void promise(String orderId, String channel, Instant paidAt) {
		this.jdbc.sql("""
				update customer_order set
				  promised_dispatch_by = coalesce(?::timestamptz + make_interval(secs => dispatch_within_seconds), ?),
				  promised_delivery_by = greatest(?, ?::timestamptz + make_interval(secs => dispatch_within_seconds))
				where order_id = ?""")
			.params(Timestamp.from(paidAt), Timestamp.from(this.policy.dispatchBy(paidAt)),
					Timestamp.from(this.policy.deliveryBy(channel, paidAt)), Timestamp.from(paidAt), orderId)
			.update();
	}

	/**
	 * Flags the order at risk once, with the reason, and announces it (a load-test run's
	 * order on the shadow topic, whoever flags it).
	 */
	@Transactional
	void flag(String orderId, String reason) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					update customer_order set at_risk_since = ?, version = version + 1
					where order_id = ? and at_risk_since is null and %s
					returning channel, promised_dispatch_by, promised_delivery_by, version, test_run"""
				.formatted(OrderStatus.sqlIn("status", OrderStatus.UNDER_PROMISE)))
			.params(Timestamp.from(now), orderId)
			.query((rs, n) -> {
				long version = rs.getLong("version");
				EventMetadata metadata = TestRun.callWith(rs.getString("test_run"),
						() -> EventMetadata.of(orderId, version, now));
				return new OrderEvents.FulfilmentAtRisk(metadata, orderId, rs.getString("channel"), reason,
						rs.getTimestamp("promised_dispatch_by").toInstant(),
						rs.getTimestamp("promised_delivery_by").toInstant(), now);
			})
			.optional()
			.ifPresent(this.events::publishEvent);
	}

	@EventListener
	void parcelException(ShipmentEvents.ExceptionReported exception) {
		flag(exception.orderId(), "CARRIER_EXCEPTION: " + exception.reason());
	}

	/**
	 * At delivery: a late delivery is a breach, caused by late dispatch or the carrier.
	 */
	void delivered(String orderId) {
		this.jdbc.sql("""
				insert into sla_breach (order_id, kind, cause, promised_by, actual_at, recorded_at)
				select order_id, 'DELIVERY',
				  case when shipped_at > promised_dispatch_by then 'LATE_DISPATCH'
				       when at_risk_since is not null then 'AT_RISK_NOT_RECOVERED' else 'CARRIER_DELAY' end,
				  promised_delivery_by, delivered_at, ?
				from customer_order where order_id = ? and delivered_at > promised_delivery_by
				on conflict do nothing""").params(Timestamp.from(this.clock.instant()), orderId).update();
	}

	/** Orders about to miss dispatch are flagged; those that missed it are recorded. */
	@Transactional
	int watch() {
		Instant now = this.clock.instant();
		List<String> closing = this.jdbc
			.sql("""
					select order_id from customer_order where %s and at_risk_since is null
					  and promised_dispatch_by < ? limit 500"""
				.formatted(OrderStatus.sqlIn("status", OrderStatus.AWAITING_DISPATCH)))
			.params(Timestamp.from(now.plus(this.policy.riskMargin())))
			.query(String.class)
			.list();
		closing.forEach((orderId) -> flag(orderId, "DISPATCH_DEADLINE_CLOSE"));
		int breached = this.jdbc.sql("""
				insert into sla_breach (order_id, kind, cause, promised_by, actual_at, recorded_at)
				select order_id, 'DISPATCH', 'WAREHOUSE_BACKLOG', promised_dispatch_by, null, ?
				from customer_order where %s and promised_dispatch_by < ?
				on conflict do nothing""".formatted(OrderStatus.sqlIn("status", OrderStatus.AWAITING_DISPATCH)))
			.params(Timestamp.from(now), Timestamp.from(now))
			.update();
		return closing.size() + breached;
	}

	/** Real orders at risk (a load-test run's are no one's concern, ADR-25). */
	List<AtRisk> atRisk() {
		return this.jdbc
			.sql("""
					select order_id, channel, status, at_risk_since, promised_dispatch_by, promised_delivery_by
					from customer_order where at_risk_since is not null and %s
					  and test_run is null
					order by promised_delivery_by limit 500"""
				.formatted(OrderStatus.sqlIn("status", OrderStatus.UNDER_PROMISE)))
			.query((rs, n) -> new AtRisk(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
			.list();
	}

	/** Real orders' breaches. */
	List<Breach> breaches() {
		return this.jdbc.sql("""
				select b.order_id, b.kind, b.cause, b.promised_by, b.actual_at from sla_breach b
				join customer_order o on o.order_id = b.order_id where o.test_run is null
				order by b.recorded_at desc limit 500""")
			.query((rs, n) -> new Breach(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))))
			.list();
	}

	/** An order's breaches (ops' order view). */
	List<Breach> breachesOf(String orderId) {
		return this.jdbc.sql("""
				select order_id, kind, cause, promised_by, actual_at from sla_breach where order_id = ?
				order by recorded_at""")
			.params(orderId)
			.query((rs, n) -> new Breach(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))))
			.list();
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
