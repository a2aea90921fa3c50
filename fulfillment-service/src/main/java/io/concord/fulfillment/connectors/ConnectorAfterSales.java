package io.concord.fulfillment.connectors;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.concord.fulfillment.ordering.ChannelOrders;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * After-sales requests from a platform, applied once per request id and stored with their
 * outcome ({@code connector_after_sale}): a CANCEL of an order not yet shipped cancels it
 * (its stock is released as for any cancellation); a CANCEL after shipping or a RETURN
 * opens a return of the lines (ops receive it as any return); a request for a platform
 * order that was held or not placed yet closes it (DISMISSED) without placing it. The
 * money goes back to the buyer through the platform.
 */
@Component
class ConnectorAfterSales {

	private static final Logger log = LoggerFactory.getLogger(ConnectorAfterSales.class);

	/** A platform's after-sales line: units of a platform SKU. */
	record Line(String platformSku, int quantity) {
	}

	record Request(String requestId, String platformOrderId, String type, @Nullable List<Line> lines,
			@Nullable String reason) {
	}

	/**
	 * What came of a request: CANCELLED, RETURN_REQUESTED (returnId), DISMISSED (the
	 * platform order was never placed), ALREADY_CANCELLED, UNKNOWN_ORDER or REFUSED
	 * (detail says why).
	 */
	record Outcome(String requestId, String platformOrderId, String type, String outcome, @Nullable String detail,
			@Nullable String orderId, @Nullable String returnId, Instant receivedAt, boolean duplicate) {
	}

	private final Connectors connectors;

	private final ConnectorOrders orders;

	private final ChannelOrders channelOrders;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	ConnectorAfterSales(Connectors connectors, ConnectorOrders orders, ChannelOrders channelOrders, JdbcTemplate jdbc,
			JsonMapper json, Clock clock) {
		this.connectors = connectors;
		this.orders = orders;
		this.channelOrders = channelOrders;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.clock = clock;
	}

	Outcome receive(Connector connector, Request request) {
		Optional<Outcome> seen = find(connector.connectorId(), request.requestId());
		if (seen.isPresent()) {
			return duplicate(seen.get());
		}
		Result result = apply(connector, request);
		int inserted = this.jdbc.sql("""
				insert into connector_after_sale (connector_id, request_id, platform_order_id, type, lines, reason,
				  outcome, detail, order_id, return_id, received_at)
				values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(connector.connectorId(), request.requestId(), request.platformOrderId(), request.type(),
					(request.lines() != null) ? this.json.writeValueAsString(request.lines()) : null, request.reason(),
					result.outcome(), truncate(result.detail()), result.orderId(), result.returnId(),
					Timestamp.from(this.clock.instant()))
			.update();
		Outcome stored = find(connector.connectorId(), request.requestId()).orElseThrow();
		log.info("After-sales {} {} for {}/{}: {} {}", request.type(), request.requestId(), connector.connectorId(),
				request.platformOrderId(), stored.outcome(), (stored.detail() != null) ? stored.detail() : "");
		return (inserted == 1) ? stored : duplicate(stored);
	}

	private record Result(String outcome, @Nullable String detail, @Nullable String orderId,
			@Nullable String returnId) {
	}

	/**
	 * Applies the request. Each effect is itself idempotent (a cancelled order stays
	 * cancelled; one open return per order), so a request applied twice at once changes
	 * nothing more.
	 */
	private Result apply(Connector connector, Request request) {
		Optional<ConnectorOrders.ConnectorOrder> platformOrder = this.orders.find(connector.connectorId(),
				request.platformOrderId());
		if (platformOrder.isEmpty()) {
			return new Result("UNKNOWN_ORDER", "No platform order " + request.platformOrderId() + " came in", null,
					null);
		}
		ConnectorOrders.ConnectorOrder stored = platformOrder.get();
		String why = "platform " + request.type() + " " + request.requestId()
				+ ((request.reason() != null) ? ": " + request.reason() : "");
		if (!stored.status().equals("PLACED") || stored.orderId() == null) {
			if (stored.status().equals("DISMISSED")) {
				return new Result("DISMISSED", "already dismissed", null, null);
			}
			this.orders.dismiss(connector.connectorId(), request.platformOrderId(), why,
					"platform:" + connector.connectorId());
			return new Result("DISMISSED", "closed without placing it (" + stored.status() + ")", null, null);
		}
		String orderId = stored.orderId();
		ChannelOrders.ChannelOrderState state = this.channelOrders.find(orderId).orElseThrow();
		try {
			if (state.status().equals("CANCELLED")) {
				return new Result("ALREADY_CANCELLED", null, orderId, null);
			}
			if (request.type().equals("CANCEL") && state.cancellable()) {
				this.channelOrders.cancel(orderId, "CHANNEL_CANCELLED");
				return new Result("CANCELLED", null, orderId, null);
			}
			Map<String, Integer> units = new LinkedHashMap<>();
			for (Line line : (request.lines() != null) ? request.lines() : List.<Line>of()) {
				Optional<String> sku = this.connectors.skuOf(connector.connectorId(), line.platformSku());
				if (sku.isEmpty()) {
					return new Result("REFUSED", "Platform SKU " + line.platformSku() + " is not mapped", orderId,
							null);
				}
				units.merge(sku.get(), line.quantity(), Math::addExact);
			}
			String returnId = this.channelOrders.requestReturn(orderId, units, why);
			return new Result("RETURN_REQUESTED", null, orderId, returnId);
		}
		catch (ProblemException refused) {
			return new Result("REFUSED", refused.getMessage(), orderId, null);
		}
	}

	private static Outcome duplicate(Outcome outcome) {
		return new Outcome(outcome.requestId(), outcome.platformOrderId(), outcome.type(), outcome.outcome(),
				outcome.detail(), outcome.orderId(), outcome.returnId(), outcome.receivedAt(), true);
	}

	private static @Nullable String truncate(@Nullable String text) {
		return (text != null && text.length() > 1000) ? text.substring(0, 1000) : text;
	}

	Optional<Outcome> find(String connectorId, String requestId) {
		return this.jdbc.sql("select * from connector_after_sale where connector_id = ? and request_id = ?")
			.params(connectorId, requestId)
			.query((rs, n) -> outcome(rs))
			.optional();
	}

	List<Outcome> list(String connectorId, int limit) {
		this.connectors.get(connectorId);
		return this.jdbc
			.sql("select * from connector_after_sale where connector_id = ? order by received_at desc limit ?")
			.params(connectorId, limit)
			.query((rs, n) -> outcome(rs))
			.list();
	}

	private static Outcome outcome(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Outcome(rs.getString("request_id"), rs.getString("platform_order_id"), rs.getString("type"),
				rs.getString("outcome"), rs.getString("detail"), rs.getString("order_id"), rs.getString("return_id"),
				rs.getTimestamp("received_at").toInstant(), false);
	}

}
