package io.concord.promotion.coupon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.campaign.CatalogChanged;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.CouponStatus.Transition;
import io.concord.promotion.tiers.MemberBenefits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a member gets a coupon: flash claims, codes, member-event triggers and ops'
 * targeted issuances, with what this replica remembers to spare the database at peak.
 *
 * <p>
 * <b>Flash claims never over-issue.</b> A template's coupons are rows minted up front
 * ({@link CouponMinting}); a claim locks an unissued row with {@code SKIP LOCKED}, counts
 * the member's claim on their own row, and issues the row ({@link CouponIssuer}, ADR-17).
 * Claims are committed in batches ({@link CouponClaimCommits}). The total can never pass
 * the minted quantity and the limit can never pass the per-member row, whatever the
 * interleaving.
 *
 * <p>
 * <b>Memories.</b> A template's definition is read at most once a second; a member at a
 * template's limit is refused from memory while the limit holds; a template the issuer
 * found sold out is refused from memory for a second, so the tens of thousands of late
 * taps cost no database work. A change to the catalogue here forgets the first two.
 */
@Component
public class CouponClaims {

	private static final Duration TEMPLATE_MEMORY = Duration.ofSeconds(1);

	private final Coupons coupons;

	private final PromotionCatalog catalog;

	private final CouponIssuer issuer;

	private final GroupCommit<CouponIssuer.ClaimRequest, CouponIssuer.Claimed> claims;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	private final MeterRegistry meters;

	private final MemberBenefits benefits;

	private final Map<String, CachedTemplate> templates = new ConcurrentHashMap<>();

	/** Member and template at their limit, with the limit they reached. */
	private final Map<String, Integer> atLimit = new ConcurrentHashMap<>();

	private final Map<String, Counter> claimOutcomes = new ConcurrentHashMap<>();

	CouponClaims(Coupons coupons, PromotionCatalog catalog, CouponIssuer issuer,
			GroupCommit<CouponIssuer.ClaimRequest, CouponIssuer.Claimed> claims, Clock clock,
			PlatformTransactionManager transactions, MeterRegistry meters, MemberBenefits benefits) {
		this.coupons = coupons;
		this.catalog = catalog;
		this.issuer = issuer;
		this.claims = claims;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.meters = meters;
		this.benefits = benefits;
	}

	/**
	 * A member claims a coupon of a template (a flash claim or a public code). Served in
	 * a batch of its own; not to be called inside a transaction.
	 */
	public Coupons.Coupon claim(String promotionId, UUID memberId) {
		try {
			Coupons.Coupon coupon = claimOnce(promotionId, memberId);
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

	private Coupons.Coupon claimOnce(String promotionId, UUID memberId) {
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
	public Coupons.Coupon claimCode(String code, UUID memberId) {
		String normalised = code.trim().toUpperCase(java.util.Locale.ROOT);
		Optional<CatalogPromotion> template = this.catalog.byPublicCode(normalised);
		if (template.isPresent()) {
			return claim(template.get().id(), memberId);
		}
		Coupons.Coupon coded = this.coupons.byCode(normalised)
			.orElseThrow(() -> new ProblemException.NotFound("Coupon code", normalised));
		if (!Transition.ISSUE.from().contains(CouponStatus.valueOf(coded.status()))) {
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
	public Optional<Coupons.Coupon> issueFor(CatalogPromotion promotion, UUID memberId, String issueKey) {
		return issue(promotion, memberId, issueKey, "TRIGGER");
	}

	/**
	 * Issues a coupon of ops' targeted issuance {@code issuanceKey}; empty when the
	 * member had it already, is at the limit, or the template is used up.
	 */
	public Optional<Coupons.Coupon> issueTargeted(CatalogPromotion promotion, UUID memberId, String issuanceKey) {
		return issue(promotion, memberId, issuanceKey, "TARGETED");
	}

	private Optional<Coupons.Coupon> issue(CatalogPromotion promotion, UUID memberId, String issueKey, String via) {
		if (this.coupons.issuedFor(promotion.id(), memberId, issueKey)) {
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

}
