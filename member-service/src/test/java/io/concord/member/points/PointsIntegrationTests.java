package io.concord.member.points;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
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
class PointsIntegrationTests {

	private static final String ORDER_EVENTS = "concord.fulfillment.events.v1";

	private static final String ORDER_FLOW = io.concord.platform.test.TestIssuers.get()
		.staffToken("fulfillment-service", "service:order-flow");

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
	void fiftyParallelOrderRedemptionsNeverTakeTheBalanceBelowZero() throws Exception {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		this.api.post("/admin/members/" + member[0] + "/points/adjustments", "{\"points\": 1000, \"reason\": \"test\"}",
				null);
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Integer>> redemptions = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			redemptions.add(() -> {
				start.await();
				return this.api
					.post("/internal/members/orders/ORD-" + UUID.randomUUID() + "/points-redemption",
							"{\"memberId\": \"" + member[0]
									+ "\", \"points\": 30, \"payableMinor\": 100000, \"currency\": \"CNY\"}",
							ORDER_FLOW)
					.status();
			});
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
			List<Future<Integer>> answers = redemptions.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
		}
		long succeeded = statuses.stream().filter((status) -> status == 201).count();
		assertThat(statuses).containsOnly(201, 422);
		assertThat(succeeded).isEqualTo(33); // 33 x 30 = 990 <= 1000 < 34 x 30
		long balance = this.api.get("/api/members/me/points", member[1]).json().path("balance").asLong();
		assertThat(balance).isEqualTo(1000 - succeeded * 30).isNotNegative();
		assertThat(this.jdbc.queryForObject(
				"select -sum(points) from points_entry where member_id = ?::uuid and kind = 'REDEEM'", Long.class,
				member[0]))
			.as("debits equal the successful answers")
			.isEqualTo(succeeded * 30);
		assertThat(this.jdbc.queryForObject("select sum(points) from points_entry where member_id = ?::uuid",
				Long.class, member[0]))
			.as("the balance is the ledger's sum")
			.isEqualTo(balance);
		assertThat(this.jdbc.queryForObject("select sum(remaining) from points_entry where member_id = ?::uuid",
				Long.class, member[0]))
			.as("and exactly what is left of its lots")
			.isEqualTo(balance);
	}

	@Test
	void aDeliveredOrderEarnsOnceHoweverOftenItsEventArrives() throws Exception {
		try (PublishedEvents memberEvents = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
			String orderId = "ORD-" + UUID.randomUUID();
			OutgoingEvent delivered = orderDelivered(orderId, member[0], 25_990, Instant.now());
			EventFixtures.send(ORDER_EVENTS, delivered);
			EventFixtures.send(ORDER_EVENTS, delivered);
			// The same fact under a new event id (e.g. re-published by fulfillment):
			// still once.
			EventFixtures.send(ORDER_EVENTS, orderDelivered(orderId, member[0], 25_990, Instant.now()));
			// Each handler of the event records it once (points here; notifications too).
			await().until(() -> this.jdbc.queryForObject(
					"select count(*) from processed_event where handler = 'member-orders-delivered' and event_id = ?",
					Integer.class, delivered.id()) == 1);
			String marker = "ORD-" + UUID.randomUUID();
			EventFixtures.send(ORDER_EVENTS, orderDelivered(marker, member[0], 1_000, Instant.now()));
			await().until(() -> pending(member[1]) == 259 + 10);
			MemberApi.Answer points = this.api.get("/api/members/me/points", member[1]);
			assertThat(points.json().path("pending").asLong()).isEqualTo(269);
			assertThat(points.json().path("balance").asLong()).as("pending until the return window ends").isZero();
			EventContracts.assertConforms(memberEvents
				.await((e) -> e.type().equals("concord.member.PointsEarned") && member[0].equals(e.subject()), 2)
				.get(0));
		}
	}

	@Test
	@org.junit.jupiter.api.DisplayName("L10: a return that overtakes its delivery is applied once the delivery arrives, never lost")
	void l10_aReturnBeforeItsDeliveryTakesItsPointsBackOnceTheDeliveryArrives() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String orderId = "ORD-" + UUID.randomUUID();
		EventFixtures.send(ORDER_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderReturned", orderId, """
				{"orderId": "%s", "returnId": "R1", "memberId": "%s",
				 "refundedAmount": {"amountMinor": 20000, "currency": "CNY"}, "returnedAt": "%s"}""".formatted(orderId,
				member[0], Instant.now())));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from dead_letter where record_key = ? and status = 'PARKED'", Integer.class,
					orderId) == 1);
		EventFixtures.send(ORDER_EVENTS,
				orderDelivered(orderId, member[0], 50_000, Instant.now().minus(8, ChronoUnit.DAYS)));
		await().atMost(Duration.ofSeconds(60)).until(() -> balance(member[1]) == 300);
		assertThat(this.jdbc.queryForObject("select refunded_minor from member_order where order_id = ?", Long.class,
				orderId))
			.isEqualTo(20_000);
	}

	@Test
	void pointsPastTheReturnWindowAreSpendableAndAReturnTakesThemBack() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String orderId = "ORD-" + UUID.randomUUID();
		EventFixtures.send(ORDER_EVENTS,
				orderDelivered(orderId, member[0], 50_000, Instant.now().minus(8, ChronoUnit.DAYS)));
		await().until(() -> balance(member[1]) == 500);
		EventFixtures.send(ORDER_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderReturned", orderId, """
				{"orderId": "%s", "returnId": "R1", "memberId": "%s",
				 "refundedAmount": {"amountMinor": 20000, "currency": "CNY"}, "returnedAt": "%s"}""".formatted(orderId,
				member[0], Instant.now())));
		await().until(() -> balance(member[1]) == 300);
		MemberApi.Answer redeemed = this.api.post(
				"/internal/members/orders/ORD-" + UUID.randomUUID() + "/points-redemption",
				"{\"memberId\": \"" + member[0] + "\", \"points\": 200, \"payableMinor\": 1000, \"currency\": \"CNY\"}",
				ORDER_FLOW);
		assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(201);
		assertThat(redeemed.json().path("valueMinor").asLong()).isEqualTo(200);
		assertThat(redeemed.json().path("balance").asLong()).isEqualTo(100);
		assertThat(
				this.api
					.post("/internal/members/orders/ORD-" + UUID.randomUUID() + "/points-redemption",
							"{\"memberId\": \"" + member[0]
									+ "\", \"points\": 0, \"payableMinor\": 1000, \"currency\": \"CNY\"}",
							ORDER_FLOW)
					.status())
			.isEqualTo(400);
		assertThat(this.api
			.post("/admin/members/" + member[0] + "/points/adjustments",
					"{\"points\": -101, \"reason\": \"would go negative\"}", null)
			.status()).isEqualTo(422);
	}

	private static OutgoingEvent orderDelivered(String orderId, String memberId, long paidMinor, Instant deliveredAt) {
		return OutgoingEvent.of("concord.fulfillment.OrderDelivered", orderId, """
				{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": %d, "currency": "CNY"},
				 "deliveredAt": "%s"}""".formatted(orderId, memberId, paidMinor, deliveredAt));
	}

	private long pending(String token) {
		return this.api.get("/api/members/me/points", token).json().path("pending").asLong();
	}

	private long balance(String token) {
		return this.api.get("/api/members/me/points", token).json().path("balance").asLong();
	}

}
