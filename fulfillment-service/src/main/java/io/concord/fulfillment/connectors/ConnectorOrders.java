package io.concord.fulfillment.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.fulfillment.ordering.ChannelOrders;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one home of "what happens to a platform order", whether its webhook or the pull
 * brought it: it is stored first ({@code connector_order}, one row per platform order id,
 * repeats counted and never placed again), its SKUs are mapped, and it is placed and paid
 * through {@link ChannelOrders}. An unmapped SKU, missing stock or another refusal holds
 * it for ops (HELD with the reason); a partner outage leaves it RECEIVED for the job to
 * try again, so no order is ever lost; a placed one is PLACED with its order id.
 */
@Component
class ConnectorOrders {

	private static final Logger log = LoggerFactory.getLogger(ConnectorOrders.class);

	/** How long a RECEIVED order waits before the job tries it again (doubling). */
	private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

	private static final Duration LONGEST_RETRY = Duration.ofMinutes(10);

	/** What the webhook answers: the order is stored, and where it stands. */
	record Intake(String platformOrderId, String status, @Nullable String orderId, boolean duplicate) {
	}

	/** A platform order as ops see it. */
	record ConnectorOrder(String connectorId, String platformOrderId, String status, @Nullable String reason,
			@Nullable JsonNode detail, @Nullable String orderId, String source, int duplicates, int attempts,
			Instant receivedAt, Instant updatedAt, @Nullable String dismissedBy, @Nullable Tracking tracking) {
	}

	/** The tracking push of a dispatched order, as ops see it. */
	record Tracking(String carrier, String trackingNumber, String status, int attempts, @Nullable String lastError,
			@Nullable Instant pushedAt) {
	}

	private final Connectors connectors;

	private final ChannelOrders channelOrders;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	ConnectorOrders(Connectors connectors, ChannelOrders channelOrders, JdbcTemplate jdbc, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		this.connectors = connectors;
		this.channelOrders = channelOrders;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Stores the platform order (once) and, if new or still waiting, places it; what it
	 * came to.
	 */
	Intake receive(Connector connector, ChannelPlatform.PlatformOrder order, String source) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.sql("""
				insert into connector_order (connector_id, platform_order_id, status, payload, source, received_at,
				  updated_at, next_attempt_at)
				values (?, ?, 'RECEIVED', ?::jsonb, ?, ?, ?, ?)
				on conflict (connector_id, platform_order_id) do nothing""")
			.params(connector.connectorId(), order.platformOrderId(), this.json.writeValueAsString(order), source,
					Timestamp.from(now), Timestamp.from(now), Timestamp.from(now))
			.update();
		if (inserted == 0) {
			this.jdbc.sql("""
					update connector_order set duplicates = duplicates + 1
					where connector_id = ? and platform_order_id = ?""")
				.params(connector.connectorId(), order.platformOrderId())
				.update();
			count(connector, "duplicate");
			ConnectorOrder stored = get(connector.connectorId(), order.platformOrderId());
			return new Intake(stored.platformOrderId(), stored.status(), stored.orderId(), true);
		}
		count(connector, "received");
		try {
			ConnectorOrder placed = process(connector, order.platformOrderId());
			return new Intake(placed.platformOrderId(), placed.status(), placed.orderId(), false);
		}
		catch (RuntimeException ex) {
			// Stored: the job places it. The platform must not send it again for this.
			log.error("Platform order {}/{} stored, placing it later", connector.connectorId(), order.platformOrderId(),
					ex);
			return new Intake(order.platformOrderId(), "RECEIVED", null, false);
		}
	}

