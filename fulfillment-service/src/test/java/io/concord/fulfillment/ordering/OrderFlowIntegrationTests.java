package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import io.concord.platform.web.ProblemException;
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
 * The order flow on PostgreSQL and Kafka: placement with each failing step compensated, a
 * crash between steps recovered, signed and replay-safe payment, the lifecycle to
 * delivery, cancellation, unpaid expiry and partial returns, with every event checked
 * against its contract.
 */
class OrderFlowIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SECRET = PAYMENT_SECRET;

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	OrderLifecycle lifecycle;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	private final PartnerStub partners = PartnerStub.get();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void anOrderGoesFromPlacementToDeliveryAndAPartialReturnRefundsItsAllocation() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC)) {
			UUID member = UUID.randomUUID();
			String member1 = TestIssuers.get().memberToken(member);
			double placedBefore = count("concord.orders.placed", "channel", "APP");
			double deliveredBefore = count("concord.orders.delivered", "within_72h", "true");
			String jacket = product(29900);
			String socks = product(1500);
			HttpResponse<String> placed = call("POST", "/api/orders", member1, """
					{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 3}],
					 "shippingAddress": {"name": "Ada", "phone": "+8613900000000", "region": "CN-SH",
					   "city": "Shanghai", "line1": "1 Bund"}}""".formatted(jacket, socks));
			assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
			JsonNode order = read(placed);
			String orderId = order.path("orderId").asString();
			assertThat(order.path("status").asString()).isEqualTo("PENDING_PAYMENT");
			// 29,900 + 3 × 1,500 = 34,400, 1,000 off (the stub's quote), 1,000 shipping.
			assertThat(order.path("payableMinor").asLong()).isEqualTo(34400);
			assertThat(this.partners.reservations).containsEntry(orderId, "RESERVED");
			assertThat(this.partners.promotions).containsEntry(orderId, "LOCKED");
			assertThat(call("GET", "/api/orders/" + orderId, TestIssuers.get().memberToken(UUID.randomUUID()), null)
				.statusCode()).as("another member's order does not exist for them").isEqualTo(404);

			assertThat(callback(PAYMENT_PROVIDER, orderId, "TXN-" + orderId, 34400, "WRONG-SECRET").statusCode())
				.isEqualTo(401);
			HttpResponse<String> paid = callback(PAYMENT_PROVIDER, orderId, "TXN-" + orderId, 34400, SECRET);
			assertThat(read(paid).path("outcome").asString()).isEqualTo("APPLIED");
			assertThat(read(callback(PAYMENT_PROVIDER, orderId, "TXN-" + orderId, 34400, SECRET)).path("duplicate")
				.asBoolean()).isTrue();
			assertThat(this.partners.reservations).containsEntry(orderId, "CONFIRMED");
			assertThat(this.partners.promotions).containsEntry(orderId, "REDEEMED");

			for (String step : List.of("allocation", "shipment", "delivery")) {
				HttpResponse<String> moved = call("POST", "/admin/fulfillment/orders/" + orderId + "/" + step, manager,
						null);
				assertThat(moved.statusCode()).as(step + " " + moved.body()).isEqualTo(200);
			}
			assertThat(count("concord.orders.placed", "channel", "APP") - placedBefore).isEqualTo(1);
			assertThat(count("concord.orders.delivered", "within_72h", "true") - deliveredBefore)
				.as("delivered within 72 hours of payment")
				.isEqualTo(1);
			HttpResponse<String> late = call("POST", "/api/orders/" + orderId + "/cancellation", member1, null);
			assertThat(late.statusCode()).isEqualTo(409);
			assertThat(late.body()).contains("invalid-transition");

			HttpResponse<String> requested = call("POST", "/api/returns", member1,
					"""
							{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 2}], "reason": "too big, and the colour is not what the livestream showed at all"}"""
						.formatted(orderId, socks));
			assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
			String returnId = read(requested).path("returnId").asString();
			assertThat(call("POST", "/api/returns", member1, """
					{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(orderId, socks))
				.statusCode()).as("one open return at a time").isEqualTo(409);
			HttpResponse<String> receipt = call("POST", "/admin/fulfillment/returns/" + returnId + "/receipt", manager,
					null);
			assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
			JsonNode received = read(receipt);
			// Socks carried no discount in the stub's quote: 2 × 1,500 back.
			assertThat(received.path("refundMinor").asLong()).isEqualTo(3000);
			Orders.Order after = this.orders.get(orderId);
			assertThat(after.status()).as("one sock and the jacket are kept").isEqualTo(OrderStatus.DELIVERED);
			assertThat(after.refundedMinor()).isEqualTo(3000);

			for (String type : List.of("OrderPlaced", "OrderPaid", "OrderShipped", "OrderDelivered", "OrderReturned")) {
				List<ReceivedEvent> found = events
					.await((e) -> e.type().equals("concord.fulfillment." + type) && orderId.equals(e.subject()), 1);
				found.forEach(EventContracts::assertConforms);
			}
			EventContracts.assertConforms(events
				.await((e) -> e.type().equals("concord.fulfillment.GoodsReceived") && returnId.equals(e.subject()), 1)
				.get(0));
			assertThat(
					this.jdbc.queryForObject("select count(*) from payment where order_id = ?", Integer.class, orderId))
				.isEqualTo(1);
		}
	}

	@Test
	void aShortLineRejectsTheOrderNamingItAndNothingStaysHeld() {
		String sku = product(9900);
		this.partners.refuse.put(sku, "SHORT");
		HttpResponse<String> refused = call("POST", "/api/orders", TestIssuers.get().memberToken(UUID.randomUUID()),
				order(sku, null));
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("insufficient-stock", "shortLines", sku, "orderId");
		String orderId = read(refused).path("orderId").asString();
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(this.partners.count("POST /internal/promotions/orders " + orderId)).as("no coupon locked").isZero();
		assertThat(this.partners.promotions).doesNotContainKey(orderId);
	}

	@Test
	void anInvalidCouponReleasesTheReservedStockAndNamesTheCoupon() {
		String sku = product(9900);
		UUID coupon = UUID.randomUUID();
		this.partners.refuse.put(coupon.toString(), "INVALID");
		HttpResponse<String> refused = call("POST", "/api/orders", TestIssuers.get().memberToken(UUID.randomUUID()),
				order(sku, coupon));
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("coupon-not-applicable", coupon.toString());
		String orderId = read(refused).path("orderId").asString();
		assertThat(this.partners.reservations).containsEntry(orderId, "RELEASED");
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.REJECTED);
	}

	@Test
	void anOutageLeavesNothingChargedAndTheRecoveryFinishesOrCompensates() {
		String sku = product(9900);
		UUID member = UUID.randomUUID();
		CRASH_AT.set("STOCK_RESERVED");
		assertThatThrownBy(() -> this.placement.place(member, "checkout-" + UUID.randomUUID(), command(sku, null)))
			.isInstanceOf(TestCheckpoints.SimulatedCrash.class);
		String interrupted = this.jdbc.queryForObject(
				"select order_id from customer_order where member_id = ? and status = 'PLACING'", String.class, member);
		assertThat(this.orders.get(interrupted).sagaStep()).isEqualTo(PlacementStep.STOCK_RESERVED);
		assertThat(this.partners.reservations).containsEntry(interrupted, "RESERVED");

		this.placement
			.recover(new OrderPlacement.Recovery(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)));
		assertThat(this.orders.get(interrupted).status()).as("resumed from its step")
			.isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(this.partners.count("POST /internal/inventory/reservations " + interrupted))
			.as("the stock step was not repeated")
			.isEqualTo(1);

		UUID other = UUID.randomUUID();
		UUID badCoupon = UUID.randomUUID();
		this.partners.refuse.put(badCoupon.toString(), "INVALID");
		CRASH_AT.set("STOCK_RESERVED");
		assertThatThrownBy(() -> this.placement.place(other, "checkout-" + UUID.randomUUID(), command(sku, badCoupon)))
			.isInstanceOf(TestCheckpoints.SimulatedCrash.class);
		String doomed = this.jdbc.queryForObject(
				"select order_id from customer_order where member_id = ? and status = 'PLACING'", String.class, other);
		this.placement
			.recover(new OrderPlacement.Recovery(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)));
		assertThat(this.orders.get(doomed).status()).as("compensated when it cannot finish")
			.isEqualTo(OrderStatus.REJECTED);
		assertThat(this.partners.reservations).containsEntry(doomed, "RELEASED");
	}

	@Test
	@DisplayName("H2: a checkout answered 503 and retried with its key is one order; one not retried is released")
	void h2_aCheckoutRetriedAfterAnOutageIsOneOrderAndAnAbandonedOneIsReleased() {
		String sku = product(9900);
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		String key = "checkout-" + UUID.randomUUID();
		this.partners.refuse.put(sku, "DOWN");
		HttpResponse<String> unavailable = TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", key));
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.body()).contains("order-placement-unavailable", "orderId", "same Idempotency-Key");
		String orderId = read(unavailable).path("orderId").asString();
		assertThat(this.partners.count("POST /internal/inventory/reservations " + orderId))
			.as("an idempotent call is retried once, not more")
			.isEqualTo(2);
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.PLACING);

		this.partners.refuse.remove(sku);
		HttpResponse<String> retried = TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", key));
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		assertThat(read(retried).path("orderId").asString()).as("the same checkout's order").isEqualTo(orderId);
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		this.placement.recover(new OrderPlacement.Recovery(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10)));
		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where member_id = ?", Integer.class,
				member))
			.as("one checkout, one order, whatever the recovery job does")
			.isEqualTo(1);

		// A checkout answered 503 and never retried does not hold stock for long.
		String abandonedKey = "checkout-" + UUID.randomUUID();
		this.partners.refuse.put(sku, "DOWN");
		String abandoned = read(TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", abandonedKey)))
			.path("orderId")
			.asString();
		this.partners.refuse.remove(sku);
		this.placement
			.recover(new OrderPlacement.Recovery(Duration.ofMinutes(10), Duration.ZERO, Duration.ofMinutes(10)));
		assertThat(this.orders.get(abandoned).status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(this.partners.reservations.getOrDefault(abandoned, "RELEASED")).isEqualTo("RELEASED");
		HttpResponse<String> late = TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", abandonedKey));
		assertThat(late.statusCode()).isEqualTo(409);
		assertThat(late.body()).contains("order-placement-interrupted", abandoned);
	}

	@Test
	@DisplayName("M6: a partner that says it is saturated is not retried (retries never pile onto a busy service)")
	void m6_aSaturatedPartnerIsNotRetried() {
		String sku = product(9900);
		this.partners.refuse.put(sku, "BUSY");
		HttpResponse<String> busy = call("POST", "/api/orders", TestIssuers.get().memberToken(UUID.randomUUID()),
				order(sku, null));
		assertThat(busy.statusCode()).isEqualTo(503);
		String orderId = read(busy).path("orderId").asString();
		assertThat(this.partners.count("POST /internal/inventory/reservations " + orderId)).isEqualTo(1);
		this.partners.refuse.remove(sku);
	}

	@Test
	@DisplayName("M7: a checkout whose instance crashed mid-placement is taken over by its retry and answered once")
	void m7_aRetryTakesOverAPlacementWhoseInstanceIsGone() {
		String sku = product(9900);
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		String key = "checkout-" + UUID.randomUUID();
		CRASH_AT.set("STOCK_RESERVED");
		HttpResponse<String> crashed = TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", key));
		assertThat(crashed.statusCode()).isEqualTo(500);
		String orderId = this.jdbc.queryForObject(
				"select order_id from customer_order where member_id = ? and status = 'PLACING'", String.class, member);
		// The instance that placed it died: its heartbeat is gone.
		UUID gone = UUID.randomUUID();
		this.jdbc.update("update customer_order set placing_owner = ? where order_id = ?", gone, orderId);
		HttpResponse<String> retried = TestHttp.call(base(), "POST", "/api/orders", token, order(sku, null),
				Map.of("Idempotency-Key", key));
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		assertThat(read(retried).path("orderId").asString()).isEqualTo(orderId);
		assertThat(this.partners.count("POST /internal/inventory/reservations " + orderId))
			.as("resumed from its step, the stock call not repeated")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where member_id = ?", Integer.class,
				member))
			.isEqualTo(1);
	}

	@Test
	void unpaidOrdersExpireAndPaidOnesCancelledBeforeShipmentAreRefunded() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC)) {
			String sku = product(5000);
			double timeoutsBefore = count("concord.orders.cancelled", "cause", "PAYMENT_TIMEOUT");
			double customerBefore = count("concord.orders.cancelled", "cause", "CUSTOMER");
			Orders.Order unpaid = this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
					command(sku, null));
			this.jdbc.update(
					"update customer_order set payment_due_at = now() - interval '1 second' where order_id = ?",
					unpaid.orderId());
			assertThat(this.lifecycle.expireUnpaid(100)).isPositive();
			Orders.Order expired = this.orders.get(unpaid.orderId());
			assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(expired.cancelCause()).isEqualTo("PAYMENT_TIMEOUT");
			ReceivedEvent cancelled = events
				.await((e) -> e.type().equals("concord.fulfillment.OrderCancelled")
						&& unpaid.orderId().equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(cancelled);
			assertThat(cancelled.data().path("cause").asString()).isEqualTo("PAYMENT_TIMEOUT");
			assertThat(read(callback(PAYMENT_PROVIDER, unpaid.orderId(), "LATE-" + unpaid.orderId(),
					unpaid.payableMinor(), SECRET))
				.path("outcome")
				.asString()).as("a payment after expiry is kept as a refund due").isEqualTo("REFUND_DUE");
			// M2: nobody was told before; now finance gets an event and ops a list.
			ReceivedEvent refundDue = events
				.await((e) -> e.type().equals("concord.fulfillment.PaymentRefundDue")
						&& unpaid.orderId().equals(e.data().path("orderId").asString()), 1)
				.get(0);
			EventContracts.assertConforms(refundDue);
			assertThat(refundDue.data().path("reason").asString()).isEqualTo("ORDER_NOT_PAYABLE");
			String ops = TestIssuers.get().staffToken("ops-lead", "ops-manager");
			JsonNode attention = read(call("GET", "/admin/fulfillment/payments?outcome=REFUND_DUE", ops, null));
			assertThat(attention.findValuesAsString("orderId")).contains(unpaid.orderId());
			HttpResponse<String> resolved = call("POST",
					"/admin/fulfillment/payments/" + PAYMENT_PROVIDER + "/LATE-" + unpaid.orderId() + "/resolution",
					ops, "{\"resolution\": \"refunded through the provider console\"}");
			assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
			assertThat(read(call("GET", "/admin/fulfillment/payments?outcome=REFUND_DUE", ops, null))
				.findValuesAsString("orderId")).doesNotContain(unpaid.orderId());

			UUID member = UUID.randomUUID();
			Orders.Order order = this.placement.place(member, "checkout-" + UUID.randomUUID(), command(sku, null));
			callback(PAYMENT_PROVIDER, order.orderId(), "TXN-" + order.orderId(), order.payableMinor(), SECRET);
			Orders.Order cancelledPaid = this.lifecycle.cancel(order.orderId(), member, "CUSTOMER");
			assertThat(cancelledPaid.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(cancelledPaid.refundedMinor()).isEqualTo(order.payableMinor());
			assertThat(count("concord.orders.cancelled", "cause", "PAYMENT_TIMEOUT") - timeoutsBefore).isEqualTo(1);
			assertThat(count("concord.orders.cancelled", "cause", "CUSTOMER") - customerBefore).isEqualTo(1);
		}
	}

	@Test
	void aPaymentCallbackDeliveredManyTimesAtOncePaysOnce() throws Exception {
		Orders.Order order = this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
				command(product(7700), null));
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return callback(PAYMENT_PROVIDER, order.orderId(), "TXN-" + order.orderId(), order.payableMinor(),
							SECRET);
				}));
			}
			start.countDown();
			long applied = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				JsonNode outcome = read(response);
				assertThat(outcome.path("outcome").asString()).as(response.body()).isEqualTo("APPLIED");
				applied += outcome.path("duplicate").asBoolean() ? 0 : 1;
			}
			assertThat(applied).isEqualTo(1);
		}
		assertThat(
				this.jdbc.queryForObject("select count(*) from order_transition where order_id = ? and action = 'PAY'",
						Integer.class, order.orderId()))
			.isEqualTo(1);
	}

	@Test
	void badInputIsAnsweredWithProblems() {
		String token = TestIssuers.get().memberToken(UUID.randomUUID());
		assertThat(call("POST", "/api/orders", token, "{\"channel\": \"APP\", \"lines\": []}").statusCode())
			.isEqualTo(400);
		HttpResponse<String> unknown = call("POST", "/api/orders", token, order("NO-SUCH-SKU", null));
		assertThat(unknown.statusCode()).isEqualTo(422);
		assertThat(unknown.body()).contains("unknown-product");
		assertThat(TestHttp.call(base(), "POST", "/webhooks/payments/nobody", null, "{}").statusCode()).isEqualTo(404);
		assertThat(call("POST", "/admin/fulfillment/orders/ORD-NONE/shipment", manager, null).statusCode())
			.isEqualTo(404);
		assertThat(call("POST", "/api/orders", null, order("X", null)).statusCode()).isEqualTo(401);
		assertThatThrownBy(() -> this.lifecycle.ship("ORD-NONE")).isInstanceOf(ProblemException.NotFound.class);
	}

	@Test
	@DisplayName("M8: an app member ordering on the livestream is refused before any stock or promotion is touched")
	void m8_anAppMemberCannotOrderOnTheLivestreamChannel() {
		String sku = product(19900);
		UUID member = UUID.randomUUID();
		String app = TestIssuers.get().memberToken(member, "APP");
		long reservationsBefore = reservationCalls();
		HttpResponse<String> refused = call("POST", "/api/orders", app,
				order(sku, null).replace("\"APP\"", "\"LIVESTREAM\""));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(JSON.readTree(refused.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/channel-not-permitted");
		assertThat(reservationCalls()).as("no reservation was asked for, so no livestream ring-fence was drawn")
			.isEqualTo(reservationsBefore);
		assertThat(this.orders.ofMember(member)).isEmpty();
	}

	private long reservationCalls() {
		return this.partners.calls.stream()
			.filter((call) -> call.startsWith("POST /internal/inventory/reservations "))
			.count();
	}

	@Test
	@DisplayName("M8: without a channel in the body the order sells on the member's token's channel, all the way to the partners")
	void m8_anOrderWithoutAChannelTakesTheTokens() {
		String sku = product(19900);
		String livestream = TestIssuers.get().memberToken(UUID.randomUUID(), "LIVESTREAM");
		HttpResponse<String> placed = call("POST", "/api/orders", livestream,
				order(sku, null).replace("\"channel\": \"APP\", ", ""));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode order = JSON.readTree(placed.body());
		assertThat(order.path("channel").asString()).isEqualTo("LIVESTREAM");
		String orderId = order.path("orderId").asString();
		assertThat(this.partners.reservationRequests.get(orderId).path("channel").asString()).isEqualTo("LIVESTREAM");
		assertThat(this.partners.lockedCarts.get(orderId).path("channel").asString()).isEqualTo("LIVESTREAM");

		String app = TestIssuers.get().memberToken(UUID.randomUUID(), "APP");
		HttpResponse<String> named = call("POST", "/api/orders", app, order(sku, null));
		assertThat(named.statusCode()).as("naming the token's own channel is fine").isEqualTo(201);
		assertThat(JSON.readTree(named.body()).path("channel").asString()).isEqualTo("APP");
	}

	private String product(long price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", price, "CNY", false, null));
		return sku;
	}

	private static OrderPlacement.PlaceOrder command(String sku, UUID coupon) {
		return new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, 1)),
				JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH",
				(coupon != null) ? List.of(coupon) : null, false, 0);
	}

	private static String order(String sku, UUID coupon) {
		return """
				{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}], %s
				 "shippingAddress": {"name": "Ada", "phone": "+8613900000000", "city": "Shanghai", "line1": "1 Bund"}}"""
			.formatted(sku, (coupon != null) ? "\"couponIds\": [\"" + coupon + "\"]," : "");
	}

	private HttpResponse<String> callback(String provider, String orderId, String transactionId, long amount,
			String secret) {
		String body = """
				{"transactionId": "%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(transactionId, orderId, amount);
		return SignedCallbacks.post(base(), "/webhooks/payments/" + provider, body, secret);
	}

	private HttpResponse<String> call(String method, String path, String token, String json) {
		return TestHttp.call(base(), method, path, token, json);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	/** A counter's count so far (0 before it first counts). */
	private double count(String name, String tag, String value) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
