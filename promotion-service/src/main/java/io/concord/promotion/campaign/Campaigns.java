package io.concord.promotion.campaign;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.platform.web.TestRun;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.tiers.MemberTier;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The campaign lifecycle: DRAFT → (activate) SCHEDULED → (its start) ACTIVE ⇄ PAUSED →
 * (its end, or ended early) ENDED. Promotions apply and coupons issue only while their
 * campaign is ACTIVE. Every state change that others plan by is published.
 */
@Component
public class Campaigns {

	/**
	 * @param earlyAccessHours how long before its start the campaign opens early (0: it
	 * does not)
	 * @param earlyAccessMinTier who enters early: members of this tier and above, or
	 * (null) of tiers with the early-access benefit
	 */
	public record Campaign(String id, String name, @Nullable String description, Instant startsAt, Instant endsAt,
			String status, long version, int earlyAccessHours, @Nullable String earlyAccessMinTier) {
	}

	/**
	 * An early-access window: the campaign opens {@code hours} before its start for
	 * members of {@code minTier} and above (null: tiers with the early-access benefit).
	 */
	public record EarlyAccess(int hours, @Nullable MemberTier minTier) {

		public static final EarlyAccess NONE = new EarlyAccess(0, null);

		/** At most 30 days early. */
		static final int MAX_HOURS = 720;

	}

	record CampaignWindow(String status, Instant startsAt, Instant endsAt) {
	}

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Campaigns(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public Campaign create(@Nullable String id, String name, @Nullable String description, Instant startsAt,
			Instant endsAt) {
		return create(id, name, description, startsAt, endsAt, EarlyAccess.NONE);
	}

	@Transactional
	public Campaign create(@Nullable String id, String name, @Nullable String description, Instant startsAt,
			Instant endsAt, EarlyAccess early) {
		PromotionRules.checkCampaignWindow(startsAt, endsAt, early);
		String campaignId = (id != null) ? id : "CMP-" + UUID.randomUUID().toString().substring(0, 13);
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			this.jdbc.sql("""
					insert into campaign (id, name, description, starts_at, ends_at, status, created_at, updated_at,
					  early_access_hours, early_access_min_tier)
					values (?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?)""")
				.params(campaignId, name, description, Timestamp.from(startsAt), Timestamp.from(endsAt), now, now,
						early.hours(), (early.minTier() != null) ? early.minTier().name() : null)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new ProblemException.Conflict("Campaign " + campaignId + " exists");
		}
		return find(campaignId);
	}

	/**
	 * Renames or reschedules; a scheduled or running campaign announces its new window.
	 */
	@Transactional
	public Campaign update(String id, String name, @Nullable String description, Instant startsAt, Instant endsAt,
			EarlyAccess early) {
		Campaign current = lock(id);
		if (current.status().equals("ENDED")) {
			throw new ProblemException.Conflict("Campaign " + id + " has ended");
		}
		PromotionRules.checkCampaignWindow(startsAt, endsAt, early);
		if (current.status().equals("ACTIVE") && !startsAt.equals(current.startsAt())) {
			throw new ProblemException.Conflict("Campaign " + id + " is running; only its end can move");
		}
		Instant now = this.clock.instant();
		if (!endsAt.isAfter(now)) {
			throw PromotionRules.invalid("endsAt must be in the future; end the campaign instead", null);
		}
		long version = this.jdbc.sql("""
				update campaign set name = ?, description = ?, starts_at = ?, ends_at = ?, version = version + 1,
				  early_access_hours = ?, early_access_min_tier = ?, updated_at = ? where id = ? returning version""")
			.params(name, description, Timestamp.from(startsAt), Timestamp.from(endsAt), early.hours(),
					(early.minTier() != null) ? early.minTier().name() : null, Timestamp.from(now), id)
			.query(Long.class)
			.single();
		this.events.publishEvent(new CatalogChanged(id));
		if (!current.status().equals("DRAFT")) {
			this.events.publishEvent(new CampaignEvents.CampaignScheduled(EventMetadata.of(id, version, now), id, name,
					startsAt, endsAt));
		}
		return find(id);
	}

