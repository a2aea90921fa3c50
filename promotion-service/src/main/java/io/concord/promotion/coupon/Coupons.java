package io.concord.promotion.coupon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.web.TestRun;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.campaign.CatalogChanged;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.tiers.MemberBenefits;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Coupons and wallets.
 *
 * <p>
 * <b>Flash claims never over-issue.</b> A template's coupons are rows minted up front
 * ({@link CouponIssuer}: a claim locks an unissued row with {@code SKIP LOCKED}, counts
 * the member's claim on their own row, and issues the row; see there and ADR-17). Claims
 * are committed in batches ({@link CouponClaimCommits}). The total can never pass the
 * minted quantity and the limit can never pass the per-member row, whatever the
 * interleaving. Once a template is seen sold out, this replica refuses claims for it from
 * memory for a second, so the tens of thousands of late taps cost no database work.
 */
@Component
public class Coupons {

	public record Coupon(UUID id, String promotionId, @Nullable UUID memberId, String status, @Nullable String code,
			@Nullable Instant issuedAt, @Nullable Instant validFrom, @Nullable Instant validUntil,
			@Nullable String orderId) {
	}

	/** Coupons taken from and left in a template, for statistics and storefronts. */
	public record TemplateCounts(String promotionId, long minted, long issued, long redeemed, long locked,
			long expired) {

		public long remaining() {
			return this.minted - this.issued;
		}

	}

	private static final Duration TEMPLATE_MEMORY = Duration.ofSeconds(1);

	static final String COLUMNS = "id, promotion_id, member_id, status, code, issued_at, valid_from, "
			+ "valid_until, order_id";

	private final JdbcClient jdbc;

	private final PromotionCatalog catalog;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	private final Map<String, CachedTemplate> templates = new ConcurrentHashMap<>();

	private final CouponIssuer issuer;

	private final GroupCommit<CouponIssuer.ClaimRequest, CouponIssuer.Claimed> claims;

	/** Member and template at their limit, with the limit they reached. */
	private final Map<String, Integer> atLimit = new ConcurrentHashMap<>();

	private final RowMapper<Coupon> rows = Coupons::coupon;

	private final MeterRegistry meters;

	private final MemberBenefits benefits;

	private final Map<String, Counter> claimOutcomes = new ConcurrentHashMap<>();

	Coupons(JdbcTemplate jdbc, PromotionCatalog catalog, CouponIssuer issuer,
			GroupCommit<CouponIssuer.ClaimRequest, CouponIssuer.Claimed> claims, ApplicationEventPublisher events,
			Clock clock, PlatformTransactionManager transactions, MeterRegistry meters, MemberBenefits benefits) {
		this.meters = meters;
		this.benefits = benefits;
		this.jdbc = JdbcClient.create(jdbc);
		this.issuer = issuer;
		this.claims = claims;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.catalog = catalog;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A member claims a coupon of a template (a flash claim or a public code). Served in
	 * a batch of its own; not to be called inside a transaction.
	 */
	public Coupon claim(String promotionId, UUID memberId) {
		try {
			Coupon coupon = claimOnce(promotionId, memberId);
			claimed("issued");
			return coupon;
		}
		catch (ProblemException ex) {
			claimed(ex.typeName());
			throw ex;
		}
	}

	/**
	 * Claim outcomes (issued, coupons-exhausted, coupon-limit-reached, ...) for the peak
	 * dashboard.
	 */
	private void claimed(String outcome) {
		this.claimOutcomes
			.computeIfAbsent(outcome,
					(o) -> Counter.builder("concord.promotion.coupon.claims")
						.tag("outcome", o)
						.description("Coupon claims, by outcome")
						.register(this.meters))
			.increment();
	}

	private Coupon claimOnce(String promotionId, UUID memberId) {
		if (this.issuer.knownSoldOut(promotionId)) {
			throw CouponIssuer.soldOut(promotionId);
		}
		CatalogPromotion promotion = claimable(template(promotionId), memberId);
		if (!promotion.usableByCurrentRun()) {
			throw TestRunPromotions.otherRun("coupon template " + promotionId);
		}
		// A member's claim count only grows, so "at the limit", once committed, stays
		// true while the limit does: repeated taps are answered from memory. The limit
		// comes with the definition, read at least once a second, so a limit raised on
		// any replica ends the memory here too.
		String key = promotionId + "|" + memberId;
		int limit = promotion.definition().coupon().perMemberLimit();
		Integer reached = this.atLimit.get(key);
		if (reached != null && reached >= limit) {
			throw CouponIssuer.limitReached(promotion);
		}
		if (reached != null) {
			this.atLimit.remove(key, reached);
		}
		try {
			CouponIssuer.Claimed claimed = this.claims.call(memberId,
					new CouponIssuer.ClaimRequest(promotion, memberId), Duration.ofSeconds(30),
					() -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("claims-saturated"),
							"Claims saturated",
							"The claim did not complete in time; try again with the same Idempotency-Key")
						.with("retryAfterSeconds", 1));
			if (claimed.atLimit()) {
				remember(key, limit);
			}
			return claimed.coupon();
		}
		catch (ProblemException ex) {
			if (ex.typeName().equals("coupon-limit-reached")) {
				remember(key, limit);
			}
			throw ex;
		}
	}

	private void remember(String atLimit, int limit) {
		if (this.atLimit.size() > 500_000) {
			this.atLimit.clear();
		}
		this.atLimit.put(atLimit, limit);
	}

	// A drop's definition is read once a second per replica, not once per tap; a pause on
	// another replica therefore stops claims here within a second.
	private CatalogPromotion template(String promotionId) {
		long now = System.nanoTime();
		CachedTemplate cached = this.templates.get(promotionId);
		if (cached != null && now < cached.until()) {
			return cached.promotion();
		}
		CatalogPromotion promotion = this.catalog.find(promotionId);
		if (this.templates.size() > 10_000) {
			this.templates.clear();
		}
		// Only an open template is remembered: one about to open is read again.
		if (promotion.unavailableAt(this.clock.instant()) == null) {
			this.templates.put(promotionId, new CachedTemplate(promotion, now + TEMPLATE_MEMORY.toNanos()));
		}
		return promotion;
	}

	/**
	 * A campaign or promotion changed here: forget definitions once the change commits.
	 */
	@EventListener
	void catalogChanged(CatalogChanged changed) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					forget();
				}
			});
		}
		else {
			forget();
		}
	}

	// A limit may have been raised, a template paused or reopened.
	private void forget() {
		this.templates.clear();
		this.atLimit.clear();
	}

	private record CachedTemplate(CatalogPromotion promotion, long until) {
	}

	/**
	 * A member types a code: a template's public code claims like a flash claim; a
	 * single-use code claims exactly that coupon, once.
	 */
	public Coupon claimCode(String code, UUID memberId) {
		String normalised = code.trim().toUpperCase(java.util.Locale.ROOT);
		Optional<CatalogPromotion> template = this.catalog.byPublicCode(normalised);
		if (template.isPresent()) {
			return claim(template.get().id(), memberId);
		}
		Coupon coded = this.jdbc.sql("select " + COLUMNS + " from coupon where code = ?")
			.params(normalised)
			.query(this.rows)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Coupon code", normalised));
		if (!coded.status().equals("POOL")) {
			throw new ProblemException.Conflict(ProblemTypes.of("coupon-code-used"), "Code already used",
					"The code " + normalised + " has been used");
		}
		CatalogPromotion promotion = claimable(this.catalog.find(coded.promotionId()), memberId);
		return this.ownTransaction
			.execute((status) -> this.issuer.issue(promotion, memberId, null, coded.id(), "CODE"));
	}

	/**
	 * Issues a coupon because something happened to the member (registration, upgrade,
	 * birthday, churn risk); {@code issueKey} names the occasion, so the same occasion
	 * never issues twice. Empty when the template is used up, the member is at the limit
	 * or the occasion was served before.
	 */
	public Optional<Coupon> issueFor(CatalogPromotion promotion, UUID memberId, String issueKey) {
		return issue(promotion, memberId, issueKey, "TRIGGER");
	}

	/**
	 * Issues a coupon of ops' targeted issuance {@code issuanceKey}; empty when the
	 * member had it already, is at the limit, or the template is used up.
	 */
	public Optional<Coupon> issueTargeted(CatalogPromotion promotion, UUID memberId, String issuanceKey) {
		return issue(promotion, memberId, issuanceKey, "TARGETED");
	}

	private Optional<Coupon> issue(CatalogPromotion promotion, UUID memberId, String issueKey, String via) {
		if (this.jdbc.sql("select count(*) from coupon where promotion_id = ? and member_id = ? and issue_key = ?")
			.params(promotion.id(), memberId, issueKey)
			.query(Integer.class)
			.single() > 0) {
			return Optional.empty();
		}
		try {
			// Its own transaction: a template that cannot issue rolls back its own count
			// and leaves the caller's work (and other templates' coupons) alone.
			return Optional.ofNullable(this.ownTransaction
				.execute((status) -> this.issuer.issue(promotion, memberId, issueKey, null, via)));
		}
		catch (ProblemException ex) {
			// Sold out or at the member's limit: the occasion passes without a coupon.
			if (ex.status().value() == 409) {
				return Optional.empty();
			}
			throw ex;
		}
		catch (DuplicateKeyException ex) {
			// The same occasion served concurrently.
			return Optional.empty();
		}
	}

	private CatalogPromotion claimable(CatalogPromotion promotion, UUID memberId) {
		if (!promotion.isCouponTemplate()) {
			throw new ProblemException.NotFound("Coupon template", promotion.id());
		}
		if (promotion.definition().coupon().trigger() != null) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("coupon-not-claimable"), "Not claimable",
					"Coupons of " + promotion.id() + " are issued on " + promotion.definition().coupon().trigger());
		}
		Instant now = this.clock.instant();
		// Before the public start, the early-access window admits its tiers only; the
		// member's tier is read only then, so open drops cost no extra query at peak.
		if (promotion.unavailableAt(now) != null && !(promotion.inEarlyWindow(now)
				&& promotion.unavailableAt(now, this.benefits.standing(memberId)) == null)) {
			throw new ProblemException.Conflict(ProblemTypes.of("coupon-claim-closed"), "Claim closed",
					"Coupons of " + promotion.id() + " cannot be claimed now: " + promotion.unavailableDetail(now));
		}
		return promotion;
	}

	/** The member's coupons, newest first; only usable ones unless {@code all}. */
	public List<Coupon> wallet(UUID memberId, boolean all) {
		return this.jdbc
			.sql("select " + COLUMNS + " from coupon where member_id = ? "
					+ (all ? "" : "and status = 'AVAILABLE' and valid_until > now() ")
					+ "order by issued_at desc limit 500")
			.params(memberId)
			.query(this.rows)
			.list();
	}

	/** Coupons the member can apply at {@code at}. */
	public List<Coupon> usable(UUID memberId, Instant at) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from coupon where member_id = ? and status = 'AVAILABLE' and valid_from <= ? and valid_until > ?
				order by valid_until, id limit 200""")
			.params(memberId, Timestamp.from(at), Timestamp.from(at))
			.query(this.rows)
			.list();
	}

	public Coupon find(UUID couponId) {
		return this.jdbc.sql("select " + COLUMNS + " from coupon where id = ?")
			.params(couponId)
			.query(this.rows)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Coupon", couponId));
	}

	/**
	 * Locks the member's coupons for an order inside the caller's transaction. A coupon
	 * locked by another order (or used, or expired) is refused, so no coupon is ever used
	 * twice: the conditional update lets exactly one order have it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lock(String orderId, UUID memberId, Collection<UUID> couponIds) {
		Instant now = this.clock.instant();
		for (UUID couponId : couponIds) {
			LockedRow locked = this.jdbc.sql("""
					update coupon set status = 'LOCKED', order_id = ?, locked_at = ?, version = version + 1
					where id = ? and member_id = ? and status = 'AVAILABLE' and valid_from <= ? and valid_until > ?
					returning promotion_id, version""")
				.params(orderId, Timestamp.from(now), couponId, memberId, Timestamp.from(now), Timestamp.from(now))
				.query((rs, n) -> new LockedRow(rs.getString("promotion_id"), rs.getLong("version")))
				.optional()
				.orElseThrow(() -> new ProblemException.Conflict(ProblemTypes.of("coupon-not-usable"),
						"Coupon not usable", "Coupon " + couponId + " is not available to this member now")
					.with("couponId", couponId));
			this.events.publishEvent(new CouponEvents.CouponLocked(EventMetadata.of(couponId, locked.version(), now),
					couponId, locked.promotionId(), memberId, orderId, now));
		}
	}

	private record LockedRow(String promotionId, long version) {
	}

	/** The order was paid: its locked coupons are used. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void redeem(String orderId) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update coupon set status = 'REDEEMED', redeemed_at = ?, version = version + 1
				where order_id = ? and status = 'LOCKED' returning id, promotion_id, member_id, version""")
			.params(Timestamp.from(now), orderId)
			.query((rs, n) -> new CouponEvents.CouponRedeemed(
					EventMetadata.of(rs.getObject("id"), rs.getLong("version"), now), rs.getObject("id", UUID.class),
					rs.getString("promotion_id"), rs.getObject("member_id", UUID.class), orderId, now))
			.list()
			.forEach(this.events::publishEvent);
	}

	/**
	 * The order was cancelled (before or after payment, before shipping): its coupons go
	 * back to the wallet, or expire if their validity ran out meanwhile.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void release(String orderId) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update coupon set status = case when valid_until > ? then 'AVAILABLE' else 'EXPIRED' end,
				  order_id = null, locked_at = null, redeemed_at = null, version = version + 1
				where order_id = ? and status in ('LOCKED', 'REDEEMED') and member_id is not null
				returning id, promotion_id, member_id, status, version""")
			.params(Timestamp.from(now), orderId)
			.query((rs, n) -> new CouponEvents.CouponReleased(
					EventMetadata.of(rs.getObject("id"), rs.getLong("version"), now), rs.getObject("id", UUID.class),
					rs.getString("promotion_id"), rs.getObject("member_id", UUID.class), orderId,
					rs.getString("status"), now))
			.list()
			.forEach(this.events::publishEvent);
	}

	/**
	 * Unused coupons of members that expire within {@code ahead} are announced once
	 * (CouponExpiringSoon), so member-service can remind the member; in batches.
	 */
	@Transactional
	public int warnExpiring(Duration ahead, int limit) {
		Instant now = this.clock.instant();
		List<CouponEvents.CouponExpiringSoon> warned = this.jdbc.sql("""
				update coupon set expiry_warned_at = ?, version = version + 1
				where id in (select id from coupon where status = 'AVAILABLE' and expiry_warned_at is null
				  and member_id is not null and valid_until > ? and valid_until <= ?
				  order by valid_until limit ? for update skip locked)
				returning id, promotion_id, member_id, version, valid_until, test_run""")
			.params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(ahead)), limit)
			.query((rs, n) -> {
				Object id = rs.getObject("id");
				long version = rs.getLong("version");
				UUID coupon = rs.getObject("id", UUID.class);
				String promotion = rs.getString("promotion_id");
				UUID member = rs.getObject("member_id", UUID.class);
				Instant validUntil = rs.getTimestamp("valid_until").toInstant();
				return TestRun.callWith(rs.getString("test_run"),
						() -> new CouponEvents.CouponExpiringSoon(EventMetadata.of(id, version, now), coupon, promotion,
								member, validUntil, now));
			})
			.list();
		warned.forEach(this.events::publishEvent);
		return warned.size();
	}

	/** Unused coupons past their validity expire, in batches. */
	@Transactional
	public int expire(int limit) {
		Instant now = this.clock.instant();
		List<CouponEvents.CouponExpired> expired = this.jdbc.sql("""
				update coupon set status = 'EXPIRED', version = version + 1
				where id in (select id from coupon where status = 'AVAILABLE' and valid_until <= ?
				  order by valid_until limit ? for update skip locked)
				returning id, promotion_id, member_id, version, test_run""")
			.params(Timestamp.from(now), limit)
			// A load test's coupon expires on the shadow topic (ADR-25).
			.query((rs, n) -> {
				Object id = rs.getObject("id");
				long version = rs.getLong("version");
				UUID coupon = rs.getObject("id", UUID.class);
				String promotion = rs.getString("promotion_id");
				UUID member = rs.getObject("member_id", UUID.class);
				return TestRun.callWith(rs.getString("test_run"),
						() -> new CouponEvents.CouponExpired(EventMetadata.of(id, version, now), coupon, promotion,
								member, now));
			})
			.list();
		expired.forEach(this.events::publishEvent);
		return expired.size();
	}

	/**
	 * Two members proved to be one: the merged member's coupons and claim counts move to
	 * the survivor (occasion keys are suffixed, so both members' occasions stay
	 * recorded).
	 */
	@Transactional
	public int merge(UUID survivor, UUID merged) {
		int moved = this.jdbc.sql("""
				update coupon set member_id = ?,
				  issue_key = case when issue_key is null then null else issue_key || '@' || ? end
				where member_id = ?""").params(survivor, merged.toString(), merged).update();
		this.jdbc
			.sql("""
					insert into member_claim (promotion_id, member_id, claimed)
					select promotion_id, ?, claimed from member_claim where member_id = ?
					on conflict (promotion_id, member_id) do update set claimed = member_claim.claimed + excluded.claimed""")
			.params(survivor, merged)
			.update();
		this.jdbc.sql("delete from member_claim where member_id = ?").params(merged).update();
		return moved;
	}

	/**
	 * The member asked to be forgotten: unused coupons are voided and no coupon keeps the
	 * member id; used ones stay (without it) for the campaign's accounting.
	 */
	@Transactional
	public int erase(UUID memberId) {
		int erased = this.jdbc.sql("""
				update coupon set member_id = null, issue_key = null,
				  status = case when status in ('AVAILABLE', 'LOCKED') then 'VOIDED' else status end,
				  version = version + 1
				where member_id = ?""").params(memberId).update();
		this.jdbc.sql("delete from member_claim where member_id = ?").params(memberId).update();
		return erased;
	}

	public List<TemplateCounts> counts(Collection<String> promotionIds) {
		if (promotionIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				select promotion_id, count(*) as minted,
				  count(*) filter (where issued_at is not null) as issued,
				  count(*) filter (where status = 'REDEEMED') as redeemed,
				  count(*) filter (where status = 'LOCKED') as locked,
				  count(*) filter (where status = 'EXPIRED') as expired
				from coupon where promotion_id in (:ids) group by promotion_id""")
			.param("ids", promotionIds)
			.query((rs, n) -> new TemplateCounts(rs.getString("promotion_id"), rs.getLong("minted"),
					rs.getLong("issued"), rs.getLong("redeemed"), rs.getLong("locked"), rs.getLong("expired")))
			.list();
	}

	/**
	 * Members holding more coupons of a template than its limit: always empty, by design.
	 */
	public List<UUID> membersAboveLimit(String promotionId, int limit) {
		return new ArrayList<>(this.jdbc.sql("""
				select member_id from coupon where promotion_id = ? and member_id is not null
				group by member_id having count(*) > ?""").params(promotionId, limit).query(UUID.class).list());
	}

	static Coupon coupon(ResultSet rs, int row) throws SQLException {
		return new Coupon(rs.getObject("id", UUID.class), rs.getString("promotion_id"),
				rs.getObject("member_id", UUID.class), rs.getString("status"), rs.getString("code"),
				instant(rs, "issued_at"), instant(rs, "valid_from"), instant(rs, "valid_until"),
				rs.getString("order_id"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