	/**
	 * Tries to place a stored order that is RECEIVED (or HELD, when ops retry it): claims
	 * it by moving its next attempt on, so replicas never place it at the same time.
	 */
	ConnectorOrder process(Connector connector, String platformOrderId) {
		Instant now = this.clock.instant();
		Optional<Claimed> claimed = this.jdbc.sql("""
				update connector_order set attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
				where connector_id = ? and platform_order_id = ? and status = 'RECEIVED' and next_attempt_at <= ?
				returning payload, attempts, generation, buyer_id""")
			.params(Timestamp.from(now.plus(backOff(0))), Timestamp.from(now), connector.connectorId(), platformOrderId,
					Timestamp.from(now))
			.query((rs, n) -> new Claimed(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getObject(4, UUID.class)))
			.optional();
		if (claimed.isEmpty()) {
			return get(connector.connectorId(), platformOrderId);
		}
		ChannelPlatform.PlatformOrder order = this.json.readValue(claimed.get().payload(),
				ChannelPlatform.PlatformOrder.class);
		List<String> unmapped = new ArrayList<>();
		List<ChannelOrders.ChannelLine> lines = new ArrayList<>();
		for (ChannelPlatform.PlatformLine line : order.lines()) {
			Optional<String> sku = this.connectors.skuOf(connector.connectorId(), line.platformSku());
			if (sku.isEmpty()) {
				unmapped.add(line.platformSku());
			}
			else {
				lines.add(new ChannelOrders.ChannelLine(sku.get(), line.quantity(), line.unitPriceMinor(),
						line.discountMinor()));
			}
		}
		if (!unmapped.isEmpty()) {
			ObjectNode detail = this.json.createObjectNode();
			detail.putPOJO("platformSkus", unmapped.stream().distinct().toList());
			return hold(connector, platformOrderId, "UNMAPPED_SKU", detail);
		}
		UUID buyer = buyer(connector, platformOrderId, order, claimed.get());
		ChannelOrders.Placement placement = this.channelOrders
			.place(new ChannelOrders.ChannelOrder(connector.connectorId(), platformOrderId, claimed.get().generation(),
					connector.channel(), buyer, lines, order.paidMinor(), order.currency(), order.shippingAddress(),
					order.region(), connector.dispatchWithin()));
		return switch (placement) {
			case ChannelOrders.Placed placed -> {
				this.jdbc.sql("""
						update connector_order set status = 'PLACED', order_id = ?, reason = null, detail = null,
						  next_attempt_at = null, updated_at = ?
						where connector_id = ? and platform_order_id = ?""")
					.params(placed.orderId(), Timestamp.from(this.clock.instant()), connector.connectorId(),
							platformOrderId)
					.update();
				count(connector, "placed");
				yield get(connector.connectorId(), platformOrderId);
			}
			case ChannelOrders.Refused refused -> {
				boolean stock = refused.type().endsWith("/insufficient-stock");
				ObjectNode detail = this.json.createObjectNode();
				detail.put("type", refused.type()).put("detail", refused.detail());
				if (refused.orderId() != null) {
					detail.put("orderId", refused.orderId());
				}
				if (refused.problem().has("shortLines")) {
					detail.set("shortLines", refused.problem().get("shortLines"));
				}
				yield hold(connector, platformOrderId, stock ? "OUT_OF_STOCK" : "REFUSED", detail);
			}
			case ChannelOrders.Unavailable unavailable -> {
				// Never lost: the job tries again, later each time.
				this.jdbc.sql("""
						update connector_order set next_attempt_at = ?, detail = ?::jsonb, updated_at = ?
						where connector_id = ? and platform_order_id = ? and status = 'RECEIVED'""")
					.params(Timestamp.from(this.clock.instant().plus(backOff(claimed.get().attempts()))),
							this.json.writeValueAsString(
									this.json.createObjectNode().put("unavailable", unavailable.detail())),
							Timestamp.from(this.clock.instant()), connector.connectorId(), platformOrderId)
					.update();
				count(connector, "unavailable");
				log.warn("Platform order {}/{} waits: {}", connector.connectorId(), platformOrderId,
						unavailable.detail());
				yield get(connector.connectorId(), platformOrderId);
			}
		};
	}

	private record Claimed(String payload, int attempts, int generation, @Nullable UUID buyerId) {
	}

