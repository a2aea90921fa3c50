package io.concord.promotion.competitors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.prices.PriceLists;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sources, mappings, observations and undercut alerts. An observation is always stored
 * (unmapped when its product has no SKU yet, mapped later); a mapped, in-stock one below
 * our current selling price by more than the threshold (the source's, else the global
 * one) opens an alert, or refreshes the open one of that SKU and source; one that no
 * longer undercuts resolves it.
 */
@Component
class Competitors {

	enum Channel {

		WEBHOOK, KAFKA

	}

	record Source(String sourceId, String name, @Nullable BigDecimal undercutThresholdPercent, Instant updatedAt) {
	}

	record Mapping(String sourceId, String competitorProductId, String sku, Instant updatedAt) {
	}

	record Observation(String competitorProductId, long priceMinor, String currency, boolean inStock,
			Instant observedAt) {
	}

	record StoredObservation(UUID observationId, String sourceId, String competitorProductId, @Nullable String sku,
			long priceMinor, String currency, boolean inStock, Instant observedAt, Instant receivedAt, String channel) {
	}

	record Alert(UUID alertId, String sku, String sourceId, UUID observationId, long competitorPriceMinor,
			long ourPriceMinor, String currency, BigDecimal undercutPercent, BigDecimal thresholdPercent, String status,
			Instant openedAt, Instant lastSeenAt, @Nullable Instant resolvedAt, @Nullable String resolution) {
	}

	record Unmapped(String sourceId, String competitorProductId, long observations, Instant lastObservedAt) {
	}

	/** What one delivery did. */
	record Received(int observations, int unmapped, int alertsOpened) {
	}

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private final JdbcClient jdbc;

	private final PriceLists prices;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final BigDecimal defaultThreshold;

	private final String channel;

	Competitors(JdbcTemplate jdbc, PriceLists prices, ApplicationEventPublisher events, Clock clock,
			@Value("${concord.competitors.undercut-threshold-percent:5}") BigDecimal defaultThreshold,
			@Value("${concord.competitors.channel:ALL}") String channel) {
		this.jdbc = JdbcClient.create(jdbc);
		this.prices = prices;
		this.events = events;
		this.clock = clock;
		this.defaultThreshold = defaultThreshold;
		this.channel = channel;
	}

	// --- sources and mappings -----------------------------------------------------

	/** Creates or replaces a source; a null secret keeps the one it has. */
	@Transactional
	Source saveSource(String sourceId, String name, @Nullable String webhookSecret,
			@Nullable BigDecimal undercutThresholdPercent) {
		Instant now = this.clock.instant();
		if (webhookSecret == null) {
			int updated = this.jdbc.sql(
					"update competitor_source set name = ?, undercut_threshold_percent = ?, updated_at = ? where source_id = ?")
				.params(name, undercutThresholdPercent, Timestamp.from(now), sourceId)
				.update();
			if (updated == 0) {
				throw new ProblemException(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
						io.concord.platform.web.ProblemTypes.VALIDATION, "Invalid request",
						"A new source needs its webhookSecret");
			}
		}
		else {
			this.jdbc
				.sql("""
						insert into competitor_source (source_id, name, webhook_secret, undercut_threshold_percent, updated_at)
						values (?, ?, ?, ?, ?)
						on conflict (source_id) do update set name = excluded.name, webhook_secret = excluded.webhook_secret,
						  undercut_threshold_percent = excluded.undercut_threshold_percent, updated_at = excluded.updated_at""")
				.params(sourceId, name, webhookSecret, undercutThresholdPercent, Timestamp.from(now))
				.update();
		}
		return source(sourceId).orElseThrow();
	}

	Optional<Source> source(String sourceId) {
		return this.jdbc.sql("select * from competitor_source where source_id = ?")
			.param(sourceId)
			.query(Competitors::source)
			.optional();
	}

	List<Source> sources() {
		return this.jdbc.sql("select * from competitor_source order by source_id").query(Competitors::source).list();
	}

	boolean deleteSource(String sourceId) {
		return this.jdbc.sql("delete from competitor_source where source_id = ?").param(sourceId).update() == 1;
	}

	Optional<String> webhookSecret(String sourceId) {
		return this.jdbc.sql("select webhook_secret from competitor_source where source_id = ?")
			.param(sourceId)
			.query(String.class)
			.optional();
	}

