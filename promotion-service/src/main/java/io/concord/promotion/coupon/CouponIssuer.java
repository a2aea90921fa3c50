package io.concord.promotion.coupon;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

	/** One batch of flash claims, in arrival order, in the batch's transaction. */
	List<GroupCommit.Outcome<Coupons.Coupon>> claim(List<ClaimRequest> requests) {
		List<GroupCommit.Outcome<Coupons.Coupon>> outcomes = new ArrayList<>(requests.size());
		for (ClaimRequest request : requests) {
			try {
				outcomes.add(new GroupCommit.Outcome.Done<>(
						issue(request.promotion(), request.memberId(), null, null, "CLAIM")));
			}
			catch (ProblemException refused) {
				outcomes.add(new GroupCommit.Outcome.Refused<>(refused));
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
		PromotionDefinition.CouponSettings settings = promotion.definition().coupon();
		UUID couponId = ((codedCoupon != null)
				? this.jdbc.sql("select id from coupon where id = ? and status = 'POOL' for update").params(codedCoupon)
				: this.jdbc.sql("""
						select id from coupon where promotion_id = ? and status = 'POOL' and code is null
						limit 1 for update skip locked""").params(promotion.id()))
			.query(UUID.class)
			.optional()
			.orElse(null);
		if (couponId == null) {
			if (codedCoupon != null) {
				throw new ProblemException.Conflict(ProblemTypes.of("coupon-code-used"), "Code already used",
						"The code has been used");
			}
			this.soldOutUntil.put(promotion.id(), System.nanoTime() + SOLD_OUT_MEMORY.toNanos());
			throw soldOut(promotion.id());
		}
		if (this.jdbc.sql("""
				insert into member_claim (promotion_id, member_id, claimed) values (?, ?, 1)
				on conflict (promotion_id, member_id) do update set claimed = member_claim.claimed + 1
				where member_claim.claimed < ? returning claimed""")
			.params(promotion.id(), memberId, settings.perMemberLimit())
			.query(Integer.class)
			.optional()
			.isEmpty()) {
			throw new ProblemException.Conflict(ProblemTypes.of("coupon-limit-reached"), "Coupon limit reached",
					"A member may hold " + settings.perMemberLimit() + " coupon(s) of " + promotion.id())
				.with("limit", settings.perMemberLimit());
		}
		Instant now = this.clock.instant();
		Instant validUntil = (settings.validDays() != null)
				? min(now.plus(Duration.ofDays(settings.validDays())), promotion.endsAt()) : promotion.endsAt();
		Coupons.Coupon coupon = this.jdbc.sql("""
				update coupon set status = 'AVAILABLE', member_id = ?, issue_key = ?, issued_at = ?, valid_from = ?,
				  valid_until = ?, version = version + 1
				where id = ? returning %s""".formatted(Coupons.COLUMNS))
			.params(memberId, issueKey, Timestamp.from(now), Timestamp.from(now), Timestamp.from(validUntil), couponId)
			.query(Coupons::coupon)
			.single();
		this.events
			.publishEvent(new CouponEvents.CouponIssued(EventMetadata.of(couponId, 1, now), couponId, promotion.id(),
					promotion.campaignId(), memberId, via, coupon.issuedAt(), coupon.validUntil(), coupon.issuedAt()));
		return coupon;
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
