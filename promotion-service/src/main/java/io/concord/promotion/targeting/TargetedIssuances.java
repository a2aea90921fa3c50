package io.concord.promotion.targeting;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.concord.promotion.audience.Audience;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ops' coupon issuances to the members of RFM segments and tiers: previewed (how many
 * members, how many coupons left) and then run in the background, a batch at a time from
 * a cursor, so a large audience neither holds a request nor a transaction. Every member
 * gets the coupon at most once per issuance (the issuance is the coupon's issue key), so
 * a batch repeated after a crash issues nothing twice; members at their limit or a
 * template used up are counted as skipped.
 */
@Component
class TargetedIssuances {

	private static final Logger log = LoggerFactory.getLogger(TargetedIssuances.class);

	static final Set<String> SEGMENTS = Set.of("CHAMPIONS", "LOYAL", "AT_RISK", "NEW", "HIBERNATING", "PROMISING",
			"NO_ORDERS");

	static final Set<String> TIERS = Set.of("BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND");

	private static final int BATCH = 200;

	private static final TypeReference<Set<String>> NAMES = new TypeReference<>() {
	};

	/** Who a targeted issuance reaches. */
	record Target(Set<String> segments, Set<String> tiers) {
	}

	record Preview(String promotionId, Target target, long members, long couponsLeft, long wouldIssue) {
	}

	record Issuance(UUID id, String promotionId, Target target, String status, int targeted, int issued, int skipped,
			String requestedBy, Instant createdAt, @Nullable Instant finishedAt) {
	}

	private final JdbcClient jdbc;

	private final Audience audience;

	private final PromotionCatalog catalog;

	private final Coupons coupons;

	private final CouponClaims claims;

	private final JsonMapper json;

	private final Clock clock;

	TargetedIssuances(JdbcTemplate jdbc, Audience audience, PromotionCatalog catalog, Coupons coupons,
			CouponClaims claims, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.audience = audience;
		this.catalog = catalog;
		this.coupons = coupons;
		this.claims = claims;
		this.json = json;
		this.clock = clock;
	}

	Preview preview(String promotionId, Target target) {
		CatalogPromotion template = issuable(promotionId, target);
		long members = this.audience.count(target.segments(), target.tiers());
		long left = this.coupons.counts(List.of(template.id())).get(0).remaining();
		return new Preview(template.id(), target, members, left, Math.min(members, left));
	}

	Issuance start(String promotionId, Target target, String requestedBy) {
		CatalogPromotion template = issuable(promotionId, target);
		long members = this.audience.count(target.segments(), target.tiers());
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into targeted_issuance (id, promotion_id, segments, tiers, status, targeted, requested_by,
				  created_at) values (?, ?, ?::jsonb, ?::jsonb, 'RUNNING', ?, ?, ?)""")
			.params(id, template.id(), this.json.writeValueAsString(new TreeSet<>(target.segments())),
					this.json.writeValueAsString(new TreeSet<>(target.tiers())), members, requestedBy,
					Timestamp.from(this.clock.instant()))
			.update();
		log.info("Targeted issuance {} of {} to {} members started by {}", id, template.id(), members, requestedBy);
		return find(id);
	}

	Issuance find(UUID id) {
		return this.jdbc.sql("select * from targeted_issuance where id = ?")
			.params(id)
			.query((rs, n) -> new Issuance(rs.getObject("id", UUID.class), rs.getString("promotion_id"),
					new Target(this.json.readValue(rs.getString("segments"), NAMES),
							this.json.readValue(rs.getString("tiers"), NAMES)),
					rs.getString("status"), rs.getInt("targeted"), rs.getInt("issued"), rs.getInt("skipped"),
					rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Targeted issuance", id));
	}

	/**
	 * Runs the next batch of every running issuance; one replica per issuance at a time.
	 */
	@Scheduled(fixedDelayString = "${concord.promotion.targeting.interval:1s}")
	void run() {
		List<UUID> running = this.jdbc.sql("select id from targeted_issuance where status = 'RUNNING'")
			.query(UUID.class)
			.list();
		running.forEach(this::nextBatch);
	}

	/** Issues to the next batch of members; false when the issuance is done. */
	boolean nextBatch(UUID id) {
		// The row lock keeps two replicas off the same issuance; the batch is short.
		Issuance issuance = this.jdbc
			.sql("select id from targeted_issuance where id = ? and status = 'RUNNING' for update skip locked")
			.params(id)
			.query(UUID.class)
			.optional()
			.map(this::find)
			.orElse(null);
		if (issuance == null) {
			return false;
		}
		UUID cursor = this.jdbc.sql("select cursor_member from targeted_issuance where id = ?")
			.params(id)
			.query(UUID.class)
			.optional()
			.orElse(null);
		List<UUID> members = this.audience.members(issuance.target().segments(), issuance.target().tiers(), cursor,
				BATCH);
		CatalogPromotion template = this.catalog.find(issuance.promotionId());
		int issued = 0;
		int skipped = 0;
		for (UUID member : members) {
			if (this.claims.issueTargeted(template, member, "issuance:" + id).isPresent()) {
				issued++;
			}
			else {
				skipped++;
			}
		}
		boolean done = members.size() < BATCH;
		this.jdbc.sql("""
				update targeted_issuance set issued = issued + ?, skipped = skipped + ?, cursor_member = ?,
				  status = ?, finished_at = ? where id = ?""")
			.params(issued, skipped, members.isEmpty() ? cursor : members.get(members.size() - 1),
					done ? "DONE" : "RUNNING", done ? Timestamp.from(this.clock.instant()) : null, id)
			.update();
		if (done) {
			log.info("Targeted issuance {} of {} done", id, issuance.promotionId());
		}
		return !done;
	}

	/**
	 * A coupon template of a campaign that has not ended, and a target that names
	 * someone.
	 */
	private CatalogPromotion issuable(String promotionId, Target target) {
		CatalogPromotion template = this.catalog.find(promotionId);
		if (!template.isCouponTemplate() || template.definition().coupon() == null) {
			throw new ProblemException.Unprocessable("Only a coupon template can be issued; " + promotionId + " is "
					+ template.definition().activation());
		}
		if (template.definition().coupon().trigger() != null) {
			throw new ProblemException.Unprocessable(promotionId + " is issued by member events ("
					+ template.definition().coupon().trigger() + "), not by ops");
		}
		if (!template.endsAt().isAfter(this.clock.instant()) || "ENDED".equals(template.campaignStatus())) {
			throw new ProblemException.Conflict(ProblemTypes.CONFLICT, "Campaign over",
					"The campaign of " + promotionId + " has ended.");
		}
		if (target.segments().isEmpty() && target.tiers().isEmpty()) {
			throw new ProblemException.Unprocessable("Name at least one segment or tier to target");
		}
		return template;
	}

}
