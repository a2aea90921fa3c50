package io.concord.promotion.targeting;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition.Trigger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Member events issue targeted coupons once per occasion, however often they arrive;
 * merges move wallets and erasure voids them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TargetedIssuanceIntegrationTests {

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	@Autowired
	Campaigns campaigns;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void duplicatedTriggersIssueOncePerOccasion() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String campaign = fixtures.runningCampaign();
		CatalogPromotion welcome = fixtures.triggeredTemplate(campaign, Trigger.NEW_MEMBER, null);
		CatalogPromotion gold = fixtures.triggeredTemplate(campaign, Trigger.TIER_UPGRADE, "GOLD");
		CatalogPromotion birthday = fixtures.triggeredTemplate(campaign, Trigger.BIRTHDAY, null);
		UUID member = UUID.randomUUID();

		OutgoingEvent registered = OutgoingEvent.of("concord.member.MemberRegistered", member.toString(), """
				{"memberId": "%s", "channel": "APP", "registeredAt": "2026-11-11T00:00:00Z"}""".formatted(member));
		EventFixtures.send(MEMBER_EVENTS, registered);
		// The same event redelivered; the same occasion told again under a new event id.
		EventFixtures.send(MEMBER_EVENTS, registered);
		EventFixtures.send(MEMBER_EVENTS, tierChanged(member, "BRONZE", "SILVER", 2));
		EventFixtures.send(MEMBER_EVENTS, tierChanged(member, "SILVER", "GOLD", 3));
		EventFixtures.send(MEMBER_EVENTS, tierChanged(member, "SILVER", "GOLD", 3));
		OutgoingEvent birthdayEvent = OutgoingEvent.of("concord.member.MemberBirthday", member.toString(), """
				{"memberId": "%s", "date": "2026-11-29", "tier": "GOLD", "giftPoints": 100}""".formatted(member));
		EventFixtures.send(MEMBER_EVENTS, birthdayEvent);
		EventFixtures.send(MEMBER_EVENTS, birthdayEvent.withId(UUID.randomUUID().toString()));
		UUID marker = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberBirthday", member.toString(), """
				{"memberId": "%s", "date": "2026-11-29", "tier": "GOLD", "giftPoints": 100}""".formatted(marker)));

		// Same key, same partition: once the marker's event is handled, all before it
		// were.
		await().atMost(Duration.ofSeconds(30)).until(() -> coupons(birthday.id(), marker) == 1);
		assertThat(coupons(welcome.id(), member)).isEqualTo(1);
		assertThat(coupons(gold.id(), member)).as("only the upgrade to GOLD, once").isEqualTo(1);
		assertThat(coupons(birthday.id(), member)).isEqualTo(1);
		assertThat(
				this.jdbc.queryForObject("select tier from audience_member where member_id = ?", String.class, member))
			.isEqualTo("GOLD");
	}

	@Test
	void aChurnSignalIssuesOneWinBackCouponAnnouncedAsSuch() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String campaign = fixtures.runningCampaign();
		CatalogPromotion winBack = fixtures.triggeredTemplate(campaign, Trigger.CHURN_RISK, null);
		UUID member = UUID.randomUUID();
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.promotion.events.v1")) {
			EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberRegistered", member.toString(), """
					{"memberId": "%s", "channel": "APP", "registeredAt": "2026-06-01T00:00:00Z"}""".formatted(member)));
			OutgoingEvent churn = OutgoingEvent.of("concord.member.MemberChurnRisk", member.toString(), """
					{"memberId": "%s", "lastActiveAt": "2026-10-01T00:00:00Z", "inactiveDays": 65,
					 "segment": "AT_RISK"}""".formatted(member));
			EventFixtures.send(MEMBER_EVENTS, churn);
			EventFixtures.send(MEMBER_EVENTS, churn);
			EventFixtures.send(MEMBER_EVENTS, churn.withId(UUID.randomUUID().toString()));
			List<ReceivedEvent> issued = events.await((event) -> event.type().equals("concord.promotion.CouponIssued")
					&& event.data().path("memberId").asString().equals(member.toString())
					&& event.data().path("promotionId").asString().equals(winBack.id()), 1);
			assertThat(issued.get(0).data().path("via").asString()).isEqualTo("TRIGGER");
			assertThat(issued.get(0).data().path("trigger").asString())
				.as("member-service tells a win-back coupon from the others by it")
				.isEqualTo("CHURN_RISK");
			EventContracts.assertConforms(issued.get(0));
			await().atMost(Duration.ofSeconds(30)).until(() -> coupons(winBack.id(), member) == 1);
			UUID marker = UUID.randomUUID();
			EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberRegistered", member.toString(), """
					{"memberId": "%s", "channel": "APP", "registeredAt": "2026-06-01T00:00:00Z"}""".formatted(marker)));
			EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberChurnRisk", member.toString(), """
					{"memberId": "%s", "lastActiveAt": "2026-10-01T00:00:00Z", "inactiveDays": 65,
					 "segment": "AT_RISK"}""".formatted(marker)));
			await().atMost(Duration.ofSeconds(30)).until(() -> coupons(winBack.id(), marker) == 1);
			assertThat(coupons(winBack.id(), member)).as("one coupon for one signal, however often told").isEqualTo(1);
			assertThat(events.received()
				.stream()
				.filter((event) -> event.type().equals("concord.promotion.CouponIssued")
						&& event.data().path("memberId").asString().equals(member.toString())
						&& event.data().path("promotionId").asString().equals(winBack.id())))
				.hasSize(1);
		}
	}

	@Test
	void mergedWalletsMoveToTheSurvivorAndErasureVoidsThem() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		CatalogPromotion welcome = fixtures.triggeredTemplate(fixtures.runningCampaign(), Trigger.NEW_MEMBER, null);
		UUID survivor = UUID.randomUUID();
		UUID merged = UUID.randomUUID();
		for (UUID member : new UUID[] { survivor, merged }) {
			EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberRegistered", member.toString(), """
					{"memberId": "%s", "channel": "WEB", "registeredAt": "2026-11-11T00:00:00Z"}""".formatted(member)));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> coupons(welcome.id(), survivor) == 1 && coupons(welcome.id(), merged) == 1);

		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberMerged", survivor.toString(), """
				{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "same phone",
				 "mergedAt": "2026-11-12T00:00:00Z"}""".formatted(survivor, merged)));
		await().atMost(Duration.ofSeconds(30)).until(() -> coupons(welcome.id(), survivor) == 2);
		assertThat(coupons(welcome.id(), merged)).isZero();

		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberErased", survivor.toString(), """
				{"memberId": "%s", "erasedAt": "2026-11-13T00:00:00Z"}""".formatted(survivor)));
		await().atMost(Duration.ofSeconds(30)).until(() -> coupons(welcome.id(), survivor) == 0);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from coupon where promotion_id = ? and status = 'VOIDED' and member_id is null",
				Integer.class, welcome.id()))
			.isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select count(*) from audience_member where member_id = ?", Integer.class,
				survivor))
			.isZero();
	}

	private static OutgoingEvent tierChanged(UUID member, String from, String to, long version) {
		return new OutgoingEvent(UUID.randomUUID().toString(), "concord.member.TierChanged", member
			.toString(), version, 1, """
					{"memberId": "%s", "previousTier": "%s", "tier": "%s", "spendMinor": 100000, "currency": "CNY",
					 "orders": 3, "benefits": {"tier": "%s", "minSpendMinor": 0, "minOrders": 0,
					 "discountPercent": 0, "freeShipping": false, "earlyAccess": false, "pointsMultiplier": 1,
					 "birthdayGiftPoints": 0}, "changedAt": "2026-11-20T00:00:00Z"}""".formatted(member, from, to, to));
	}

	private int coupons(String promotionId, UUID member) {
		return this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and member_id = ?",
				Integer.class, promotionId, member);
	}

}
