package io.concord.inventory.reservation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Channel ring-fences: units of a SKU held for one channel (a livestream's 30% during a
 * sale), invisible to other channels until released. A fence is a quantity or a share of
 * the SKU's free units when it is set; it starts now, at a given time, or when its
 * campaign starts, and is released at its release time, when its campaign ends, or by
 * hand. Unsold fenced units then become available to every channel.
 */
@Component
public class RingFences {

	private static final Logger log = LoggerFactory.getLogger(RingFences.class);

	public record Fence(long id, String sku, String channel, int quantity, int consumed, int remaining,
			@Nullable BigDecimal sharePercent, @Nullable String campaignId, @Nullable Instant startsAt,
			@Nullable Instant releaseAt, @Nullable Instant releasedAt, String status) {
	}

	private static final String SELECT = """
			select id, sku, channel, quantity, consumed, quantity - consumed as remaining, share_percent, campaign_id,
			  starts_at, release_at, released_at
			from ring_fence""";

	private final JdbcClient jdbc;

	private final StockPools pools;

	private final AvailabilitySignals signals;

	private final Clock clock;

	RingFences(JdbcTemplate jdbc, StockPools pools, AvailabilitySignals signals, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.pools = pools;
		this.signals = signals;
		this.clock = clock;
	}

	/**
	 * Fences {@code quantity} units, or {@code sharePercent} of the SKU's free units
	 * (rounded down). Refused (422) when that is more than is free and not already
	 * fenced. A campaign's fence takes the campaign's window when it is known.
	 */
	/** A campaign's window as promotion-service announced it. */
	public record CampaignWindow(String campaignId, Instant startsAt, Instant endsAt) {
	}

	/**
	 * Campaign windows overlapping {@code [from, to)}: known future events for demand.
	 */
	public List<CampaignWindow> campaignWindows(Instant from, Instant to) {
		return this.jdbc.sql("""
				select campaign_id, starts_at, coalesce(ended_at, ends_at) as ends_at from campaign
				where starts_at < ? and coalesce(ended_at, ends_at) > ? order by starts_at""")
			.params(java.sql.Timestamp.from(to), java.sql.Timestamp.from(from))
			.query((rs, n) -> new CampaignWindow(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant()))
			.list();
	}

	/** The window of one campaign, if inventory has heard of it. */
	public java.util.Optional<CampaignWindow> campaignWindow(String campaignId) {
		return this.jdbc.sql("select campaign_id, starts_at, ends_at from campaign where campaign_id = ?")
			.param(campaignId)
			.query((rs, n) -> new CampaignWindow(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant()))
			.optional();
	}

