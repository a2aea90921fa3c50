package io.concord.fulfillment.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The connectors ops configured and their SKU mappings; which adapter speaks to each
 * ({@link #platformOf}). A connector's secrets must exist in the deployment when it is
 * saved ({@link ConnectorSecrets}), and its platform must have an adapter.
 */
@Component
class Connectors {

	/** A platform SKU mapped to a Concord SKU for one connector. */
	record SkuMapping(String platformSku, String sku) {
	}

	private final JdbcClient jdbc;

	private final ConnectorSecrets secrets;

	private final Map<String, ChannelPlatform> platforms;

	private final Clock clock;

	Connectors(JdbcTemplate jdbc, ConnectorSecrets secrets, List<ChannelPlatform> platforms, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.secrets = secrets;
		this.platforms = platforms.stream().collect(Collectors.toMap(ChannelPlatform::platform, Function.identity()));
		this.clock = clock;
	}

	/** Creates or replaces a connector (its mapping stays). */
	@Transactional
	Connector save(Connector connector) {
		if (!this.platforms.containsKey(connector.platform())) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("unknown-platform"), "Unknown platform",
					"No adapter for platform " + connector.platform() + "; known: "
							+ this.platforms.keySet().stream().sorted().toList())
				.with("platform", connector.platform());
		}
		this.secrets.value(connector.apiSecretRef());
		this.secrets.value(connector.webhookSecretRef());
		Optional<Connector> onChannel = ofChannel(connector.channel());
		if (onChannel.isPresent() && !onChannel.get().connectorId().equals(connector.connectorId())) {
			throw new ProblemException.Conflict(ProblemTypes.of("channel-taken"), "Channel taken",
					"Channel " + connector.channel() + " is already connector " + onChannel.get().connectorId()
							+ "'s: one connector per channel")
				.with("channel", connector.channel());
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into connector (connector_id, platform, display_name, channel, base_url, api_secret_ref,
				  webhook_secret_ref, stock_buffer, pushes_per_second, pull_every_seconds, resync_every_seconds,
				  dispatch_within_hours, enabled, created_at, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (connector_id) do update set platform = excluded.platform,
				  display_name = excluded.display_name, channel = excluded.channel, base_url = excluded.base_url,
				  api_secret_ref = excluded.api_secret_ref, webhook_secret_ref = excluded.webhook_secret_ref,
				  stock_buffer = excluded.stock_buffer, pushes_per_second = excluded.pushes_per_second,
				  pull_every_seconds = excluded.pull_every_seconds,
				  resync_every_seconds = excluded.resync_every_seconds,
				  dispatch_within_hours = excluded.dispatch_within_hours, enabled = excluded.enabled,
				  updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
			.params(connector.connectorId(), connector.platform(), connector.displayName(), connector.channel(),
					connector.baseUrl(), connector.apiSecretRef(), connector.webhookSecretRef(),
					connector.stockBuffer(), connector.pushesPerSecond(), connector.pullEvery().toSeconds(),
					connector.resyncEvery().toSeconds(), connector.dispatchWithin().toHours(), connector.enabled(),
					Timestamp.from(now), Timestamp.from(now), connector.updatedBy())
			.update();
		return get(connector.connectorId());
	}

	Connector get(String connectorId) {
		return find(connectorId).orElseThrow(() -> new ProblemException.NotFound("Connector", connectorId));
	}

	Optional<Connector> find(String connectorId) {
		return this.jdbc.sql("select * from connector where connector_id = ?")
			.params(connectorId)
			.query(Connectors::connector)
			.optional();
	}

	Optional<Connector> ofChannel(String channel) {
		return this.jdbc.sql("select * from connector where channel = ?")
			.params(channel)
			.query(Connectors::connector)
			.optional();
	}

	List<Connector> all() {
		return this.jdbc.sql("select * from connector order by connector_id").query(Connectors::connector).list();
	}

	List<Connector> enabled() {
		return this.jdbc.sql("select * from connector where enabled order by connector_id")
			.query(Connectors::connector)
			.list();
	}

	/** The adapter that speaks to this connector's platform. */
	ChannelPlatform platformOf(Connector connector) {
		ChannelPlatform platform = this.platforms.get(connector.platform());
		if (platform == null) {
			throw new IllegalStateException("No adapter for platform " + connector.platform());
		}
		return platform;
	}

	/** The secret the connector's webhooks are signed with. */
	String webhookSecret(Connector connector) {
		return this.secrets.value(connector.webhookSecretRef());
	}

	/** The secret the connector's API calls are authenticated with. */
	String apiSecret(Connector connector) {
		return this.secrets.value(connector.apiSecretRef());
	}

	/**
	 * Replaces the connector's SKU mapping; 422 {@code duplicate-mapping} when a platform
	 * SKU or a Concord SKU appears twice.
	 */
	@Transactional
	List<SkuMapping> replaceMapping(String connectorId, List<SkuMapping> mapping) {
		get(connectorId);
		Set<String> platformSkus = new HashSet<>();
		Set<String> skus = new HashSet<>();
		for (SkuMapping entry : mapping) {
			if (!platformSkus.add(entry.platformSku()) || !skus.add(entry.sku())) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("duplicate-mapping"), "Duplicate mapping",
						"Each platform SKU and each SKU may be mapped once: " + entry)
					.with("platformSku", entry.platformSku())
					.with("sku", entry.sku());
			}
		}
		this.jdbc.sql("delete from connector_sku where connector_id = ?").params(connectorId).update();
		for (SkuMapping entry : mapping) {
			this.jdbc.sql("insert into connector_sku (connector_id, platform_sku, sku) values (?, ?, ?)")
				.params(connectorId, entry.platformSku(), entry.sku())
				.update();
		}
		return mapping(connectorId);
	}

	List<SkuMapping> mapping(String connectorId) {
		return this.jdbc.sql("select platform_sku, sku from connector_sku where connector_id = ? order by platform_sku")
			.params(connectorId)
			.query((rs, n) -> new SkuMapping(rs.getString("platform_sku"), rs.getString("sku")))
			.list();
	}

	/** The Concord SKU a platform SKU is mapped to, if any. */
	Optional<String> skuOf(String connectorId, String platformSku) {
		return this.jdbc.sql("select sku from connector_sku where connector_id = ? and platform_sku = ?")
			.params(connectorId, platformSku)
			.query(String.class)
			.optional();
	}

	/** The platform SKU a Concord SKU is sold as on the connector, if any. */
	Optional<String> platformSkuOf(String connectorId, String sku) {
		return this.jdbc.sql("select platform_sku from connector_sku where connector_id = ? and sku = ?")
			.params(connectorId, sku)
			.query(String.class)
			.optional();
	}

	private static Connector connector(ResultSet rs, int row) throws SQLException {
		return new Connector(rs.getString("connector_id"), rs.getString("platform"), rs.getString("display_name"),
				rs.getString("channel"), rs.getString("base_url"), rs.getString("api_secret_ref"),
				rs.getString("webhook_secret_ref"), rs.getInt("stock_buffer"), rs.getInt("pushes_per_second"),
				Duration.ofSeconds(rs.getInt("pull_every_seconds")),
				Duration.ofSeconds(rs.getInt("resync_every_seconds")),
				Duration.ofHours(rs.getInt("dispatch_within_hours")), rs.getBoolean("enabled"),
				rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
	}

}
