package io.concord.promotion.coupon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.concord.platform.web.ProblemException;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition;
import io.concord.promotion.pricing.Offer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flash claims on PostgreSQL under real concurrency: never more coupons than the total,
 * never more per member than the limit, and a code works once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CouponClaimsIntegrationTests {

	@Autowired
	Coupons coupons;

	@Autowired
	CouponClaims claims;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Campaigns campaigns;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	javax.sql.DataSource dataSource;

	@Test
	void sixtyFourConcurrentClaimsOnASingleCouponIssueExactlyOne() throws Exception {
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 1, 1);
		List<UUID> members = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			members.add(UUID.randomUUID());
		}
		double issuedBefore = count("concord.promotion.coupon.claims", "outcome", "issued");
		double exhaustedBefore = count("concord.promotion.coupon.claims", "outcome", "coupons-exhausted");
		Map<String, AtomicInteger> outcomes = race(members, (member) -> this.claims.claim(template.id(), member));

		assertThat(outcomes.get("issued")).hasValue(1);
		assertThat(outcomes.get("coupons-exhausted")).hasValue(63);
		assertThat(count("concord.promotion.coupon.claims", "outcome", "issued") - issuedBefore).isEqualTo(1);
		assertThat(count("concord.promotion.coupon.claims", "outcome", "coupons-exhausted") - exhaustedBefore)
			.isEqualTo(63);
		assertThat(issued(template.id())).isEqualTo(1);
	}

	@Test
	void membersHammeringATemplateNeverPassTheTotalOrTheirLimit() throws Exception {
		// 40 members × 10 concurrent claims each on 60 coupons, limit 2: 80 wanted, 60
		// exist.
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 60, 2);
		List<UUID> distinct = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			distinct.add(UUID.randomUUID());
		}
		List<UUID> attempts = new ArrayList<>();
		for (int round = 0; round < 10; round++) {
			attempts.addAll(distinct);
		}
		Map<String, AtomicInteger> outcomes = race(attempts, (member) -> this.claims.claim(template.id(), member));

		assertThat(outcomes.get("issued")).hasValue(60);
		assertThat(issued(template.id())).isEqualTo(60);
		assertThat(this.coupons.membersAboveLimit(template.id(), 2)).isEmpty();
		assertThat(this.jdbc.queryForObject("select coalesce(sum(claimed), 0) from member_claim where promotion_id = ?",
				Integer.class, template.id()))
			.as("claim counts match the coupons held: refused claims rolled back")
			.isEqualTo(60);
	}

	@Test
	void singleUseCodesClaimOnceAndPublicCodesClaimLikeTheTemplate() {
		String campaign = fixtures().runningCampaign();
		CatalogPromotion coded = fixtures().couponTemplate(campaign, Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.COUPON,
				Offer.Rule.amountOff(500, 0), 5, 5);
		List<String> codes = this.catalog.generateCodes(coded.id(), 2);
		UUID shopper = UUID.randomUUID();
		Coupons.Coupon first = this.claims.claimCode(codes.get(0).toLowerCase(java.util.Locale.ROOT), shopper);
		assertThat(first.code()).isEqualTo(codes.get(0));
		assertThatThrownBy(() -> this.claims.claimCode(codes.get(0), UUID.randomUUID()))
			.isInstanceOf(ProblemException.class)
			.hasMessageContaining("has been used");
		assertThatThrownBy(() -> this.claims.claimCode("NOPE-NOT-A-CODE", shopper))
			.isInstanceOf(ProblemException.NotFound.class);

		String publicCode = "D11-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
		CatalogPromotion shared = fixtures().define(campaign, Offer.Kind.AMOUNT_OFF,
				PromotionDefinition.Activation.COUPON, Offer.StackingGroup.COUPON, Offer.Rule.amountOff(300, 0),
				new PromotionDefinition.CouponSettings(10, 1, null, publicCode, null, null), null);
		assertThat(this.claims.claimCode(publicCode, shopper).promotionId()).isEqualTo(shared.id());
		assertThatThrownBy(() -> this.claims.claimCode(publicCode, shopper)).isInstanceOf(ProblemException.class)
			.hasMessageContaining("may hold 1");
		// Codes sit on pool coupons, but flash claims never take a coded coupon.
		assertThat(issued(coded.id())).isEqualTo(1);
	}

	@Test
	void claimsWaitForTheCampaignAndStopWhenItIsPaused() {
		String campaign = "CMP-" + UUID.randomUUID().toString().substring(0, 8);
		java.time.Instant now = java.time.Instant.now();
		this.campaigns.create(campaign, "Later", null, now.plusSeconds(3600), now.plusSeconds(7200));
		CatalogPromotion template = fixtures().couponTemplate(campaign, Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 10, 1);
		assertThatThrownBy(() -> this.claims.claim(template.id(), UUID.randomUUID()))
			.isInstanceOf(ProblemException.class)
			.hasMessageContaining("cannot be claimed now");

		String running = fixtures().runningCampaign();
		CatalogPromotion open = fixtures().couponTemplate(running, Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.COUPON,
				Offer.Rule.amountOff(500, 0), 10, 1);
		this.campaigns.pause(running);
		assertThatThrownBy(() -> this.claims.claim(open.id(), UUID.randomUUID())).isInstanceOf(ProblemException.class)
			.hasMessageContaining("paused");
		this.campaigns.activate(running);
		assertThat(this.claims.claim(open.id(), UUID.randomUUID()).status()).isEqualTo("AVAILABLE");
	}

	@Test
	@DisplayName("L6: the last coupon locked by another claim in flight is not sold out: the claim waits and gets it")
	void l6_aCouponLockedByAnotherClaimIsWaitedForNotReportedExhausted() throws Exception {
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 1, 1);
		try (ExecutorService pool = Executors.newSingleThreadExecutor();
				java.sql.Connection other = this.dataSource.getConnection()) {
			// Another replica's batch holds the only coupon for a claim it will refuse.
			lockPool(other, template.id());
			Future<Coupons.Coupon> claim = pool.submit(() -> this.claims.claim(template.id(), UUID.randomUUID()));
			org.awaitility.Awaitility.await()
				.during(java.time.Duration.ofMillis(1500))
				.atMost(java.time.Duration.ofSeconds(3))
				.until(() -> !claim.isDone());
			other.rollback();
			assertThat(claim.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo("AVAILABLE");
		}
		assertThat(issued(template.id())).isEqualTo(1);
	}

	@Test
	@DisplayName("L6: when the claim in flight does take the last coupon, the waiting claim hears it is exhausted")
	void l6_aCouponIssuedByTheClaimInFlightLeavesTheWaitingClaimExhausted() throws Exception {
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 1, 1);
		try (ExecutorService pool = Executors.newSingleThreadExecutor();
				java.sql.Connection other = this.dataSource.getConnection()) {
			String coupon = lockPool(other, template.id());
			Future<Coupons.Coupon> claim = pool.submit(() -> this.claims.claim(template.id(), UUID.randomUUID()));
			org.awaitility.Awaitility.await()
				.during(java.time.Duration.ofMillis(500))
				.atMost(java.time.Duration.ofSeconds(3))
				.until(() -> !claim.isDone());
			try (var issue = other.prepareStatement("""
					update coupon set status = 'AVAILABLE', member_id = ?, issued_at = now(), valid_from = now(),
					  valid_until = now() + interval '1 day' where id = ?::uuid""")) {
				issue.setObject(1, UUID.randomUUID());
				issue.setString(2, coupon);
				issue.executeUpdate();
			}
			other.commit();
			assertThatThrownBy(() -> claim.get(10, java.util.concurrent.TimeUnit.SECONDS))
				.hasCauseInstanceOf(ProblemException.class)
				.hasMessageContaining("has been claimed");
		}
		assertThat(issued(template.id())).isEqualTo(1);
	}

	@Test
	@DisplayName("L6: a per-member limit raised on another replica is honoured here within a second")
	void l6_aLimitRaisedOnAnotherReplicaIsHonouredHere() {
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 10, 1);
		UUID member = UUID.randomUUID();
		this.claims.claim(template.id(), member);
		assertThatThrownBy(() -> this.claims.claim(template.id(), member)).isInstanceOf(ProblemException.class)
			.hasMessageContaining("may hold 1");
		// What another replica's update writes; this replica gets no in-process notice.
		this.jdbc.update("update promotion set per_member_limit = 2, version = version + 1 where id = ?",
				template.id());
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.pollInterval(java.time.Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(ProblemException.class)
			.until(() -> this.claims.claim(template.id(), member) != null);
		assertThat(this.coupons.membersAboveLimit(template.id(), 2)).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and member_id = ?",
				Integer.class, template.id(), member))
			.isEqualTo(2);
	}

	// Locks the template's pool rows in a transaction of the connection's own; the id of
	// the first.
	private static String lockPool(java.sql.Connection connection, String promotionId) throws Exception {
		connection.setAutoCommit(false);
		try (var lock = connection.prepareStatement(
				"select id from coupon where promotion_id = ? and status = 'POOL' and code is null for update")) {
			lock.setString(1, promotionId);
			try (var rows = lock.executeQuery()) {
				assertThat(rows.next()).isTrue();
				return rows.getString(1);
			}
		}
	}

	private Map<String, AtomicInteger> race(List<UUID> members, java.util.function.Consumer<UUID> claim)
			throws Exception {
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		outcomes.put("issued", new AtomicInteger());
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
			for (UUID member : members) {
				futures.add(pool.submit(() -> {
					start.await();
					try {
						claim.accept(member);
						outcomes.get("issued").incrementAndGet();
					}
					catch (ProblemException ex) {
						String type = ex.toProblemDetail().getType().toString();
						outcomes.computeIfAbsent(type.substring(type.lastIndexOf('/') + 1), (k) -> new AtomicInteger())
							.incrementAndGet();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		return outcomes;
	}

	private int issued(String promotionId) {
		return this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and status <> 'POOL'",
				Integer.class, promotionId);
	}

	private PromotionFixtures fixtures() {
		return new PromotionFixtures(this.campaigns, this.catalog);
	}

	/** A counter's count so far (0 before it first counts). */
	private double count(String name, String tag, String value) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