	/**
	 * The member the order is placed under, decided on its first placement and stored: a
	 * retry places it under the same one (its checkout key is per member), even if the
	 * buyer was linked or member-service came back in between.
	 */
	private UUID buyer(Connector connector, String platformOrderId, ChannelPlatform.PlatformOrder order,
			Claimed claimed) {
		if (claimed.buyerId() != null) {
			return claimed.buyerId();
		}
		UUID decided = this.channelOrders.buyerOf(connector.connectorId(), connector.channel(), order.buyerId());
		return this.jdbc.sql("""
				update connector_order set buyer_id = coalesce(buyer_id, ?)
				where connector_id = ? and platform_order_id = ?
				returning buyer_id""")
			.params(decided, connector.connectorId(), platformOrderId)
			.query(UUID.class)
			.single();
	}

	private ConnectorOrder hold(Connector connector, String platformOrderId, String reason, JsonNode detail) {
		this.jdbc.sql("""
				update connector_order set status = 'HELD', reason = ?, detail = ?::jsonb, next_attempt_at = null,
				  updated_at = ?
				where connector_id = ? and platform_order_id = ?""")
			.params(reason, this.json.writeValueAsString(detail), Timestamp.from(this.clock.instant()),
					connector.connectorId(), platformOrderId)
			.update();
		count(connector, "held-" + reason.toLowerCase(java.util.Locale.ROOT));
		log.info("Platform order {}/{} held: {} {}", connector.connectorId(), platformOrderId, reason, detail);
		return get(connector.connectorId(), platformOrderId);
	}

	/**
	 * Ops try a held order again (after fixing the mapping or the stock). A refused
	 * placement holds nothing, so the retry is a new checkout (its generation goes up).
	 */
	ConnectorOrder retry(String connectorId, String platformOrderId) {
		Connector connector = this.connectors.get(connectorId);
		ConnectorOrder order = get(connectorId, platformOrderId);
		if (!order.status().equals("HELD") && !order.status().equals("RECEIVED")) {
			throw new ProblemException.Conflict(ProblemTypes.of("not-held"), "Not held",
					"Platform order " + platformOrderId + " is " + order.status() + ": nothing to retry")
				.with("status", order.status());
		}
		this.jdbc.sql("""
				update connector_order set status = 'RECEIVED', next_attempt_at = ?, updated_at = ?,
				  generation = generation + case when reason in ('OUT_OF_STOCK', 'REFUSED') then 1 else 0 end
				where connector_id = ? and platform_order_id = ? and status in ('HELD', 'RECEIVED')""")
			.params(Timestamp.from(this.clock.instant()), Timestamp.from(this.clock.instant()), connectorId,
					platformOrderId)
			.update();
		return process(connector, platformOrderId);
	}

	/**
	 * Closes a held or waiting order without placing it (ops, or the platform's own
	 * cancellation); {@code by} is who, for the audit.
	 */
	ConnectorOrder dismiss(String connectorId, String platformOrderId, String reason, String by) {
		ConnectorOrder order = get(connectorId, platformOrderId);
		int updated = this.jdbc.sql("""
				update connector_order set status = 'DISMISSED', detail = ?::jsonb, dismissed_by = ?,
				  next_attempt_at = null, updated_at = ?
				where connector_id = ? and platform_order_id = ? and status in ('HELD', 'RECEIVED')""")
			.params(this.json.writeValueAsString(withReason(order.detail(), reason)), by,
					Timestamp.from(this.clock.instant()), connectorId, platformOrderId)
			.update();
		if (updated == 0 && !order.status().equals("DISMISSED")) {
			throw new ProblemException.Conflict(ProblemTypes.of("not-held"), "Not held",
					"Platform order " + platformOrderId + " is " + order.status() + ": it cannot be dismissed")
				.with("status", order.status());
		}
		if (updated == 1) {
			log.info("Platform order {}/{} dismissed by {}: {}", connectorId, platformOrderId, by, reason);
		}
		return get(connectorId, platformOrderId);
	}

