package io.concord.member.tiers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TiersIntegrationTests {

	private static final String ORDER_EVENTS = "concord.fulfillment.events.v1";

	@LocalServerPort
	int port;

	MemberApi api;

	@org.springframework.beans.factory.annotation.Autowired
	Tiers tiers;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void ordersLiftTheTierAReturnLowersItAndTheTierDrivesTokensAndPoints() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String phone = MemberApi.newPhone();
			String[] member = this.api.registerAndSignIn(phone, "APP");
			assertThat(tier(member[1])).isEqualTo("BRONZE");
			assertThat(claim(member[1], "tier")).isEqualTo("BRONZE");
			Instant longAgo = Instant.now().minus(10, ChronoUnit.DAYS);
			String first = "ORD-" + UUID.randomUUID();
			deliver(first, member[0], 60_000, longAgo); // CNY 600.00
			deliver("ORD-" + UUID.randomUUID(), member[0], 50_000, longAgo); // 2 orders,
																				// CNY
																				// 1,100.00
			await().until(() -> tier(member[1]).equals("SILVER"));

			ReceivedEvent upgrade = events
				.await((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(upgrade);
			assertThat(upgrade.data().path("previousTier").asString()).isEqualTo("BRONZE");
			assertThat(upgrade.data().path("benefits").path("pointsMultiplier").asDouble()).isEqualTo(1.2);

			String fresh = this.api.signInWithCode(phone, "APP").field("accessToken");
			assertThat(claim(fresh, "tier")).isEqualTo("SILVER");

			// A Silver member earns 1.2 points per CNY 1.00: CNY 100.00 -> 120 points.
			deliver("ORD-" + UUID.randomUUID(), member[0], 10_000, longAgo);
			await().until(() -> this.api.get("/api/members/me/points", member[1]).json().path("balance").asLong() == 600
					+ 500 + 120);

			// Returning most of the first order drops the 12-month spend under Silver's
			// CNY 1,000.
			EventFixtures.send(ORDER_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderReturned", first, """
					{"orderId": "%s", "returnId": "R1", "memberId": "%s",
					 "refundedAmount": {"amountMinor": 50000, "currency": "CNY"}, "returnedAt": "%s"}"""
				.formatted(first, member[0], Instant.now())));
			await().until(() -> tier(member[1]).equals("BRONZE"));
			ReceivedEvent downgrade = events
				.await((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject()), 2)
				.get(1);
			assertThat(downgrade.data().path("tier").asString()).isEqualTo("BRONZE");
			assertThat(Long.parseLong(downgrade.attribute("aggregateversion")))
				.as("one version stream per member: later events carry higher versions")
				.isGreaterThan(Long.parseLong(upgrade.attribute("aggregateversion")));
		}
	}

	@Test
	void theDailyRunDowngradesMembersWhoseOrdersAgedOutAndAnnouncesIt() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
			Instant longAgo = Instant.now().minus(10, ChronoUnit.DAYS);
			deliver("ORD-" + UUID.randomUUID(), member[0], 60_000, longAgo);
			deliver("ORD-" + UUID.randomUUID(), member[0], 50_000, longAgo);
			await().until(() -> tier(member[1]).equals("SILVER"));
			// A year on, the orders leave the 12-month window.
			this.jdbc.update(
					"update member_order set delivered_at = delivered_at - interval '13 months' where member_id = ?",
					UUID.fromString(member[0]));

			this.tiers.reevaluateDaily();
			this.tiers.reevaluateDaily();

			assertThat(tier(member[1])).isEqualTo("BRONZE");
			ReceivedEvent downgrade = events
				.await((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject())
						&& e.data().path("previousTier").asString().equals("SILVER"), 1)
				.get(0);
			EventContracts.assertConforms(downgrade);
			assertThat(downgrade.data().path("tier").asString()).isEqualTo("BRONZE");
			await().during(java.time.Duration.ofMillis(500))
				.until(() -> events.received()
					.stream()
					.filter((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject()))
					.count() == 2);
		}
	}

	@Test
	void aGrantedTierAppliesUntilItEndsAndIsAnnouncedBothWays() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
			String grant = "/admin/members/" + member[0] + "/tier-grant";
			MemberApi.Answer viewer = this.api.put(grant, """
					{"tier": "GOLD", "until": "%s", "reason": "status match"}"""
				.formatted(Instant.now().plus(30, ChronoUnit.DAYS)), MemberApi.staffToken("ops-viewer"));
			assertThat(viewer.status()).isEqualTo(403);
			MemberApi.Answer past = this.api.put(grant, """
					{"tier": "GOLD", "until": "2020-01-01T00:00:00Z", "reason": "status match"}""", null);
			assertThat(past.status()).as(past.body()).isEqualTo(400);
			MemberApi.Answer granted = this.api.put(grant, """
					{"tier": "GOLD", "until": "%s", "reason": "status match from 88VIP"}"""
				.formatted(Instant.now().plus(30, ChronoUnit.DAYS)), null);
			assertThat(granted.status()).as(granted.body()).isEqualTo(200);
			assertThat(granted.json().path("tier").asString()).isEqualTo("GOLD");
			assertThat(tier(member[1])).isEqualTo("GOLD");
			ReceivedEvent up = events
				.await((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject()), 1)
				.get(0);
			assertThat(up.data().path("tier").asString()).isEqualTo("GOLD");
			EventContracts.assertConforms(up);
			assertThat(this.api.get("/admin/members/audit?memberId=" + member[0], null).body())
				.contains("TIER_GRANTED");
			MemberApi.Answer read = this.api.get("/admin/members/" + member[0] + "/tier",
					MemberApi.staffToken("ops-viewer"));
			assertThat(read.status()).as(read.body()).isEqualTo(200);
			assertThat(read.json().path("current").path("tier").asString()).isEqualTo("GOLD");
			assertThat(read.json().path("grant").path("tier").asString()).isEqualTo("GOLD");
			assertThat(read.json().path("grant").path("reason").asString()).isEqualTo("status match from 88VIP");

			// The grant ends: the daily run brings the member back to what they earned.
			this.jdbc.update(
					"update member_tier_grant set until = now() - interval '1 second' where member_id = ?::uuid",
					member[0]);
			this.tiers.reevaluateDaily();
			assertThat(tier(member[1])).isEqualTo("BRONZE");
			assertThat(this.api.get("/admin/members/" + member[0] + "/tier", null).json().path("grant").isNull())
				.as("the ended grant is gone")
				.isTrue();
			assertThat(events
				.await((e) -> e.type().equals("concord.member.TierChanged") && member[0].equals(e.subject()), 2)
				.get(1)
				.data()
				.path("tier")
				.asString()).isEqualTo("BRONZE");
			assertThat(this.jdbc.queryForObject("select count(*) from member_tier_grant where member_id = ?::uuid",
					Integer.class, member[0]))
				.isZero();
			assertThat(this.api.put("/admin/members/" + UUID.randomUUID() + "/tier-grant", """
					{"tier": "GOLD", "until": "%s", "reason": "x"}""".formatted(Instant.now().plus(1, ChronoUnit.DAYS)),
					null)
				.status()).isEqualTo(404);
		}
	}

	@Test
	void opsConfigureTiersWithinSaneBounds() {
		assertThat(this.api.get("/api/members/tiers", null).json()).hasSize(5);
		MemberApi.Answer invalid = this.api.put("/admin/members/config/tiers/GOLD", """
				{"minSpendMinor": 50, "minOrders": 1, "discountPercent": 5, "freeShipping": true, "earlyAccess": false,
				 "pointsMultiplier": 1.5, "birthdayGiftPoints": 500}""", null);
		assertThat(invalid.status()).isEqualTo(422);
		MemberApi.Answer badValue = this.api.put("/admin/members/config/tiers/GOLD", """
				{"minSpendMinor": 500000, "minOrders": 5, "discountPercent": 120, "freeShipping": true,
				 "earlyAccess": false, "pointsMultiplier": 1.5, "birthdayGiftPoints": 500}""", null);
		assertThat(badValue.status()).isEqualTo(400);
		MemberApi.Answer changed = this.api.put("/admin/members/config/tiers/GOLD",
				"""
						{"minSpendMinor": 600000, "minOrders": 5, "discountPercent": 6, "freeShipping": true, "earlyAccess": false,
						 "pointsMultiplier": 1.5, "birthdayGiftPoints": 500}""",
				null);
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("discountPercent").asDouble()).isEqualTo(6.0);
		assertThat(this.api
			.put("/admin/members/config/tiers/GOLD",
					"""
							{"minSpendMinor": 500000, "minOrders": 5, "discountPercent": 5, "freeShipping": true, "earlyAccess": false,
							 "pointsMultiplier": 1.5, "birthdayGiftPoints": 500}""",
					null)
			.status()).isEqualTo(200);
		assertThat(this.api.get("/admin/members/audit", null).body()).contains("TIER_RULE_CHANGED");
	}

	@Test
	void aChangedTierRuleIsAnnouncedWithItsBenefitsAndAHigherVersionEachTime() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String rule = """
					{"minSpendMinor": 2000000, "minOrders": 12, "discountPercent": %s, "freeShipping": true,
					 "earlyAccess": true, "pointsMultiplier": 2, "birthdayGiftPoints": 1000}""";
			assertThat(this.api.put("/admin/members/config/tiers/PLATINUM", rule.formatted("9.5"), null).status())
				.isEqualTo(200);
			assertThat(this.api.put("/admin/members/config/tiers/PLATINUM", rule.formatted("8"), null).status())
				.isEqualTo(200);
			java.util.List<ReceivedEvent> changes = events.await(
					(e) -> e.type().equals("concord.member.TierBenefitsChanged") && "PLATINUM".equals(e.subject()), 2);
			changes.forEach(EventContracts::assertConforms);
			assertThat(changes.get(0).data().path("benefits").path("discountPercent").asDouble()).isEqualTo(9.5);
			assertThat(changes.get(1).data().path("benefits").path("discountPercent").asDouble()).isEqualTo(8.0);
			assertThat(changes.get(1).data().path("benefits").path("freeShipping").asBoolean()).isTrue();
			assertThat(Long.parseLong(changes.get(1).attribute("aggregateversion")))
				.isGreaterThan(Long.parseLong(changes.get(0).attribute("aggregateversion")));
		}
	}

	private String tier(String token) {
		return this.api.get("/api/members/me/tier", token).field("tier");
	}

	private static void deliver(String orderId, String memberId, long paidMinor, Instant deliveredAt) {
		EventFixtures.send(ORDER_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderDelivered", orderId, """
				{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": %d, "currency": "CNY"},
				 "deliveredAt": "%s"}""".formatted(orderId, memberId, paidMinor, deliveredAt)));
	}

	private static String claim(String token, String name) {
		return JsonMapper.builder()
			.build()
			.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
			.path(name)
			.asString();
	}

}
