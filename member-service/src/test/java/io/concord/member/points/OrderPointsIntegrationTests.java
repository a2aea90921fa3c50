package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Points pay for orders only through the order flow's internal API (M10): redeemed once
 * per order against the payable fulfillment computed, given back on reversal (by call or
 * by OrderCancelled) and per return, never more than were redeemed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderPointsIntegrationTests {

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	private static final String ORDER_EVENTS = "concord.fulfillment.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	MemberApi api;

	private final String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("M10: points are redeemed only inside an order, capped on the server's payable; the old endpoint is gone")
	void m10_pointsAreRedeemedOnlyInsideAnOrderAgainstTheServerPayable() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				MEMBER_EVENTS)) {
			String[] member = member(1000);
			// The old free-standing call, with a forged total that would have lifted the
			// cap.
			MemberApi.Answer forged = this.api.post("/api/members/me/points/redemptions",
					"{\"points\": 900, \"orderId\": \"ORD-X\", \"orderTotal\": {\"amountMinor\": 1000000, \"currency\": \"CNY\"}}",
					member[1]);
			assertThat(forged.status()).as(forged.body()).isEqualTo(410);
			assertThat(forged.field("type")).isEqualTo("https://concord.dev/problems/points-redemption-moved");
			assertThat(forged.field("detail")).contains("POST /api/orders with pointsToRedeem");
			assertThat(balance(member[1])).isEqualTo(1000);

			String orderId = "ORD-" + UUID.randomUUID();
			String path = "/internal/members/orders/" + orderId + "/points-redemption";
			assertThat(this.api.post(path, redemption(member[0], 100, 10_000, "CNY"), member[1]).status())
				.as("a member cannot redeem for an order themselves")
				.isEqualTo(403);
			assertThat(this.api
				.post(path, redemption(member[0], 100, 10_000, "CNY"), TestIssuers.get().staffToken("ops-1", "admin"))
				.status()).as("nor can ops").isEqualTo(403);

			// What a cart shows before checkout: nothing debited.
			String allowance = "/internal/members/" + member[0] + "/points-allowance";
			assertThat(this.api.post(allowance, "{\"payableMinor\": 1000, \"currency\": \"CNY\"}", member[1]).status())
				.isEqualTo(403);
			MemberApi.Answer allowed = this.api.post(allowance, "{\"payableMinor\": 1000, \"currency\": \"CNY\"}",
					this.orderFlow);
			assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
			assertThat(allowed.json().path("maxPoints").asLong()).as("50 % of 10.00").isEqualTo(500);
			assertThat(allowed.json().path("maxValueMinor").asLong()).isEqualTo(500);
			assertThat(this.api.post(allowance, "{\"payableMinor\": 100000, \"currency\": \"CNY\"}", this.orderFlow)
				.json()
				.path("maxPoints")
				.asLong()).as("within the balance").isEqualTo(1000);
			assertThat(this.api.post(allowance, "{\"payableMinor\": 1000, \"currency\": \"USD\"}", this.orderFlow)
				.json()
				.path("maxPoints")
				.asLong()).isZero();
			assertThat(balance(member[1])).isEqualTo(1000);

			// Payable 10.00: at most 50 % = 5.00 = 500 points (100 points = 1.00).
			MemberApi.Answer tooMuch = this.api.post(path, redemption(member[0], 501, 1000, "CNY"), this.orderFlow);
			assertThat(tooMuch.status()).as(tooMuch.body()).isEqualTo(422);
			assertThat(tooMuch.field("type")).isEqualTo("https://concord.dev/problems/points-limit-exceeded");
			assertThat(tooMuch.json().path("maxPoints").asLong()).isEqualTo(500);
			MemberApi.Answer otherCurrency = this.api.post(path, redemption(member[0], 100, 1000, "USD"),
					this.orderFlow);
			assertThat(otherCurrency.status()).isEqualTo(422);
			assertThat(otherCurrency.field("type")).isEqualTo("https://concord.dev/problems/points-currency-mismatch");
			assertThat(balance(member[1])).as("refusals debit nothing").isEqualTo(1000);

			MemberApi.Answer redeemed = this.api.post(path, redemption(member[0], 500, 1000, "CNY"), this.orderFlow);
			assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(201);
			assertThat(redeemed.json().path("points").asLong()).isEqualTo(500);
			assertThat(redeemed.json().path("valueMinor").asLong()).isEqualTo(500);
			assertThat(redeemed.json().path("currency").asString()).isEqualTo("CNY");
			assertThat(redeemed.json().path("balance").asLong()).isEqualTo(500);
			MemberApi.Answer repeated = this.api.post(path, redemption(member[0], 500, 1000, "CNY"), this.orderFlow);
			assertThat(repeated.status()).isEqualTo(201);
			assertThat(repeated.json()).as("a repeat answers the same redemption").isEqualTo(redeemed.json());
			assertThat(balance(member[1])).as("debited once").isEqualTo(500);

			MemberApi.Answer insufficient = this.api.post(
					"/internal/members/orders/ORD-" + UUID.randomUUID() + "/points-redemption",
					redemption(member[0], 501, 100_000, "CNY"), this.orderFlow);
			assertThat(insufficient.status()).isEqualTo(422);
			assertThat(insufficient.field("type")).isEqualTo("https://concord.dev/problems/insufficient-points");

			ReceivedEvent event = events
				.await((e) -> e.type().equals("concord.member.PointsRedeemed") && member[0].equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(event);
			assertThat(event.data().path("orderId").asString()).isEqualTo(orderId);
			assertThat(event.data().path("value").path("amountMinor").asLong()).isEqualTo(500);
			assertLedgerMatchesBalance(member[0], 500);
		}
	}

	@Test
	void aReversedOrderGetsExactlyItsPointsBackAsLotsKeepingTheirExpiry() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				MEMBER_EVENTS)) {
			String[] member = member(0);
			adjust(member[0], 200, "old lot");
			adjust(member[0], 300, "new lot");
			Instant soon = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
			this.jdbc.update("update points_entry set expires_at = ? where member_id = ?::uuid and reason = 'old lot'",
					Timestamp.from(soon), member[0]);
			String orderId = "ORD-" + UUID.randomUUID();
			assertThat(redeem(orderId, member[0], 350, 100_000).status()).isEqualTo(201);
			assertThat(balance(member[1])).isEqualTo(150);

			MemberApi.Answer reversed = this.api
				.post("/internal/members/orders/" + orderId + "/points-redemption/reversal", "{}", this.orderFlow);
			assertThat(reversed.status()).as(reversed.body()).isEqualTo(200);
			assertThat(reversed.json().path("points").asLong()).isEqualTo(350);
			assertThat(this.api
				.post("/internal/members/orders/" + orderId + "/points-redemption/reversal", "{}", this.orderFlow)
				.json()
				.path("points")
				.asLong()).as("the same reversal, not a second one").isEqualTo(350);
			assertThat(balance(member[1])).as("exactly the points back").isEqualTo(500);
			assertThat(this.jdbc.queryForObject(
					"select remaining from points_entry where member_id = ?::uuid and kind = 'RESTORE' and expires_at = ?",
					Long.class, member[0], Timestamp.from(soon)))
				.as("the old lot's 200 come back with the old lot's expiry")
				.isEqualTo(200);
			assertLedgerMatchesBalance(member[0], 500);
			ReceivedEvent restored = events
				.await((e) -> e.type().equals("concord.member.PointsRestored") && member[0].equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(restored);
			assertThat(restored.data().path("points").asLong()).isEqualTo(350);

			// A reversal that finds nothing closes the order: a redemption still in
			// flight
			// cannot debit after its order was compensated.
			String compensated = "ORD-" + UUID.randomUUID();
			assertThat(this.api
				.post("/internal/members/orders/" + compensated + "/points-redemption/reversal", "{}", this.orderFlow)
				.status()).isEqualTo(404);
			MemberApi.Answer late = redeem(compensated, member[0], 100, 100_000);
			assertThat(late.status()).isEqualTo(409);
			assertThat(late.field("type")).isEqualTo("https://concord.dev/problems/order-points-closed");
			assertThat(balance(member[1])).isEqualTo(500);
		}
	}

	@Test
	void anOrderCancelledEventAloneRestoresThePoints() {
		String[] member = member(800);
		String orderId = "ORD-" + UUID.randomUUID();
		assertThat(redeem(orderId, member[0], 400, 100_000).status()).isEqualTo(201);
		OutgoingEvent cancelled = OutgoingEvent.of("concord.fulfillment.OrderCancelled", orderId, """
				{"orderId": "%s", "memberId": "%s", "cause": "CUSTOMER", "cancelledAt": "%s"}""".formatted(orderId,
				member[0], Instant.now()));
		EventFixtures.send(ORDER_EVENTS, cancelled);
		EventFixtures.send(ORDER_EVENTS,
				OutgoingEvent.of("concord.fulfillment.OrderCancelled", orderId, cancelled.dataJson()));
		await().atMost(Duration.ofSeconds(30)).until(() -> balance(member[1]) == 800);
		// Fulfillment's own reversal afterwards answers what the event did.
		MemberApi.Answer reversal = this.api.post("/internal/members/orders/" + orderId + "/points-redemption/reversal",
				"{}", this.orderFlow);
		assertThat(reversal.json().path("points").asLong()).isEqualTo(400);
		// A cancelled order that redeemed nothing is no concern of points.
		OutgoingEvent noPoints = OutgoingEvent.of("concord.fulfillment.OrderCancelled", "ORD-NONE", """
				{"orderId": "ORD-NONE", "memberId": "%s", "cause": "CUSTOMER", "cancelledAt": "%s"}"""
			.formatted(member[0], Instant.now()));
		EventFixtures.send(ORDER_EVENTS, noPoints);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from processed_event where handler = 'points-of-cancelled-orders' and event_id = ?",
					Integer.class, noPoints.id()) == 1);
		assertThat(this.jdbc.queryForObject("select count(*) from points_order_redemption where order_id = 'ORD-NONE'",
				Integer.class))
			.isZero();
		assertThat(balance(member[1])).as("restored once however often the event came").isEqualTo(800);
		assertLedgerMatchesBalance(member[0], 800);
	}

	@Test
	void returnsGiveBackPointsOncePerReturnAndNeverMoreThanWereRedeemed() {
		String[] member = member(1000);
		String orderId = "ORD-" + UUID.randomUUID();
		assertThat(redeem(orderId, member[0], 500, 100_000).status()).isEqualTo(201);
		String returns = "/internal/members/orders/" + orderId + "/points-redemption/returns";
		assertThat(this.api.post(returns, "{\"returnId\": \"RET-1\", \"points\": 200}", this.orderFlow)
			.json()
			.path("points")
			.asLong()).isEqualTo(200);
		assertThat(this.api.post(returns, "{\"returnId\": \"RET-1\", \"points\": 200}", this.orderFlow)
			.json()
			.path("points")
			.asLong()).as("once per return").isEqualTo(200);
		assertThat(balance(member[1])).isEqualTo(700);
		assertThat(this.api.post(returns, "{\"returnId\": \"RET-2\", \"points\": 400}", this.orderFlow)
			.json()
			.path("points")
			.asLong()).as("only what is left").isEqualTo(300);
		assertThat(this.api.post(returns, "{\"returnId\": \"RET-3\", \"points\": 1}", this.orderFlow)
			.json()
			.path("points")
			.asLong()).isZero();
		assertThat(this.api
			.post("/internal/members/orders/" + orderId + "/points-redemption/reversal", "{}", this.orderFlow)
			.json()
			.path("points")
			.asLong()).isZero();
		assertThat(balance(member[1])).as("never more than were redeemed").isEqualTo(1000);
		assertThat(this.api
			.post("/internal/members/orders/ORD-NONE-2/points-redemption/returns",
					"{\"returnId\": \"RET-1\", \"points\": 1}", this.orderFlow)
			.status()).isEqualTo(404);
		assertThat(this.api.post(returns, "{\"returnId\": \"RET-4\", \"points\": 0}", this.orderFlow).status())
			.isEqualTo(400);
		assertLedgerMatchesBalance(member[0], 1000);
	}

	private String[] member(long points) {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		if (points > 0) {
			adjust(member[0], points, "granted");
		}
		return member;
	}

	private void adjust(String memberId, long points, String reason) {
		assertThat(this.api
			.post("/admin/members/" + memberId + "/points/adjustments",
					"{\"points\": " + points + ", \"reason\": \"" + reason + "\"}", null)
			.status()).isEqualTo(200);
	}

	private MemberApi.Answer redeem(String orderId, String memberId, long points, long payableMinor) {
		return this.api.post("/internal/members/orders/" + orderId + "/points-redemption",
				redemption(memberId, points, payableMinor, "CNY"), this.orderFlow);
	}

	private static String redemption(String memberId, long points, long payableMinor, String currency) {
		return """
				{"memberId": "%s", "points": %d, "payableMinor": %d, "currency": "%s"}""".formatted(memberId, points,
				payableMinor, currency);
	}

	private long balance(String token) {
		return this.api.get("/api/members/me/points", token).json().path("balance").asLong();
	}

	private void assertLedgerMatchesBalance(String memberId, long balance) {
		assertThat(this.jdbc.queryForObject("select sum(points) from points_entry where member_id = ?::uuid",
				Long.class, memberId))
			.as("the balance is the ledger's sum")
			.isEqualTo(balance);
		assertThat(this.jdbc.queryForObject("select sum(remaining) from points_entry where member_id = ?::uuid",
				Long.class, memberId))
			.as("and exactly what is left of its lots")
			.isEqualTo(balance);
	}

}