	/**
	 * Maps a competitor's product to a SKU; the product's observations stored unmapped so
	 * far get the SKU too (they were kept for this).
	 */
	@Transactional
	Mapping map(String sourceId, String competitorProductId, String sku) {
		if (source(sourceId).isEmpty()) {
			throw new ProblemException.NotFound("Competitor source", sourceId);
		}
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into competitor_sku_mapping (source_id, competitor_product_id, sku, updated_at) values (?, ?, ?, ?)
					on conflict (source_id, competitor_product_id) do update set sku = excluded.sku, updated_at = excluded.updated_at""")
			.params(sourceId, competitorProductId, sku, Timestamp.from(now))
			.update();
		this.jdbc.sql(
				"update competitor_observation set sku = ? where source_id = ? and competitor_product_id = ? and sku is null")
			.params(sku, sourceId, competitorProductId)
			.update();
		return new Mapping(sourceId, competitorProductId, sku, now);
	}

	boolean unmap(String sourceId, String competitorProductId) {
		return this.jdbc.sql("delete from competitor_sku_mapping where source_id = ? and competitor_product_id = ?")
			.params(sourceId, competitorProductId)
			.update() == 1;
	}

	List<Mapping> mappings(String sourceId) {
		if (source(sourceId).isEmpty()) {
			throw new ProblemException.NotFound("Competitor source", sourceId);
		}
		return this.jdbc.sql("select * from competitor_sku_mapping where source_id = ? order by competitor_product_id")
			.param(sourceId)
			.query((rs, n) -> new Mapping(rs.getString("source_id"), rs.getString("competitor_product_id"),
					rs.getString("sku"), rs.getTimestamp("updated_at").toInstant()))
			.list();
	}

	// --- observations -------------------------------------------------------------

	/** Stores a batch from one source and raises or resolves its alerts. */
	@Transactional
	Received receive(String sourceId, List<Observation> observations, Channel via) {
		int unmapped = 0;
		int opened = 0;
		for (Observation observation : observations) {
			StoredObservation stored = store(sourceId, observation, via);
			if (stored.sku() == null) {
				unmapped++;
			}
			else if (assess(stored)) {
				opened++;
			}
		}
		return new Received(observations.size(), unmapped, opened);
	}

	private StoredObservation store(String sourceId, Observation observation, Channel via) {
		String sku = this.jdbc
			.sql("select sku from competitor_sku_mapping where source_id = ? and competitor_product_id = ?")
			.params(sourceId, observation.competitorProductId())
			.query(String.class)
			.optional()
			.orElse(null);
		// PostgreSQL keeps microseconds (rounding, not truncating): the time compared
		// with the stored ones must be the time stored, or a feed's nanoseconds make its
		// own observation look older than itself.
		StoredObservation stored = new StoredObservation(UUID.randomUUID(), sourceId, observation.competitorProductId(),
				sku, observation.priceMinor(), observation.currency(), observation.inStock(),
				observation.observedAt().truncatedTo(ChronoUnit.MICROS), this.clock.instant(), via.name());
		this.jdbc.sql("""
				insert into competitor_observation (observation_id, source_id, competitor_product_id, sku, price_minor,
				  currency, in_stock, observed_at, received_at, channel) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(stored.observationId(), sourceId, stored.competitorProductId(), sku, stored.priceMinor(),
					stored.currency(), stored.inStock(), Timestamp.from(stored.observedAt()),
					Timestamp.from(stored.receivedAt()), stored.channel())
			.update();
		return stored;
	}

	/** True when this observation opened a new alert. */
	private boolean assess(StoredObservation observation) {
		String sku = observation.sku();
		if (sku == null) {
			return false;
		}
		// An older observation arriving late says nothing about now.
		Instant newest = this.jdbc.sql("""
				select max(observed_at) from competitor_observation where sku = ? and source_id = ?""")
			.params(sku, observation.sourceId())
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.single();
		if (observation.observedAt().isBefore(newest)) {
			return false;
		}
		Optional<PriceLists.CurrentPrice> ours = this.prices.current(sku, this.channel, observation.currency());
		if (ours.isEmpty() || ours.get().sellingPriceMinor() == 0) {
			return false;
		}
		long our = ours.get().sellingPriceMinor();
		BigDecimal threshold = threshold(observation.sourceId());
		BigDecimal undercut = BigDecimal.valueOf(our - observation.priceMinor())
			.multiply(HUNDRED)
			.divide(BigDecimal.valueOf(our), 2, RoundingMode.DOWN);
		if (!observation.inStock() || undercut.compareTo(threshold) <= 0) {
			resolve(sku, observation.sourceId(),
					observation.inStock() ? "the competitor no longer undercuts by more than the threshold"
							: "the competitor is out of stock");
			return false;
		}
		Instant now = this.clock.instant();
		UUID alertId = UUID.randomUUID();
		// One open alert per SKU and source (a partial unique index): a repeat refreshes
		// it.
		boolean inserted = this.jdbc.sql("""
				insert into competitor_alert (alert_id, sku, source_id, observation_id, competitor_price_minor,
				  our_price_minor, currency, undercut_percent, threshold_percent, status, opened_at, last_seen_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
				on conflict (sku, source_id) where status = 'OPEN' do update set
				  observation_id = excluded.observation_id, competitor_price_minor = excluded.competitor_price_minor,
				  our_price_minor = excluded.our_price_minor, currency = excluded.currency,
				  undercut_percent = excluded.undercut_percent, threshold_percent = excluded.threshold_percent,
				  last_seen_at = excluded.last_seen_at
				returning (xmax = 0) as inserted""")
			.params(alertId, sku, observation.sourceId(), observation.observationId(), observation.priceMinor(), our,
					observation.currency(), undercut, threshold, Timestamp.from(now), Timestamp.from(now))
			.query((rs, n) -> rs.getBoolean("inserted"))
			.single();
		if (inserted) {
			long version = this.jdbc.sql("select count(*) from competitor_alert where sku = ?")
				.param(sku)
				.query(Long.class)
				.single();
			this.events.publishEvent(new CompetitorEvents.CompetitorUndercut(EventMetadata.of(sku, version, now),
					alertId, sku, observation.sourceId(), this.channel, observation.currency(),
					observation.priceMinor(), our, undercut, threshold, observation.observedAt()));
		}
		return inserted;
	}

