package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Points pay at checkout inside the placement saga (security review M10): redeemed
 * against the quote's payable, the payable reduced and spread over the lines, given back
 * on refusal, cancellation and per returned line, and resumable like every other step.
 */
class PointsAtCheckoutIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	private final PartnerStub partners = PartnerStub.get();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	@DisplayName("M10: points are redeemed only inside an order, capped on the server's payable (a forged total lifts nothing)")
	void m10_pointsAreRedeemedOnlyInsideAnOrderAgainstTheServerPayable() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC)) {
			UUID member = member(100_000);
			String jacket = product(29900);
			String socks = product(1500);
			// 29,900 + 3 x 1,500 - 1,000 (the stub's quote) + 1,000 shipping = 34,400:
			// points may pay 50 % = 17,200 (1 point a fen). The forged totals are not
			// ours.
			HttpResponse<String> placed = place(member, jacket, socks, 10_000,
					"\"orderTotal\": {\"amountMinor\": 10000000, \"currency\": \"CNY\"}, \"payableMinor\": 10000000,");
			assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
			JsonNode order = read(placed);
			String orderId = order.path("orderId").asString();
			assertThat(order.path("payableMinor").asLong()).as("what is left to pay in money").isEqualTo(24400);
			assertThat(order.path("pointsRedeemed").asLong()).isEqualTo(10_000);
			assertThat(order.path("pointsValueMinor").asLong()).isEqualTo(10_000);
			long spread = 0;
			for (JsonNode line : order.path("lines")) {
				spread += line.path("pointsValueMinor").asLong();
			}
			assertThat(spread).as("the lines carry exactly the points value").isEqualTo(10_000);
			// Net 28,900 and 4,500 of 33,400: 8,652.7 and 1,347.3, the spare fen to the
			// larger remainder.
			assertThat(pointsShare(order, jacket)).isEqualTo(8653);
			assertThat(pointsShare(order, socks)).isEqualTo(1347);
			assertThat(this.partners.pointsBalances.get(member.toString())).isEqualTo(90_000);
			assertThat(this.partners.count("POST /internal/members/orders/" + orderId + "/points-redemption"))
				.isEqualTo(1);
			ReceivedEvent orderPlaced = events
				.await((e) -> e.type().equals("concord.fulfillment.OrderPlaced") && orderId.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(orderPlaced);
			assertThat(orderPlaced.data().path("payable").path("amountMinor").asLong()).isEqualTo(24400);
			assertThat(orderPlaced.data().path("pointsValue").path("amountMinor").asLong()).isEqualTo(10_000);

			HttpResponse<String> tooMany = place(member, jacket, socks, 17_201,
					"\"orderTotal\": {\"amountMinor\": 10000000, \"currency\": \"CNY\"},");
			assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(422);
			assertThat(read(tooMany).path("type").asString())
				.isEqualTo("https://concord.dev/problems/points-limit-exceeded");
			assertThat(read(tooMany).path("maxPoints").asLong()).isEqualTo(17_200);
			String refused = read(tooMany).path("orderId").asString();
			assertThat(this.orders.get(refused).status()).isEqualTo(OrderStatus.REJECTED);
			assertThat(this.partners.reservations).containsEntry(refused, "RELEASED");
			assertThat(this.partners.promotions).containsEntry(refused, "RELEASED");
			assertThat(this.partners.pointsBalances.get(member.toString())).as("nothing debited").isEqualTo(90_000);

			UUID poor = member(500);
			HttpResponse<String> insufficient = place(poor, jacket, socks, 600, "");
			assertThat(insufficient.statusCode()).isEqualTo(422);
			assertThat(read(insufficient).path("type").asString())
				.isEqualTo("https://concord.dev/problems/insufficient-points");
			assertThat(this.partners.reservations).containsEntry(read(insufficient).path("orderId").asString(),
					"RELEASED");
			assertThat(call("POST", "/api/orders", TestIssuers.get().memberToken(poor), body(jacket, socks, -1, ""),
					"checkout-" + UUID.randomUUID())
				.statusCode()).isEqualTo(400);
		}
	}

	@Test
	void anOrderPaidPartlyWithPointsAndCancelledRestoresExactlyThePoints() {
		UUID member = member(20_000);
		String jacket = product(29900);
		String socks = product(1500);
		JsonNode order = read(place(member, jacket, socks, 15_000, ""));
		String orderId = order.path("orderId").asString();
		assertThat(this.partners.pointsBalances.get(member.toString())).isEqualTo(5_000);
		pay(orderId, order.path("payableMinor").asLong());
		HttpResponse<String> cancelled = call("POST", "/api/orders/" + orderId + "/cancellation",
				TestIssuers.get().memberToken(member), null, null);
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		JsonNode view = read(cancelled);
		assertThat(view.path("refundedMinor").asLong()).as("the money paid").isEqualTo(19400);
		assertThat(this.partners.pointsBalances.get(member.toString())).as("exactly the points back").isEqualTo(20_000);
		assertThat(this.orders.get(orderId).points().restored()).isEqualTo(15_000);

		// member-service down when the order is cancelled: the cancellation stands and
		// OrderCancelled brings the points back (member-service's consumer).
		JsonNode second = read(place(member, jacket, socks, 1_000, ""));
		this.partners.memberDown = true;
		try {
			HttpResponse<String> stillCancelled = call("POST",
					"/api/orders/" + second.path("orderId").asString() + "/cancellation",
					TestIssuers.get().memberToken(member), null, null);
			assertThat(stillCancelled.statusCode()).isEqualTo(200);
			assertThat(read(stillCancelled).path("status").asString()).isEqualTo("CANCELLED");
		}
		finally {
			this.partners.memberDown = false;
		}
		assertThat(this.orders.get(second.path("orderId").asString()).points().restored()).isZero();
	}

	@Test
	void aPartialReturnRefundsMoneyAndPointsPerLineNeverMoreThanPaid() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC)) {
			UUID member = member(10_000);
			String jacket = product(29900);
			String socks = product(1500);
			JsonNode order = read(place(member, jacket, socks, 10_000, ""));
			String orderId = order.path("orderId").asString();
			pay(orderId, order.path("payableMinor").asLong());
			for (String step : List.of("allocation", "shipment", "delivery")) {
				assertThat(call("POST", "/admin/fulfillment/orders/" + orderId + "/" + step, this.manager, null, null)
					.statusCode()).isEqualTo(200);
			}
			// Socks: net 4,500, of which points paid 1,347. Two of three back: the stub
			// refunds 3,000, of which floor(3,000 x 1,347 / 4,500) = 898 were points.
			JsonNode first = returnAndReceive(member, orderId, socks, 2);
			assertThat(first.path("refundMinor").asLong()).isEqualTo(2102);
			assertThat(first.path("pointsValueMinor").asLong()).isEqualTo(898);
			assertThat(first.path("pointsRestored").asLong()).isEqualTo(898);
			assertThat(this.partners.pointsRestored.get(orderId)).isEqualTo(898);
			ReceivedEvent returned = events
				.await((e) -> e.type().equals("concord.fulfillment.OrderReturned") && orderId.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(returned);
			assertThat(returned.data().path("refundedAmount").path("amountMinor").asLong()).as("the money part")
				.isEqualTo(2102);
			assertThat(returned.data().path("pointsRestored").asLong()).isEqualTo(898);

			// The last sock: 1,500 back, the rest of the points part (1,347 - 898 = 449).
			JsonNode last = returnAndReceive(member, orderId, socks, 1);
			assertThat(last.path("refundMinor").asLong()).isEqualTo(1051);
			assertThat(last.path("pointsRestored").asLong()).isEqualTo(449);
			assertThat(2102 + 1051).as("the socks' money, exactly").isEqualTo(4500 - 1347);
			Orders.Order after = this.orders.get(orderId);
			assertThat(after.refundedMinor()).isEqualTo(3153);
			assertThat(after.points().restored()).as("the socks' points, exactly").isEqualTo(1347);
			assertThat(this.partners.pointsBalances.get(member.toString())).isEqualTo(1347);
		}
	}

	@Test
	void aPlacementCrashedAfterThePointsStepResumesWithoutASecondDebit() {
		UUID member = member(5_000);
		String sku = product(9900);
		CRASH_AT.set("POINTS_REDEEMED");
		assertThatThrownBy(() -> this.placement.place(member, "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, 1)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, true, 2_000)))
			.isInstanceOf(TestCheckpoints.SimulatedCrash.class);
		String interrupted = this.jdbc.queryForObject(
				"select order_id from customer_order where member_id = ? and status = 'PLACING'", String.class, member);
		assertThat(this.orders.get(interrupted).sagaStep()).isEqualTo(PlacementStep.POINTS_REDEEMED);
		this.placement
			.recover(new OrderPlacement.Recovery(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)));
		Orders.Order resumed = this.orders.get(interrupted);
		assertThat(resumed.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		// 9,900 - 1,000 + 1,000 = 9,900; 2,000 of it in points.
		assertThat(resumed.payableMinor()).isEqualTo(7900);
		assertThat(resumed.points().redeemed()).isEqualTo(2_000);
		assertThat(this.partners.count("POST /internal/members/orders/" + interrupted + "/points-redemption"))
			.as("the points step was not repeated")
			.isEqualTo(1);
		assertThat(this.partners.pointsBalances.get(member.toString())).as("debited once").isEqualTo(3_000);
	}

	@Test
	void anOutageOfMemberServiceDuringPlacementIsAResumable503() {
		UUID member = member(5_000);
		String jacket = product(29900);
		String socks = product(1500);
		String key = "checkout-" + UUID.randomUUID();
		this.partners.memberDown = true;
		HttpResponse<String> unavailable;
		try {
			unavailable = call("POST", "/api/orders", TestIssuers.get().memberToken(member),
					body(jacket, socks, 3_000, ""), key);
		}
		finally {
			this.partners.memberDown = false;
		}
		assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
		assertThat(unavailable.body()).contains("order-placement-unavailable");
		String orderId = read(unavailable).path("orderId").asString();
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.PLACING);
		assertThat(this.partners.pointsBalances.get(member.toString())).isEqualTo(5_000);

		HttpResponse<String> retried = call("POST", "/api/orders", TestIssuers.get().memberToken(member),
				body(jacket, socks, 3_000, ""), key);
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		assertThat(read(retried).path("orderId").asString()).isEqualTo(orderId);
		assertThat(read(retried).path("pointsRedeemed").asLong()).isEqualTo(3_000);
		assertThat(this.partners.pointsBalances.get(member.toString())).isEqualTo(2_000);
	}

	private UUID member(long points) {
		UUID member = UUID.randomUUID();
		this.partners.pointsBalances.put(member.toString(), points);
		return member;
	}

	private HttpResponse<String> place(UUID member, String jacket, String socks, long points, String extra) {
		return call("POST", "/api/orders", TestIssuers.get().memberToken(member), body(jacket, socks, points, extra),
				"checkout-" + UUID.randomUUID());
	}

	private static String body(String jacket, String socks, long points, String extra) {
		return """
				{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 3}], %s
				 "pointsToRedeem": %d,
				 "shippingAddress": {"name": "Ada", "phone": "+8613900000000", "region": "CN-SH",
				   "city": "Shanghai", "line1": "1 Bund"}}""".formatted(jacket, socks, extra, points);
	}

	private static long pointsShare(JsonNode order, String sku) {
		for (JsonNode line : order.path("lines")) {
			if (line.path("sku").asString().equals(sku)) {
				return line.path("pointsValueMinor").asLong();
			}
		}
		throw new AssertionError("no line " + sku);
	}

	private void pay(String orderId, long amount) {
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(orderId, orderId, amount);
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(read(paid).path("outcome").asString()).as(paid.body()).isEqualTo("APPLIED");
	}

	private JsonNode returnAndReceive(UUID member, String orderId, String sku, int quantity) {
		HttpResponse<String> requested = call("POST", "/api/returns", TestIssuers.get().memberToken(member), """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": %d}]}""".formatted(orderId, sku, quantity),
				"return-" + UUID.randomUUID());
		assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
		HttpResponse<String> receipt = call("POST",
				"/admin/fulfillment/returns/" + read(requested).path("returnId").asString() + "/receipt", this.manager,
				null, null);
		assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
		return read(receipt);
	}

	private HttpResponse<String> call(String method, String path, String token, String json, String key) {
		return (key != null) ? TestHttp.call(base(), method, path, token, json, Map.of("Idempotency-Key", key))
				: TestHttp.call(base(), method, path, token, json);
	}

	private String product(long price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", price, "CNY", false, null));
		return sku;
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
