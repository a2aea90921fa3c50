package io.concord.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.PromotionServiceApplication;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import io.concord.promotion.pricing.Offer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A coupon drop: many members tapping "claim" at once. Runs promotion-service in this
 * process on a real PostgreSQL (durable commits) and Kafka and compares Concord's claims
 * (per-member conditional upsert + a pool row taken with {@code SKIP LOCKED}) with a
 * naive read-check-write implementation (read the issued counter and the member's
 * coupons, check, insert, increment), on the same pool, each on a template of
 * {@code coupons} coupons with a limit of one per member. Every member taps
 * {@code attempts / members} times in quick succession, as impatient shoppers do.
 * Verifies that Concord issues exactly {@code coupons} and nobody passes the limit, and
 * prints how far the naive one overshoots.
 *
 * <p>
 * Usage:
 * {@code java -jar bench-exec.jar claims [coupons] [members] [attempts] [clients]}.
 */
final class CouponClaimBenchmark {

	/** What the naive implementation writes to the outbox per coupon, like Concord. */
	@PublishedEvent(topic = "concord.bench.naive.v1", type = "concord.bench.NaiveCouponIssued")
	record NaiveCouponIssued(EventMetadata metadata, UUID couponId, String promotionId,
			UUID memberId) implements IntegrationEvent {
	}

	@FunctionalInterface
	private interface Attempt {

		/**
		 * True when a coupon was issued, false when refused (sold out or at the limit).
		 */
		boolean claim(String templateId, UUID member);

	}

	private CouponClaimBenchmark() {
	}

	static void run(String[] args) throws Exception {
		int[] numbers = InProcessService.numbers(args, 5_000, 20_000, 100_000, 200);
		InProcessService.run("promotion-service", "promotion", PromotionServiceApplication.class, args,
				List.of("--concord.admin.base-path=/admin/promotions",
						"--concord.events.subscribes=concord.member.events.v1",
						"--concord.events.publishes=concord.promotion.events.v1,concord.bench.naive.v1"),
				(promotion) -> new CouponClaimBenchmark().measure(promotion, numbers[0], numbers[1], numbers[2],
						numbers[3]));
	}

	private void measure(ConfigurableApplicationContext promotion, int total, int memberCount, int attempts,
			int clients) throws Exception {
		JdbcTemplate jdbc = promotion.getBean(JdbcTemplate.class);
		Coupons coupons = promotion.getBean(Coupons.class);
		CouponClaims claims = promotion.getBean(CouponClaims.class);
		PromotionCatalog catalog = promotion.getBean(PromotionCatalog.class);
		Campaigns campaigns = promotion.getBean(Campaigns.class);
		TransactionTemplate transactions = new TransactionTemplate(promotion.getBean(PlatformTransactionManager.class));
		ApplicationEventPublisher events = promotion;
		Instant now = Instant.now();
		campaigns.create("BENCH", "Coupon drop", null, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
		campaigns.activate("BENCH");
		// The naive implementation's own bookkeeping: an issued counter per template.
		jdbc.execute("create table naive_template (id varchar(64) primary key, total int not null, "
				+ "per_member int not null, issued int not null default 0)");
		jdbc.execute("create index naive_coupon_member on coupon (promotion_id, member_id)");

		Attempt concord = (templateId, member) -> {
			try {
				claims.claim(templateId, member);
				return true;
			}
			catch (ProblemException ex) {
				if (ex.status().value() == 409) {
					return false;
				}
				throw ex;
			}
		};
		// The textbook version: read, check, write, per request, in one transaction.
		Attempt naive = (templateId, member) -> Boolean.TRUE.equals(transactions.execute((status) -> {
			int[] limits = jdbc.queryForObject("select total, per_member, issued from naive_template where id = ?",
					(rs, n) -> new int[] { rs.getInt(1), rs.getInt(2), rs.getInt(3) }, templateId);
			if (limits[2] >= limits[0]) {
				return false;
			}
			Integer held = jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and member_id = ?",
					Integer.class, templateId, member);
			if (held >= limits[1]) {
				return false;
			}
			UUID id = UUID.randomUUID();
			Timestamp at = Timestamp.from(Instant.now());
			jdbc.update("""
					insert into coupon (id, promotion_id, status, member_id, issued_at, valid_from, valid_until)
					values (?, ?, 'AVAILABLE', ?, ?, ?, ?)""", id, templateId, member, at, at,
					Timestamp.from(at.toInstant().plus(Duration.ofDays(7))));
			jdbc.update("update naive_template set issued = issued + 1 where id = ?", templateId);
			events.publishEvent(new NaiveCouponIssued(EventMetadata.of(id, 1, at.toInstant()), id, templateId, member));
			return true;
		}));

		System.out.printf("Coupon drop: %d coupons (limit 1 per member), %d members, %d claim attempts, %d clients%n",
				total, memberCount, attempts, clients);
		System.out.println("Warm-up (both implementations)...");
		for (int round = 0; round < 2; round++) {
			run("warm-up", naive, naiveTemplate(jdbc, catalog, "WARM-N" + round, total / 4), memberCount / 4,
					attempts / 4, clients);
			run("warm-up", concord, template(catalog, "WARM-C" + round, total / 4), memberCount / 4, attempts / 4,
					clients);
		}
		InProcessService.quiesce(jdbc);
		String naiveTemplate = naiveTemplate(jdbc, catalog, "DROP-NAIVE", total);
		Load.Run baseline = run("naive read-check-write", naive, naiveTemplate, memberCount, attempts, clients);
		InProcessService.quiesce(jdbc);
		String concordTemplate = template(catalog, "DROP-CONCORD", total);
		Load.Run pooled = run("Concord pool + per-member upsert", concord, concordTemplate, memberCount, attempts,
				clients);

		System.out.println();
		report(jdbc, coupons, baseline, naiveTemplate, total, false);
		report(jdbc, coupons, pooled, concordTemplate, total, true);
		System.out.println();
		System.out
			.println("| Implementation | Issued | Refused | Attempts/s | Issued/s | Exhausted after | p50 ms | p99 ms"
					+ " | p99 ms (issued) |");
		System.out.println("|---|---|---|---|---|---|---|---|---|");
		for (Load.Run run : List.of(baseline, pooled)) {
			System.out.printf("| %s | %d | %d | %.0f | %.0f | %.2f s | %.2f | %.2f | %.2f |%n", run.name(),
					run.succeeded(), run.refused(), (run.succeeded() + run.refused()) / run.all().seconds(),
					run.succeeded() / run.lastSuccessSeconds(), run.lastSuccessSeconds(),
					run.all().percentileMillis(50), run.all().percentileMillis(99),
					run.successes().percentileMillis(99));
		}
		System.out.printf("%nClaim attempts handled per second, Concord / naive: %.2fx%n",
				(attempts / pooled.all().seconds()) / (attempts / baseline.all().seconds()));
		System.out.printf("Coupons issued per second until exhausted, Concord / naive: %.2fx%n",
				(pooled.succeeded() / pooled.lastSuccessSeconds())
						/ (baseline.succeeded() / baseline.lastSuccessSeconds()));
		System.out.printf("p99 latency, naive / Concord: %.2fx%n",
				baseline.all().percentileMillis(99) / pooled.all().percentileMillis(99));
	}

