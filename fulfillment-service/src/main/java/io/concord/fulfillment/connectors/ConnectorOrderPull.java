package io.concord.fulfillment.connectors;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The order pull: platforms lose webhooks at peak, so every enabled connector's orders
 * are also pulled every {@code pullEvery}, from a cursor stored per connector
 * ({@code connector_pull}), into the same intake as the webhook ({@link ConnectorOrders}:
 * an order both brought is placed once). One replica pulls a connector at a time: it
 * claims the pull by moving {@code next_pull_at} on in one conditional update.
 */
@Component
class ConnectorOrderPull {

	private static final Logger log = LoggerFactory.getLogger(ConnectorOrderPull.class);

	/** Pages pulled per connector per run; the rest comes with the next run. */
	private static final int MAX_PAGES = 20;

	private final Connectors connectors;

	private final ConnectorOrders orders;

	private final JdbcClient jdbc;

	private final Clock clock;

	ConnectorOrderPull(Connectors connectors, ConnectorOrders orders, JdbcTemplate jdbc, Clock clock) {
		this.connectors = connectors;
		this.orders = orders;
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/** Pulls every enabled connector whose pull is due; orders pulled. */
	int pullDue() {
		int pulled = 0;
		for (Connector connector : this.connectors.enabled()) {
			pulled += pull(connector, false);
		}
		return pulled;
	}

	/**
	 * Pulls the connector's new orders if its pull is due (or {@code now}); how many
	 * came.
	 */
	int pull(Connector connector, boolean now) {
		Instant at = this.clock.instant();
		this.jdbc.sql("insert into connector_pull (connector_id, next_pull_at) values (?, ?) on conflict do nothing")
			.params(connector.connectorId(), Timestamp.from(at))
			.update();
		Optional<Optional<String>> claimed = this.jdbc.sql("""
				update connector_pull set next_pull_at = ?
				where connector_id = ? and (? or next_pull_at <= ?) returning cursor""")
			.params(Timestamp.from(at.plus(connector.pullEvery())), connector.connectorId(), now, Timestamp.from(at))
			.query((rs, n) -> Optional.ofNullable(rs.getString(1)))
			.optional();
		if (claimed.isEmpty()) {
			return 0;
		}
		@Nullable String cursor = claimed.get().orElse(null);
		int count = 0;
		try {
			for (int page = 0; page < MAX_PAGES; page++) {
				ChannelPlatform.PulledOrders pulled = this.connectors.platformOf(connector)
					.pullOrders(connector, cursor);
				for (ChannelPlatform.PlatformOrder order : pulled.orders()) {
					this.orders.receive(connector, order, "PULL");
					count++;
				}
				String next = pulled.nextCursor();
				if (next != null && !Objects.equals(next, cursor)) {
					// Stored after the page's orders are: a crash pulls the page again,
					// and the intake counts them as duplicates.
					cursor = next;
					this.jdbc.sql("update connector_pull set cursor = ? where connector_id = ?")
						.params(cursor, connector.connectorId())
						.update();
				}
				if (pulled.orders().isEmpty() || next == null) {
					break;
				}
			}
			this.jdbc.sql("update connector_pull set pulled_at = ?, last_error = null where connector_id = ?")
				.params(Timestamp.from(this.clock.instant()), connector.connectorId())
				.update();
		}
		catch (ChannelPlatform.PlatformCallFailed ex) {
			String error = String.valueOf(ex.getMessage());
			this.jdbc.sql("update connector_pull set last_error = ? where connector_id = ?")
				.params((error.length() > 500) ? error.substring(0, 500) : error, connector.connectorId())
				.update();
			log.warn("Pulling {}'s orders failed (again in {}): {}", connector.connectorId(), connector.pullEvery(),
					error);
		}
		return count;
	}

}
