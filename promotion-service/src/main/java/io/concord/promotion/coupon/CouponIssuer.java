package io.concord.promotion.coupon;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands one pool coupon to a member, inside the caller's transaction (ADR-17): (1) lock
 * an unissued row of the template with {@code FOR UPDATE SKIP LOCKED} (concurrent
 * claimers lock different rows; none left means sold out), (2) count the member's claim
 * with a conditional upsert on their own {@code member_claim} row (refused at the limit),
 * (3) issue the locked row. A refusal writes nothing, so a batch of claims can go on
 * after one (a row locked for a refused claim is simply taken by the next one).
 */
@Component
class CouponIssuer {

	record ClaimRequest(CatalogPromotion promotion, UUID memberId) {
	}

	private static final Duration SOLD_OUT_MEMORY = Duration.ofSeconds(1);

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<String, Long> soldOutUntil = new ConcurrentHashMap<>();

	CouponIssuer(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	/** A claim's coupon, and whether the member has now reached the template's limit. */
	record Claimed(Coupons.Coupon coupon, boolean atLimit) {
	}

	/** What one attempt found: no unissued row, the member at the limit, or a coupon. */
	private record Attempt(boolean available, @Nullable Integer claimed, Coupons.@Nullable Coupon coupon) {
	}

	/**
	 * One batch of flash claims, in arrival order, in the batch's transaction. A member's
	 * repeated taps in one batch are answered from the batch's own tally, and a template
	 * found sold out stays sold out for the rest of the batch, without more statements.
	 */
	List<GroupCommit.Outcome<Claimed>> claim(List<ClaimRequest> requests) {
		List<GroupCommit.Outcome<Claimed>> outcomes = new ArrayList<>(requests.size());
		Map<String, Integer> held = new HashMap<>();
		Set<String> soldOut = new HashSet<>();
		for (ClaimRequest request : requests) {
			CatalogPromotion promotion = request.promotion();
			int limit = promotion.definition().coupon().perMemberLimit();
			String key = promotion.id() + "|" + request.memberId();
			if (soldOut.contains(promotion.id())) {
				outcomes.add(new GroupCommit.Outcome.Refused<>(soldOut(promotion.id())));
				continue;
			}
			if (held.getOrDefault(key, 0) >= limit) {
				outcomes.add(new GroupCommit.Outcome.Refused<>(limitReached(promotion)));
				continue;
			}
			Attempt attempt = attempt(promotion, request.memberId(), null, null, "CLAIM");
			if (!attempt.available()) {
				soldOut.add(promotion.id());
				outcomes.add(new GroupCommit.Outcome.Refused<>(soldOut(promotion.id())));
			}
			else if (attempt.coupon() == null) {
				held.put(key, limit);
				outcomes.add(new GroupCommit.Outcome.Refused<>(limitReached(promotion)));
			}
			else {
				held.put(key, attempt.claimed());
				outcomes.add(new GroupCommit.Outcome.Done<>(new Claimed(attempt.coupon(), attempt.claimed() >= limit)));
			}
		}
		return outcomes;
	}

	/**
	 * @param codedCoupon the coupon of a single-use code, or null for any of the template
	 * @param issueKey the occasion of a triggered issue (unique per template and member)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Coupons.Coupon issue(CatalogPromotion promotion, UUID memberId, @Nullable String issueKey,
			@Nullable UUID codedCoupon, String via) {
		Attempt attempt = attempt(promotion, memberId, issueKey, codedCoupon, via);
		if (!attempt.available()) {
			if (codedCoupon != null) {
				throw new ProblemException.Conflict(ProblemTypes.of("coupon-code-used"), "Code already used",
						"The code has been used");
			}
			throw soldOut(promotion.id());
		}
		if (attempt.coupon() == null) {
			throw limitReached(promotion);
		}
		return attempt.coupon();
	}

	// One statement: lock an unissued row, count the member's claim only if there was
	// one,
	// issue the row only if the member was under the limit. Nothing is written on a
	// refusal; a row locked for a refused claim stays unissued (and this transaction's
	// next claim of the template takes it).
	private Attempt attempt(CatalogPromotion promotion, UUID memberId, @Nullable String issueKey,
			@Nullable UUID codedCoupon, String via) {
		PromotionDefinition.CouponSettings settings = promotion.definition().coupon();
		Instant now = this.clock.instant();
		Instant validUntil = (settings.validDays() != null)
				? min(now.plus(Duration.ofDays(settings.validDays())), promotion.endsAt()) : promotion.endsAt();
		String candidate = (codedCoupon != null)
				? "select id from coupon where id = :coupon and status = 'POOL' for update"
				: "select id from coupon where promotion_id = :promotion and status = 'POOL' and code is null "
						+ "limit 1 for update skip locked";
		Attempt attempt = this.jdbc.sql("""
				with candidate as (%s),
				counted as (
				  insert into member_claim (promotion_id, member_id, claimed)
				  select :promotion, :member, 1 where exists (select 1 from candidate)
				  on conflict (promotion_id, member_id) do update set claimed = member_claim.claimed + 1
				  where member_claim.claimed < :limit
				  returning claimed),
				issued as (
				  update coupon c set status = 'AVAILABLE', member_id = :member, issue_key = :issueKey,
				    issued_at = :now, valid_from = :now, valid_until = :validUntil, version = c.version + 1
				  from candidate where c.id = candidate.id and exists (select 1 from counted)
				  returning c.id, c.promotion_id, c.member_id, c.status, c.code, c.issued_at, c.valid_from,
				    c.valid_until, c.order_id)
				select (select count(*) from candidate) as available, (select max(claimed) from counted) as claimed,
				  issued.* from (select 1) as one left join issued on true""".formatted(candidate))
			.param("coupon", codedCoupon)
			.param("promotion", promotion.id())
			.param("member", memberId)
			.param("limit", settings.perMemberLimit())
			.param("issueKey", issueKey)
			.param("now", Timestamp.from(now))
			.param("validUntil", Timestamp.from(validUntil))
			.query((rs, n) -> new Attempt(rs.getLong("available") > 0, (Integer) rs.getObject("claimed"),
					(rs.getObject("id") != null) ? Coupons.coupon(rs, n) : null))
			.single();
		if (!attempt.available() && codedCoupon == null) {
			this.soldOutUntil.put(promotion.id(), System.nanoTime() + SOLD_OUT_MEMORY.toNanos());
		}
		Coupons.Coupon coupon = attempt.coupon();
		if (coupon != null) {
			this.events.publishEvent(new CouponEvents.CouponIssued(EventMetadata.of(coupon.id(), 1, now), coupon.id(),
					promotion.id(), promotion.campaignId(), memberId, via, now, validUntil, now));
		}
		return attempt;
	}

	static ProblemException limitReached(CatalogPromotion promotion) {
		int limit = promotion.definition().coupon().perMemberLimit();
		return new ProblemException.Conflict(ProblemTypes.of("coupon-limit-reached"), "Coupon limit reached",
				"A member may hold " + limit + " coupon(s) of " + promotion.id())
			.with("limit", limit);
	}

	/**
	 * Seen sold out on this replica within the last second: refuse without the database.
	 */
	boolean knownSoldOut(String promotionId) {
		Long until = this.soldOutUntil.get(promotionId);
		return until != null && System.nanoTime() < until;
	}

	static ProblemException soldOut(String promotionId) {
		return new ProblemException.Conflict(ProblemTypes.of("coupons-exhausted"), "Coupons exhausted",
				"Every coupon of " + promotionId + " has been claimed");
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
