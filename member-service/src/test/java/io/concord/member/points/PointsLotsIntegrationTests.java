package io.concord.member.points;

import java.time.LocalDate;
import java.time.ZoneId;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PointsLotsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PointsExpiry expiry;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void spendingTakesTheOldestLotFirstAndUnspentPointsExpire() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
			adjust(member[0], 100, "old lot");
			adjust(member[0], 50, "new lot");
			this.jdbc.update("update points_entry set expires_at = now() + interval '1 hour' "
					+ "where member_id = ?::uuid and reason = 'old lot'", member[0]);
			assertThat(
					this.api
						.post("/internal/members/orders/ORD-" + java.util.UUID.randomUUID() + "/points-redemption",
								"{\"memberId\": \"" + member[0]
										+ "\", \"points\": 30, \"payableMinor\": 100000, \"currency\": \"CNY\"}",
								io.concord.platform.test.TestIssuers.get()
									.staffToken("fulfillment-service", "service:order-flow"))
						.status())
				.isEqualTo(201);
			assertThat(remaining(member[0], "old lot")).as("the lot expiring first is spent first").isEqualTo(70);
			assertThat(remaining(member[0], "new lot")).isEqualTo(50);

			this.jdbc.update("update points_entry set expires_at = now() - interval '1 second' "
					+ "where member_id = ?::uuid and reason = 'old lot'", member[0]);
			this.expiry.expirePoints();
			assertThat(balance(member[1])).isEqualTo(50);
			assertLotsCoverTheBalance(member[0]);
			ReceivedEvent expired = events
				.await((e) -> e.type().equals("concord.member.PointsExpired") && member[0].equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(expired);
			assertThat(expired.data().path("points").asLong()).isEqualTo(70);
			this.expiry.expirePoints();
			assertThat(balance(member[1])).as("nothing expires twice").isEqualTo(50);
		}
	}

	@Test
	void dailyCheckInOncePerDayWithAStreakBonus() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "MINI_PROGRAM",
				MemberApi.channelClient("mini-program"));
		MemberApi.Answer first = this.api.post("/api/members/me/check-ins", "{}", member[1]);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.json().path("streak").asInt()).isEqualTo(1);
		assertThat(first.json().path("points").asLong()).isEqualTo(5);
		MemberApi.Answer again = this.api.post("/api/members/me/check-ins", "{}", member[1]);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.field("type")).isEqualTo("https://concord.dev/problems/already-checked-in");

		// Yesterday and the day before were check-ins too: today continues a 3-day
		// streak.
		String[] streaker = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		this.jdbc.update("insert into member_check_in values (?::uuid, ?, 1, 5), (?::uuid, ?, 2, 10)", streaker[0],
				today.minusDays(2), streaker[0], today.minusDays(1));
		MemberApi.Answer third = this.api.post("/api/members/me/check-ins", "{}", streaker[1]);
		assertThat(third.json().path("streak").asInt()).isEqualTo(3);
		assertThat(third.json().path("points").asLong()).isEqualTo(15);
		assertThat(balance(streaker[1])).isEqualTo(15);
		assertLotsCoverTheBalance(streaker[0]);
	}

	@Test
	void aReviewEarnsOnce() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		String path = "/admin/members/" + member[0] + "/points/review-rewards";
		assertThat(this.api.post(path, "{\"reviewId\": \"REV-1\"}", null).status()).isEqualTo(201);
		assertThat(this.api.post(path, "{\"reviewId\": \"REV-1\"}", null).status()).isEqualTo(200);
		assertThat(this.api.post(path, "{\"reviewId\": \"\"}", null).status()).isEqualTo(400);
		assertThat(balance(member[1])).isEqualTo(20);
		assertLotsCoverTheBalance(member[0]);
	}

	@Test
	void opsChangeThePointsRulesAndTheNextOrderEarnsByThem() {
		MemberApi.Answer defaults = this.api.get("/admin/members/config/points-rules", null);
		assertThat(defaults.json().path("earnPerCurrencyUnit").asLong()).isEqualTo(1);
		String doubled = defaults.body().replace("\"earnPerCurrencyUnit\":1", "\"earnPerCurrencyUnit\":2");
		assertThat(this.api
			.put("/admin/members/config/points-rules", doubled.replace("\"validityDays\":365", "\"validityDays\":0"),
					null)
			.status()).isEqualTo(400);
		try {
			assertThat(this.api.put("/admin/members/config/points-rules", doubled, null).status()).isEqualTo(200);
			String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
			String orderId = "ORD-" + java.util.UUID.randomUUID();
			io.concord.platform.test.EventFixtures
				.send("concord.fulfillment.events.v1", io.concord.platform.test.EventFixtures.OutgoingEvent
					.of("concord.fulfillment.OrderDelivered", orderId, """
							{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": 10000, "currency": "CNY"},
							 "deliveredAt": "%s"}""".formatted(orderId, member[0], java.time.Instant.now())));
			org.awaitility.Awaitility.await()
				.until(() -> this.api.get("/api/members/me/points", member[1]).json().path("pending").asLong() == 200);
			assertThat(this.api.get("/admin/members/audit", null).body()).contains("POINTS_RULES_CHANGED");
		}
		finally {
			assertThat(this.api.put("/admin/members/config/points-rules", defaults.body(), null).status())
				.isEqualTo(200);
		}
	}

	private void assertLotsCoverTheBalance(String memberId) {
		assertThat(this.jdbc.queryForObject(
				"select coalesce(sum(remaining), 0) from points_entry where member_id = ?::uuid", Long.class, memberId))
			.as("the balance is exactly what is left of the lots")
			.isEqualTo(this.jdbc.queryForObject("select balance from points_account where member_id = ?::uuid",
					Long.class, memberId));
	}

	private void adjust(String memberId, long points, String reason) {
		this.api.post("/admin/members/" + memberId + "/points/adjustments",
				"{\"points\": " + points + ", \"reason\": \"" + reason + "\"}", null);
	}

	private long remaining(String memberId, String reason) {
		return this.jdbc.queryForObject("select remaining from points_entry where member_id = ?::uuid and reason = ?",
				Long.class, memberId, reason);
	}

	private long balance(String token) {
		return this.api.get("/api/members/me/points", token).json().path("balance").asLong();
	}

}
