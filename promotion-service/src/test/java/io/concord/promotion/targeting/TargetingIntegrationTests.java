package io.concord.promotion.targeting;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition.Trigger;
import io.concord.promotion.pricing.Offer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ops target a coupon at RFM segments and tiers (issue 19): the audience learns segments
 * from member-service (the newest wins), a preview counts the members, and the issuance
 * gives each targeted member one coupon and nobody else any.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TargetingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	Campaigns campaigns;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

	@Test
	void aCouponIsIssuedOnceToEachMemberOfTheTargetedSegmentsAndTiers() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String campaign = fixtures.runningCampaign();
		CatalogPromotion template = fixtures.couponTemplate(campaign, Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.COUPON,
				Offer.Rule.amountOff(2000, 0), 1000, 1);
		String target = "{\"segments\": [\"HIBERNATING\"], \"tiers\": [\"PLATINUM\"]}";
		String preview = "/admin/promotions/coupons/" + template.id() + "/targeted-issuances/preview";
		long before = read(post(preview, target, this.manager, null)).path("members").asLong();

		UUID sleepingPlatinum = member();
		UUID sleepingPlatinumToo = member();
		UUID sleepingBronze = member();
		UUID wokeUp = member();
		segment(sleepingPlatinum, "HIBERNATING", 5);
		segment(sleepingPlatinumToo, "HIBERNATING", 5);
		segment(sleepingBronze, "HIBERNATING", 5);
		// Told out of order: the newer LOYAL (version 6) wins over HIBERNATING (version
		// 5).
		segment(wokeUp, "LOYAL", 6);
		segment(wokeUp, "HIBERNATING", 5);
		for (UUID member : List.of(sleepingPlatinum, sleepingPlatinumToo, wokeUp)) {
			tier(member, "PLATINUM", 7);
		}
		tier(sleepingBronze, "BRONZE", 7);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from audience_member where member_id in (?, ?, ?, ?) and tier is not null",
					Integer.class, sleepingPlatinum, sleepingPlatinumToo, sleepingBronze, wokeUp) == 4);
		assertThat(this.jdbc.queryForObject("select segment from audience_member where member_id = ?", String.class,
				wokeUp))
			.isEqualTo("LOYAL");

		JsonNode previewed = read(post(preview, target, this.manager, null));
		assertThat(previewed.path("members").asLong() - before).as("the two sleeping platinum members").isEqualTo(2);
		assertThat(previewed.path("couponsLeft").asLong()).isEqualTo(1000);
		assertThat(
				this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and member_id is not null",
						Integer.class, template.id()))
			.as("a preview issues nothing")
			.isZero();

		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.promotion.events.v1")) {
			assertThat(post("/admin/promotions/coupons/" + template.id() + "/targeted-issuances", target, this.viewer,
					"issue-" + UUID.randomUUID())
				.statusCode()).as("viewers look, managers act").isEqualTo(403);
			HttpResponse<String> started = post("/admin/promotions/coupons/" + template.id() + "/targeted-issuances",
					target, this.manager, "issue-" + UUID.randomUUID());
			assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
			String location = started.headers().firstValue("Location").orElseThrow();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> read(get(location, this.viewer)).path("status").asString().equals("DONE"));
			JsonNode done = read(get(location, this.viewer));
			assertThat(done.path("issued").asLong() + done.path("skipped").asLong())
				.isEqualTo(done.path("targeted").asLong());
			assertThat(coupons(template, sleepingPlatinum)).isEqualTo(1);
			assertThat(coupons(template, sleepingPlatinumToo)).isEqualTo(1);
			assertThat(coupons(template, sleepingBronze)).as("wrong tier").isZero();
			assertThat(coupons(template, wokeUp)).as("no longer hibernating").isZero();
			List<ReceivedEvent> issued = events.await((event) -> event.type().equals("concord.promotion.CouponIssued")
					&& event.data().path("memberId").asString().equals(sleepingPlatinum.toString()), 1);
			assertThat(issued.get(0).data().path("via").asString()).isEqualTo("TARGETED");
			EventContracts.assertConforms(issued.get(0));

			// Issued again: the members hold their one coupon (limit 1), nobody gets a
			// second.
			HttpResponse<String> again = post("/admin/promotions/coupons/" + template.id() + "/targeted-issuances",
					target, this.manager, "issue-" + UUID.randomUUID());
			String second = again.headers().firstValue("Location").orElseThrow();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> read(get(second, this.viewer)).path("status").asString().equals("DONE"));
			assertThat(coupons(template, sleepingPlatinum)).isEqualTo(1);
		}
	}

	@Test
	void issuancesThatCannotBeAreRefusedClearly() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String campaign = fixtures.runningCampaign();
		CatalogPromotion template = fixtures.couponTemplate(campaign, Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.COUPON,
				Offer.Rule.amountOff(2000, 0), 10, 1);
		CatalogPromotion winBack = fixtures.triggeredTemplate(campaign, Trigger.CHURN_RISK, null);
		String preview = "/admin/promotions/coupons/%s/targeted-issuances/preview";
		HttpResponse<String> nobody = post(preview.formatted(template.id()), "{}", this.manager, null);
		assertThat(nobody.statusCode()).isEqualTo(422);
		HttpResponse<String> triggered = post(preview.formatted(winBack.id()), "{\"segments\": [\"AT_RISK\"]}",
				this.manager, null);
		assertThat(triggered.statusCode()).isEqualTo(422);
		assertThat(read(triggered).path("detail").asString()).contains("member events");
		assertThat(
				post(preview.formatted(template.id()), "{\"segments\": [\"WHALES\"]}", this.manager, null).statusCode())
			.isEqualTo(400);
		assertThat(post(preview.formatted("NO-SUCH-PROMO"), "{\"tiers\": [\"GOLD\"]}", this.manager, null).statusCode())
			.isEqualTo(404);
		assertThat(get("/admin/promotions/targeted-issuances/" + UUID.randomUUID(), this.viewer).statusCode())
			.isEqualTo(404);
	}

	private UUID member() {
		UUID member = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberRegistered", member.toString(), """
				{"memberId": "%s", "channel": "APP", "registeredAt": "2026-06-01T00:00:00Z"}""".formatted(member)));
		return member;
	}

	private static void segment(UUID member, String segment, long version) {
		EventFixtures.send(MEMBER_EVENTS, new OutgoingEvent(UUID.randomUUID().toString(),
				"concord.member.MemberSegmentChanged", member.toString(), version, 1, """
						{"memberId": "%s", "segment": "%s", "previousSegment": null, "r": 1, "f": 3, "m": 3,
						 "changedAt": "2026-11-12T03:00:00Z"}""".formatted(member, segment)));
	}

	private static void tier(UUID member, String tier, long version) {
		EventFixtures.send(MEMBER_EVENTS, new OutgoingEvent(UUID.randomUUID()
			.toString(), "concord.member.TierChanged", member.toString(), version, 1, """
					{"memberId": "%s", "previousTier": "BRONZE", "tier": "%s", "spendMinor": 900000, "currency": "CNY",
					 "orders": 12, "benefits": {"tier": "%s", "minSpendMinor": 0, "minOrders": 0, "discountPercent": 0,
					 "freeShipping": false, "earlyAccess": false, "pointsMultiplier": 1, "birthdayGiftPoints": 0},
					 "changedAt": "2026-11-12T03:00:00Z"}""".formatted(member, tier, tier)));
	}

	private int coupons(CatalogPromotion template, UUID member) {
		return this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and member_id = ?",
				Integer.class, template.id(), member);
	}

	private HttpResponse<String> post(String path, String body, String token, String key) {
		return TestHttp.call("http://localhost:" + this.port, "POST", path, token, body,
				(key != null) ? Map.of("Idempotency-Key", key) : Map.of());
	}

	private HttpResponse<String> get(String path, String token) {
		return TestHttp.call("http://localhost:" + this.port, "GET", path, token, null);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