	/** Draft or paused → scheduled (or straight to active if its start has passed). */
	@Transactional
	public Campaign activate(String id) {
		Campaign campaign = lock(id);
		Instant now = this.clock.instant();
		if (!List.of("DRAFT", "PAUSED").contains(campaign.status())) {
			throw new ProblemException.Conflict("Campaign " + id + " is " + campaign.status());
		}
		if (!campaign.endsAt().isAfter(now)) {
			throw new ProblemException.Conflict("Campaign " + id + " ended at " + campaign.endsAt());
		}
		if (campaign.status().equals("DRAFT")) {
			long version = transition(id, "SCHEDULED", now);
			this.events.publishEvent(new CampaignEvents.CampaignScheduled(EventMetadata.of(id, version, now), id,
					campaign.name(), campaign.startsAt(), campaign.endsAt()));
			if (!campaign.startsAt().isAfter(now)) {
				start(id, now);
			}
		}
		else {
			// Resuming a paused campaign: it was running already.
			transition(id, "ACTIVE", now);
		}
		return find(id);
	}

	/** Stops every promotion of the campaign until it is activated again. */
	@Transactional
	public Campaign pause(String id) {
		Campaign campaign = lock(id);
		if (!campaign.status().equals("ACTIVE")) {
			throw new ProblemException.Conflict("Campaign " + id + " is " + campaign.status());
		}
		transition(id, "PAUSED", this.clock.instant());
		return find(id);
	}

	/** Ends it now (before its scheduled end); inventory releases its ring-fences. */
	@Transactional
	public Campaign end(String id) {
		Campaign campaign = lock(id);
		if (campaign.status().equals("ENDED")) {
			return campaign;
		}
		finish(id, this.clock.instant());
		return find(id);
	}

	/**
	 * Starts scheduled campaigns whose start has come and ends running ones whose end has
	 * passed. Conditional updates make it safe on every instance at once.
	 */
	@Transactional
	public int advance() {
		Instant now = this.clock.instant();
		// A load test's campaign starts and ends on the shadow topic (ADR-25).
		List<String[]> starting = this.jdbc
			.sql("select id, test_run from campaign where status = 'SCHEDULED' and starts_at <= ? and ends_at > ? "
					+ "for update skip locked")
			.params(Timestamp.from(now), Timestamp.from(now))
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		starting.forEach((campaign) -> TestRun.runWith(campaign[1], () -> start(campaign[0], now)));
		List<String[]> ending = this.jdbc
			.sql("select id, test_run from campaign where status in ('SCHEDULED', 'ACTIVE', 'PAUSED') and ends_at <= ? "
					+ "for update skip locked")
			.params(Timestamp.from(now))
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		ending.forEach((campaign) -> TestRun.runWith(campaign[1], () -> finish(campaign[0], now)));
		return starting.size() + ending.size();
	}

	public Campaign find(String id) {
		return this.jdbc.sql("select * from campaign where id = ?")
			.params(id)
			.query(Campaign.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Campaign", id));
	}

	public List<Campaign> list(@Nullable String status) {
		return this.jdbc.sql("select * from campaign where (cast(? as varchar) is null or status = ?) "
				// Real callers see real campaigns, a load-test run its own (ADR-25).
				+ "and test_run is not distinct from cast(? as varchar) order by starts_at desc, id limit 500")
			.params(status, status, TestRun.current())
			.query(Campaign.class)
			.list();
	}

	private void start(String id, Instant now) {
		long version = transition(id, "ACTIVE", now);
		Campaign campaign = find(id);
		this.events.publishEvent(new CampaignEvents.CampaignStarted(EventMetadata.of(id, version, now), id,
				campaign.name(), now, campaign.endsAt()));
	}

	private void finish(String id, Instant now) {
		long version = transition(id, "ENDED", now);
		this.events.publishEvent(new CampaignEvents.CampaignEnded(EventMetadata.of(id, version, now), id, now));
	}

	private long transition(String id, String status, Instant now) {
		this.events.publishEvent(new CatalogChanged(id));
		return this.jdbc
			.sql("update campaign set status = ?, version = version + 1, updated_at = ? where id = ? returning version")
			.params(status, Timestamp.from(now), id)
			.query(Long.class)
			.single();
	}

	private Campaign lock(String id) {
		return this.jdbc.sql("select * from campaign where id = ? for update")
			.params(id)
			.query(Campaign.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Campaign", id));
	}

}
