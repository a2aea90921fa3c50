package io.concord.fulfillment.connectors;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.fulfillment.shipping.Shipments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tracking out: when a connector's order leaves (shipping's Dispatched), its carrier and
 * tracking number are queued ({@code connector_tracking}) in the same transaction, and
 * {@link #pushDue} tells the platform, retrying with back-off (the platform's Retry-After
 * when it throttles) until it accepts. Ops see a push that keeps failing on the
 * connector's orders list.
 */
@Component
class ConnectorTracking {

	private static final Logger log = LoggerFactory.getLogger(ConnectorTracking.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

	private static final Duration LONGEST_RETRY = Duration.ofMinutes(30);

	/** How long a claimed push is left to its job before another may take it. */
	private static final Duration LEASE = Duration.ofMinutes(2);

	private final Connectors connectors;

	private final ConnectorOrders orders;

	private final Shipments shipments;

	private final JdbcClient jdbc;

	private final Clock clock;

	ConnectorTracking(Connectors connectors, ConnectorOrders orders, Shipments shipments, JdbcTemplate jdbc,
			Clock clock) {
		this.connectors = connectors;
		this.orders = orders;
		this.shipments = shipments;
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/**
	 * A connector's order left: its first parcel with a tracking number is what the
	 * platform hears of (the protocol carries one per order).
	 */
	@EventListener
	void dispatched(ShipmentEvents.Dispatched dispatched) {
		Optional<ConnectorOrders.ConnectorOrder> order = this.orders.ofOrder(dispatched.orderId());
		if (order.isEmpty()) {
			return;
		}
		Optional<Shipments.Shipment> parcel = this.shipments.ofOrder(dispatched.orderId())
			.stream()
			.filter((s) -> s.trackingNumber() != null && s.carrierCode() != null)
			.findFirst();
		if (parcel.isEmpty()) {
			log.warn("Order {} left without a tracking number: nothing to tell {}", dispatched.orderId(),
					order.get().connectorId());
			return;
		}
		this.jdbc.sql("""
				insert into connector_tracking (connector_id, platform_order_id, order_id, carrier, tracking_number,
				  shipped_at, status, next_attempt_at)
				values (?, ?, ?, ?, ?, ?, 'PENDING', ?) on conflict do nothing""")
			.params(order.get().connectorId(), order.get().platformOrderId(), dispatched.orderId(),
					parcel.get().carrierCode(), parcel.get().trackingNumber(), Timestamp.from(dispatched.at()),
					Timestamp.from(this.clock.instant()))
			.update();
	}

	private record Due(String connectorId, String platformOrderId, String carrier, String trackingNumber,
			Instant shippedAt, int attempts) {
	}

	/** Pushes the tracking that is due, each claimed so replicas never push it twice. */
	int pushDue(int limit) {
		Instant now = this.clock.instant();
		List<Due> due = this.jdbc.sql("""
				update connector_tracking set next_attempt_at = ?, attempts = attempts + 1
				where (connector_id, platform_order_id) in (
				  select connector_id, platform_order_id from connector_tracking
				  where status = 'PENDING' and next_attempt_at <= ?
				  order by next_attempt_at limit ? for update skip locked)
				returning connector_id, platform_order_id, carrier, tracking_number, shipped_at, attempts""")
			.params(Timestamp.from(now.plus(LEASE)), Timestamp.from(now), limit)
			.query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), rs.getInt(6)))
			.list();
		for (Due push : due) {
			push(push);
		}
		return due.size();
	}

	private void push(Due push) {
		Optional<Connector> connector = this.connectors.find(push.connectorId());
		if (connector.isEmpty()) {
			return;
		}
		try {
			this.connectors.platformOf(connector.get())
				.pushTracking(connector.get(), new ChannelPlatform.TrackingUpdate(push.platformOrderId(),
						push.carrier(), push.trackingNumber(), push.shippedAt()));
			this.jdbc.sql("""
					update connector_tracking set status = 'PUSHED', pushed_at = ?, last_error = null
					where connector_id = ? and platform_order_id = ?""")
				.params(Timestamp.from(this.clock.instant()), push.connectorId(), push.platformOrderId())
				.update();
		}
		catch (ChannelPlatform.PlatformCallFailed | IllegalStateException ex) {
			Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(push.attempts() - 1, 12));
			if (wait.compareTo(LONGEST_RETRY) > 0) {
				wait = LONGEST_RETRY;
			}
			if (ex instanceof ChannelPlatform.PlatformCallFailed failed && failed.retryAfter() != null
					&& failed.retryAfter().compareTo(wait) > 0) {
				wait = failed.retryAfter();
			}
			String error = String.valueOf(ex.getMessage());
			this.jdbc.sql("""
					update connector_tracking set next_attempt_at = ?, last_error = ?
					where connector_id = ? and platform_order_id = ?""")
				.params(Timestamp.from(this.clock.instant().plus(wait)),
						(error.length() > 500) ? error.substring(0, 500) : error, push.connectorId(),
						push.platformOrderId())
				.update();
			log.warn("Tracking of {}/{} not pushed (attempt {}), again in {}: {}", push.connectorId(),
					push.platformOrderId(), push.attempts(), wait, error);
		}
	}

}