	private static String template(PromotionCatalog catalog, String id, int total) {
		CatalogPromotion template = catalog.define("BENCH", id,
				new PromotionDefinition("Drop " + id, Offer.Kind.AMOUNT_OFF, PromotionDefinition.Activation.COUPON,
						Offer.StackingGroup.COUPON, false, 0, "CNY", true, Offer.Scope.everything(),
						Offer.Rule.amountOff(2000, 10000), null, null,
						new PromotionDefinition.CouponSettings(total, 1, 7, null, null, null), null, true));
		return template.id();
	}

	private static String naiveTemplate(JdbcTemplate jdbc, PromotionCatalog catalog, String id, int total) {
		// Defined like Concord's (so coupons reference it) but with one pool coupon: the
		// naive code inserts its own rows.
		catalog.define("BENCH", id,
				new PromotionDefinition("Drop " + id, Offer.Kind.AMOUNT_OFF, PromotionDefinition.Activation.COUPON,
						Offer.StackingGroup.COUPON, false, 0, "CNY", true, Offer.Scope.everything(),
						Offer.Rule.amountOff(2000, 10000), null, null,
						new PromotionDefinition.CouponSettings(1, 1, 7, null, null, null), null, true));
		jdbc.update("insert into naive_template (id, total, per_member) values (?, ?, 1)", id, total);
		return id;
	}

	private static Load.Run run(String name, Attempt attempt, String templateId, int memberCount, int attempts,
			int clients) throws Exception {
		List<UUID> members = new ArrayList<>();
		for (int i = 0; i < memberCount; i++) {
			members.add(UUID.randomUUID());
		}
		int tapsPerMember = Math.max(1, attempts / memberCount);
		// A member's taps are consecutive, so they are in flight together.
		return Load.run(name, attempts, clients,
				(i) -> attempt.claim(templateId, members.get((i / tapsPerMember) % memberCount)));
	}

	private static void report(JdbcTemplate jdbc, Coupons coupons, Load.Run run, String templateId, int total,
			boolean mustHold) {
		Integer held = jdbc.queryForObject(
				"select count(*) from coupon where promotion_id = ? and member_id is not null", Integer.class,
				templateId);
		List<UUID> above = coupons.membersAboveLimit(templateId, 1);
		Integer worst = jdbc.queryForObject("""
				select coalesce(max(n), 0) from (select count(*) as n from coupon
				where promotion_id = ? and member_id is not null group by member_id) held""", Integer.class,
				templateId);
		boolean ok = run.succeeded() == total && held == total && above.isEmpty();
		System.out.printf(
				"%s: %d coupons issued of %d (%+d), %d members above the limit of 1 (most held by one: %d) -> %s%n",
				run.name(), held, total, held - total, above.size(), worst, ok ? "no over-issue" : "OVER-ISSUED");
		if (mustHold && !ok) {
			throw new IllegalStateException(run.name() + " broke the claim invariant");
		}
	}

}