	private JsonNode withReason(@Nullable JsonNode detail, String reason) {
		ObjectNode node = (detail instanceof ObjectNode object) ? object.deepCopy() : this.json.createObjectNode();
		node.put("dismissedReason", reason);
		return node;
	}

	/** Orders still RECEIVED whose next attempt is due (the outage retry job). */
	int retryDue(int limit) {
		List<String[]> due = this.jdbc.sql("""
				select connector_id, platform_order_id from connector_order
				where status = 'RECEIVED' and next_attempt_at <= ? order by next_attempt_at limit ?""")
			.params(Timestamp.from(this.clock.instant()), limit)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		for (String[] order : due) {
			this.connectors.find(order[0]).ifPresent((connector) -> process(connector, order[1]));
		}
		return due.size();
	}

	ConnectorOrder get(String connectorId, String platformOrderId) {
		return find(connectorId, platformOrderId)
			.orElseThrow(() -> new ProblemException.NotFound("Platform order", connectorId + "/" + platformOrderId));
	}

	Optional<ConnectorOrder> find(String connectorId, String platformOrderId) {
		return this.jdbc.sql("""
				select o.*, t.carrier, t.tracking_number, t.status as tracking_status, t.attempts as tracking_attempts,
				  t.last_error, t.pushed_at
				from connector_order o left join connector_tracking t
				  on t.connector_id = o.connector_id and t.platform_order_id = o.platform_order_id
				where o.connector_id = ? and o.platform_order_id = ?""")
			.params(connectorId, platformOrderId)
			.query(this::order)
			.optional();
	}

	/** The connector's orders, newest first, in one status if given. */
	List<ConnectorOrder> list(String connectorId, @Nullable String status, int limit) {
		this.connectors.get(connectorId);
		return this.jdbc.sql("""
				select o.*, t.carrier, t.tracking_number, t.status as tracking_status, t.attempts as tracking_attempts,
				  t.last_error, t.pushed_at
				from connector_order o left join connector_tracking t
				  on t.connector_id = o.connector_id and t.platform_order_id = o.platform_order_id
				where o.connector_id = ? and (cast(? as varchar) is null or o.status = ?)
				order by o.received_at desc limit ?""")
			.params(connectorId, status, status, limit)
			.query(this::order)
			.list();
	}

	/** The connector's platform order an order was placed for, if it is one. */
	Optional<ConnectorOrder> ofOrder(String orderId) {
		return this.jdbc.sql("select connector_id, platform_order_id from connector_order where order_id = ?")
			.params(orderId)
			.query((rs, n) -> get(rs.getString(1), rs.getString(2)))
			.optional();
	}

	private ConnectorOrder order(ResultSet rs, int row) throws SQLException {
		String detail = rs.getString("detail");
		Tracking tracking = (rs.getString("carrier") != null)
				? new Tracking(rs.getString("carrier"), rs.getString("tracking_number"),
						rs.getString("tracking_status"), rs.getInt("tracking_attempts"), rs.getString("last_error"),
						(rs.getTimestamp("pushed_at") != null) ? rs.getTimestamp("pushed_at").toInstant() : null)
				: null;
		return new ConnectorOrder(rs.getString("connector_id"), rs.getString("platform_order_id"),
				rs.getString("status"), rs.getString("reason"), (detail != null) ? this.json.readTree(detail) : null,
				rs.getString("order_id"), rs.getString("source"), rs.getInt("duplicates"), rs.getInt("attempts"),
				rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				rs.getString("dismissed_by"), tracking);
	}

	private static Duration backOff(int attempts) {
		Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 10));
		return (wait.compareTo(LONGEST_RETRY) > 0) ? LONGEST_RETRY : wait;
	}

	private void count(Connector connector, String outcome) {
		this.meters.counter("concord.connector.orders", "connector", connector.connectorId(), "outcome", outcome)
			.increment();
	}

}
