package io.concord.member.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void ordersScoreTheMemberIntoAnRfmSegment() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		for (int i = 0; i < 5; i++) {
			deliver(member[0], 90_000, Instant.now().minus(2 + i, ChronoUnit.DAYS));
		}
		await().until(() -> this.jdbc
			.queryForList("select frequency from member_rfm where member_id = ?::uuid", Integer.class, member[0])
			.contains(5));
		// 5 orders in a week for CNY 4,500: R=5 (within 7 days), F=4 (>= 5 orders), M=4
		// (>= CNY 3,000).
		assertThat(segmentOf(member[0])).isEqualTo("CHAMPIONS");
		assertThat(this.jdbc.queryForObject("select concat(r, f, m) from member_rfm where member_id = ?::uuid",
				String.class, member[0]))
			.isEqualTo("544");
		assertThat(this.api.get("/admin/members/segments", null).json().path("CHAMPIONS").asLong()).isPositive();
		assertThat(this.api.get("/admin/members/segments/CHAMPIONS?limit=1000", null).body()).contains(member[0]);
		assertThat(this.api.get("/admin/members/segments/WHALES", null).status()).isEqualTo(400);
		MemberApi.Answer one = this.api.get("/admin/members/" + member[0] + "/segment",
				MemberApi.staffToken("ops-viewer"));
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.json().path("segment").asString()).isEqualTo("CHAMPIONS");
		assertThat(one.json().path("frequency").asInt()).isEqualTo(5);
		assertThat(one.json().path("monetaryMinor").asLong()).isEqualTo(450_000);
		String[] fresh = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		assertThat(this.api.get("/admin/members/" + fresh[0] + "/segment", null).json().path("segment").isNull())
			.as("not evaluated yet")
			.isTrue();
		assertThat(this.api.get("/admin/members/" + java.util.UUID.randomUUID() + "/segment", null).status())
			.isEqualTo(404);
	}

	@Test
	void inactiveMembersAreSignalledOnceAndBirthdaysCelebratedOnceAYear() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String[] dormant = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
			// Forty days without anything: registered, signed in and last seen long ago.
			this.jdbc.update("update member set registered_at = now() - interval '40 days' where id = ?::uuid",
					dormant[0]);
			this.jdbc.update(
					"update refresh_token set issued_at = now() - interval '40 days' where member_id = ?::uuid",
					dormant[0]);
			String[] birthdayMember = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
			LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
			assertThat(this.api
				.put("/api/members/me/birthday", "{\"birthday\": \"" + today.minusYears(30) + "\"}", birthdayMember[1])
				.status()).isEqualTo(204);
			assertThat(this.api
				.put("/api/members/me/birthday", "{\"birthday\": \"" + today.plusDays(1) + "\"}", birthdayMember[1])
				.status()).isEqualTo(400);

			MemberApi.Answer first = this.api.post("/admin/members/lifecycle/evaluations", "{}", null);
			assertThat(first.status()).isEqualTo(200);
			ReceivedEvent churn = events
				.await((e) -> e.type().equals("concord.member.MemberChurnRisk") && dormant[0].equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(churn);
			assertThat(churn.data().path("inactiveDays").asLong()).isGreaterThanOrEqualTo(39);
			ReceivedEvent birthday = events
				.await((e) -> e.type().equals("concord.member.MemberBirthday") && birthdayMember[0].equals(e.subject()),
						1)
				.get(0);
			EventContracts.assertConforms(birthday);
			assertThat(birthday.data().path("giftPoints").asLong()).isEqualTo(100);
			assertThat(this.api.get("/api/members/me/points", birthdayMember[1]).json().path("balance").asLong())
				.isEqualTo(100);

			this.api.post("/admin/members/lifecycle/evaluations", "{}", null);
			String marker = UUID.randomUUID().toString();
			assertThat(this.jdbc.queryForObject("select count(*) from member_churn_signal where member_id = ?::uuid",
					Integer.class, dormant[0]))
				.as("one signal per stretch of inactivity " + marker)
				.isEqualTo(1);
			assertThat(this.api.get("/api/members/me/points", birthdayMember[1]).json().path("balance").asLong())
				.as("one gift a year")
				.isEqualTo(100);
		}
	}

	private String segmentOf(String memberId) {
		return this.jdbc
			.queryForList("select segment from member_rfm where member_id = ?::uuid", String.class, memberId)
			.stream()
			.findFirst()
			.orElse("");
	}

	private static void deliver(String memberId, long paidMinor, Instant deliveredAt) {
		String orderId = "ORD-" + UUID.randomUUID();
		EventFixtures.send("concord.fulfillment.events.v1",
				OutgoingEvent.of("concord.fulfillment.OrderDelivered", orderId, """
						{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": %d, "currency": "CNY"},
						 "deliveredAt": "%s"}""".formatted(orderId, memberId, paidMinor, deliveredAt)));
	}

}