	private BigDecimal threshold(String sourceId) {
		return source(sourceId).map(Source::undercutThresholdPercent)
			.filter((t) -> t != null)
			.orElse(this.defaultThreshold);
	}

	private void resolve(String sku, String sourceId, String resolution) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update competitor_alert set status = 'RESOLVED', resolved_at = ?, resolution = ?
				where sku = ? and source_id = ? and status = 'OPEN'""")
			.params(Timestamp.from(now), resolution, sku, sourceId)
			.update();
	}

	// --- reads ------------------------------------------------------------------------

	List<Alert> alerts(String status, int limit) {
		return this.jdbc.sql("select * from competitor_alert where status = ? order by opened_at desc limit ?")
			.params(status, limit)
			.query(Competitors::alert)
			.list();
	}

	/** Ops close an alert they handled; 404 when no open alert has this id. */
	Alert resolveAlert(UUID alertId, String note) {
		int updated = this.jdbc.sql("""
				update competitor_alert set status = 'RESOLVED', resolved_at = ?, resolution = ?
				where alert_id = ? and status = 'OPEN'""")
			.params(Timestamp.from(this.clock.instant()), note, alertId)
			.update();
		if (updated == 0) {
			throw new ProblemException.NotFound("Open competitor alert", alertId);
		}
		return this.jdbc.sql("select * from competitor_alert where alert_id = ?")
			.param(alertId)
			.query(Competitors::alert)
			.single();
	}

	List<StoredObservation> latestPerSource(String sku) {
		return this.jdbc.sql("""
				select distinct on (source_id) * from competitor_observation where sku = ?
				order by source_id, observed_at desc, received_at desc""")
			.param(sku)
			.query(Competitors::observation)
			.list();
	}

	List<StoredObservation> history(String sku, int limit) {
		return this.jdbc.sql(
				"select * from competitor_observation where sku = ? order by observed_at desc, received_at desc limit ?")
			.params(sku, limit)
			.query(Competitors::observation)
			.list();
	}

	List<Unmapped> unmapped() {
		return this.jdbc.sql("""
				select source_id, competitor_product_id, count(*) as observations, max(observed_at) as last_observed_at
				from competitor_observation where sku is null
				group by source_id, competitor_product_id order by max(observed_at) desc limit 500""")
			.query((rs, n) -> new Unmapped(rs.getString("source_id"), rs.getString("competitor_product_id"),
					rs.getLong("observations"), rs.getTimestamp("last_observed_at").toInstant()))
			.list();
	}

	private static Source source(ResultSet rs, int n) throws SQLException {
		return new Source(rs.getString("source_id"), rs.getString("name"),
				rs.getBigDecimal("undercut_threshold_percent"), rs.getTimestamp("updated_at").toInstant());
	}

	private static StoredObservation observation(ResultSet rs, int n) throws SQLException {
		return new StoredObservation(rs.getObject("observation_id", UUID.class), rs.getString("source_id"),
				rs.getString("competitor_product_id"), rs.getString("sku"), rs.getLong("price_minor"),
				rs.getString("currency"), rs.getBoolean("in_stock"), rs.getTimestamp("observed_at").toInstant(),
				rs.getTimestamp("received_at").toInstant(), rs.getString("channel"));
	}

	private static Alert alert(ResultSet rs, int n) throws SQLException {
		Timestamp resolved = rs.getTimestamp("resolved_at");
		return new Alert(rs.getObject("alert_id", UUID.class), rs.getString("sku"), rs.getString("source_id"),
				rs.getObject("observation_id", UUID.class), rs.getLong("competitor_price_minor"),
				rs.getLong("our_price_minor"), rs.getString("currency"), rs.getBigDecimal("undercut_percent"),
				rs.getBigDecimal("threshold_percent"), rs.getString("status"), rs.getTimestamp("opened_at").toInstant(),
				rs.getTimestamp("last_seen_at").toInstant(), (resolved != null) ? resolved.toInstant() : null,
				rs.getString("resolution"));
	}

}