	@Transactional
	public Fence create(String sku, String channel, @Nullable Integer quantity, @Nullable BigDecimal sharePercent,
			@Nullable String campaignId, @Nullable Instant startsAt, @Nullable Instant releaseAt, String actor) {
		StockPool pool = this.pools.lock(List.of(sku));
		int unfenced = pool.unfenced(sku);
		int units = (quantity != null) ? quantity
				: BigDecimal.valueOf(pool.free(sku).values().stream().mapToInt(Integer::intValue).sum())
					.multiply(sharePercent)
					.divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN)
					.intValueExact();
		if (units <= 0 || units > unfenced) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
					"Cannot fence " + units + " units of " + sku + ": " + Math.max(unfenced, 0)
							+ " free units are not fenced already")
				.with("unfenced", Math.max(unfenced, 0));
		}
		Instant now = this.clock.instant();
		Instant start = startsAt;
		Instant release = releaseAt;
		if (campaignId != null) {
			var window = this.jdbc.sql("select starts_at, ends_at from campaign where campaign_id = ?")
				.param(campaignId)
				.query((rs, row) -> new Instant[] { rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant() })
				.optional();
			if (window.isPresent()) {
				start = (start != null) ? start : window.get()[0];
				release = (release != null) ? release : window.get()[1];
			}
		}
		else if (start == null) {
			start = now;
		}
		if (release != null && !release.isAfter((start != null) ? start : now)) {
			throw new ProblemException.Unprocessable("A fence must be released after it starts");
		}
		long id = this.jdbc.sql("""
				insert into ring_fence (sku, channel, quantity, share_percent, campaign_id, starts_at, release_at,
				  created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(sku, channel, units, sharePercent, campaignId, timestamp(start), timestamp(release), actor,
					Timestamp.from(now))
			.query(Long.class)
			.single();
		this.signals.announce(List.of(sku));
		return find(id);
	}

	/** Releases a fence now: its unsold units go to every channel. */
	@Transactional
	Fence release(long id) {
		Fence fence = find(id);
		this.pools.lock(List.of(fence.sku()));
		this.jdbc.sql("update ring_fence set released_at = ? where id = ? and released_at is null")
			.params(Timestamp.from(this.clock.instant()), id)
			.update();
		this.signals.announce(List.of(fence.sku()));
		return find(id);
	}

	/**
	 * Fences whose time is up are released at once by the availability arithmetic (they
	 * stop counting at their release time); this records it and announces the new
	 * availability.
	 */
	@Scheduled(fixedDelayString = "${concord.inventory.fences.release-check:5s}")
	@Transactional
	public void releaseDue() {
		List<String> skus = this.jdbc.sql("""
				update ring_fence set released_at = release_at where released_at is null and release_at <= ?
				returning sku""").param(Timestamp.from(this.clock.instant())).query(String.class).list();
		if (!skus.isEmpty()) {
			log.info("Released {} ring-fences that were due", skus.size());
			this.pools.lock(skus);
			this.signals.announce(skus);
		}
	}

	/** promotion-service scheduled (or rescheduled) a campaign: its fences follow. */
	@Transactional
	public void campaignScheduled(String campaignId, Instant startsAt, Instant endsAt) {
		this.jdbc.sql("""
				insert into campaign (campaign_id, starts_at, ends_at) values (?, ?, ?)
				on conflict (campaign_id) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at""")
			.params(campaignId, Timestamp.from(startsAt), Timestamp.from(endsAt))
			.update();
		List<String> skus = this.jdbc.sql("""
				update ring_fence set starts_at = ?, release_at = ? where campaign_id = ? and released_at is null
				returning sku""")
			.params(Timestamp.from(startsAt), Timestamp.from(endsAt), campaignId)
			.query(String.class)
			.list();
		if (!skus.isEmpty()) {
			this.pools.lock(skus);
			this.signals.announce(skus);
		}
	}

	/** The campaign ended (perhaps early): its fences are released now. */
	@Transactional
	public void campaignEnded(String campaignId, Instant endedAt) {
		this.jdbc.sql("update campaign set ended_at = ? where campaign_id = ?")
			.params(Timestamp.from(endedAt), campaignId)
			.update();
		List<String> skus = this.jdbc.sql("""
				update ring_fence set released_at = ? where campaign_id = ? and released_at is null returning sku""")
			.params(Timestamp.from(this.clock.instant()), campaignId)
			.query(String.class)
			.list();
		if (!skus.isEmpty()) {
			this.pools.lock(skus);
			this.signals.announce(skus);
		}
	}

	Fence find(long id) {
		Instant now = this.clock.instant();
		return this.jdbc.sql(SELECT + " where id = ?")
			.param(id)
			.query((rs, n) -> fence(rs, now))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Ring-fence", String.valueOf(id)));
	}

	List<Fence> ofSku(String sku) {
		Instant now = this.clock.instant();
		return this.jdbc.sql(SELECT + " where sku = ? order by id").param(sku).query((rs, n) -> fence(rs, now)).list();
	}

	private static Fence fence(java.sql.ResultSet rs, Instant now) throws java.sql.SQLException {
		Instant startsAt = instant(rs.getTimestamp("starts_at"));
		Instant releaseAt = instant(rs.getTimestamp("release_at"));
		Instant releasedAt = instant(rs.getTimestamp("released_at"));
		return new Fence(rs.getLong("id"), rs.getString("sku"), rs.getString("channel"), rs.getInt("quantity"),
				rs.getInt("consumed"), rs.getInt("remaining"), rs.getBigDecimal("share_percent"),
				rs.getString("campaign_id"), startsAt, releaseAt, releasedAt,
				FenceStatus.at(now, startsAt, releaseAt, releasedAt).name());
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
