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
import io.concord.promotion.coupon.CouponStatus.Transition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands one pool coupon to a member, inside the caller's transaction (ADR-17): (1) lock
 * an unissued row of the template with {@code FOR UPDATE SKIP LOCKED} (concurrent
 * claimers lock different rows), (2) count the member's claim with a conditional upsert
 * on their own {@code member_claim} row (refused at the limit), (3) issue the locked row.
 * A refusal writes nothing, so a batch of claims can go on after one (a row locked for a
 * refused claim is simply taken by the next one).
 *
 * <p>
 * {@code SKIP LOCKED} finding nothing does not mean sold out: the rows left may be locked
 * by claims in flight elsewhere (another lane or replica), which may still leave them
 * unissued. Only when no unissued row exists at all is the template sold out; otherwise
 * the claim waits for those rows, after its batch has committed (holding nothing, so the
 * wait cannot close a cycle with the other lane).
 */
@Component
class CouponIssuer {

	record ClaimRequest(CatalogPromotion promotion, UUID memberId) {
	}

	private static final Duration SOLD_OUT_MEMORY = Duration.ofSeconds(1);

	/** How long a claim waits for rows other claims hold before answering 503. */
	private static final String LOCK_WAIT = "5s";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<String, Long> soldOutUntil = new ConcurrentHashMap<>();

	CouponIssuer(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = JdbcClient.create(jdbc);
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
			Attempt attempt = attempt(promotion, request.memberId(), null, null, "CLAIM", false);
			if (!attempt.available() && unissuedRemain(promotion)) {
				UUID member = request.memberId();
				outcomes.add(new GroupCommit.Outcome.AfterCommit<>(() -> claimWaiting(promotion, member)));
			}
			else if (!attempt.available()) {
				soldOut.add(promotion.id());
				rememberSoldOut(promotion);
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
		Attempt attempt = attempt(promotion, memberId, issueKey, codedCoupon, via, false);
		if (!attempt.available() && codedCoupon == null && unissuedRemain(promotion)) {
			// This transaction holds nothing yet: it may wait for the rows others hold.
			waitForLocksAtMost();
			attempt = attempt(promotion, memberId, issueKey, null, via, true);
		}
		if (!attempt.available()) {
			if (codedCoupon != null) {
				throw new ProblemException.Conflict(ProblemTypes.of("coupon-code-used"), "Code already used",
						"The code has been used");
			}
			rememberSoldOut(promotion);
			throw soldOut(promotion.id());
		}
		if (attempt.coupon() == null) {
			throw limitReached(promotion);
		}
		return attempt.coupon();
	}

	/**
	 * A flash claim that found every unissued row locked by claims in flight elsewhere:
	 * in a transaction of its own, after its batch, it waits for those rows (a lock wait,
	 * not a skip) and takes one that was left unissued; sold out only if none was.
	 */
	private Claimed claimWaiting(CatalogPromotion promotion, UUID memberId) {
		int limit = promotion.definition().coupon().perMemberLimit();
		Claimed claimed = this.transaction.execute((status) -> {
			waitForLocksAtMost();
			Attempt attempt = attempt(promotion, memberId, null, null, "CLAIM", true);
			if (!attempt.available()) {
				rememberSoldOut(promotion);
				throw soldOut(promotion.id());
			}
			if (attempt.coupon() == null) {
				throw limitReached(promotion);
			}
			return new Claimed(attempt.coupon(), attempt.claimed() >= limit);
		});
		return java.util.Objects.requireNonNull(claimed);
	}

	// A plain read, so rows locked by other transactions count: are any left unissued?
	private boolean unissuedRemain(CatalogPromotion promotion) {
		return Boolean.TRUE
			.equals(this.jdbc
				.sql("select exists (select 1 from coupon where promotion_id = ? and "
						+ Transition.ISSUE.fromSql("status") + " and code is null)")
				.params(promotion.id())
				.query(Boolean.class)
				.single());
	}

	// A claim whose rows stay locked longer than this gets a retryable 503
	// (lock-conflict).
	private void waitForLocksAtMost() {
		this.jdbc.sql("set local lock_timeout = '" + LOCK_WAIT + "'").update();
	}

	private void rememberSoldOut(CatalogPromotion promotion) {
		this.soldOutUntil.put(promotion.id(), System.nanoTime() + SOLD_OUT_MEMORY.toNanos());
	}

	// One statement: lock an unissued row, count the member's claim only if there was
	// one,
	// issue the row only if the member was under the limit. Nothing is written on a
	// refusal; a row locked for a refused claim stays unissued (and this transaction's
	// next claim of the template takes it).
	private Attempt attempt(CatalogPromotion promotion, UUID memberId, @Nullable String issueKey,
			@Nullable UUID codedCoupon, String via, boolean waitForLockedRows) {
		PromotionDefinition.CouponSettings settings = promotion.definition().coupon();
		Instant now = this.clock.instant();
		Instant validUntil = (settings.validDays() != null)
				? min(now.plus(Duration.ofDays(settings.validDays())), promotion.endsAt()) : promotion.endsAt();
		String candidate = (codedCoupon != null)
				? "select id from coupon where id = :coupon and " + Transition.ISSUE.fromSql("status") + " for update"
				: "select id from coupon where promotion_id = :promotion and " + Transition.ISSUE.fromSql("status")
						+ " and code is null " + "limit 1 for update" + (waitForLockedRows ? "" : " skip locked");
		Attempt attempt = this.jdbc
			.sql("""
					with candidate as (%s),
					counted as (
					  insert into member_claim (promotion_id, member_id, claimed)
					  select :promotion, :member, 1 where exists (select 1 from candidate)
					  on conflict (promotion_id, member_id) do update set claimed = member_claim.claimed + 1
					  where member_claim.claimed < :limit
					  returning claimed),
					issued as (
					  update coupon c set status = %s, member_id = :member, issue_key = :issueKey,
					    issued_at = :now, valid_from = :now, valid_until = :validUntil, version = c.version + 1
					  from candidate where c.id = candidate.id and exists (select 1 from counted)
					  returning c.id, c.promotion_id, c.member_id, c.status, c.code, c.issued_at, c.valid_from,
					    c.valid_until, c.order_id)
					select (select count(*) from candidate) as available, (select max(claimed) from counted) as claimed,
					  issued.* from (select 1) as one left join issued on true""".formatted(candidate,
					Transition.ISSUE.to().sql()))
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
		Coupons.Coupon coupon = attempt.coupon();
		if (coupon != null) {
			this.events.publishEvent(new CouponEvents.CouponIssued(EventMetadata.of(coupon.id(), 1, now), coupon.id(),
					promotion.id(), promotion.campaignId(), memberId, via,
					"TRIGGER".equals(via) && settings.trigger() != null ? settings.trigger().name() : null, now,
					validUntil, now));
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
