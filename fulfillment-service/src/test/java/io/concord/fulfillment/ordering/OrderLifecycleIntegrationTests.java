package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An order through its lifecycle at the package's edge (HTTP, PostgreSQL, the partner
 * stub): actions the state table refuses answer 409 and change nothing, the payment
 * deadline and the delivery promise come from their policies, and returns are refunded at
 * what was paid or rejected, once.
 */
class OrderLifecycleIntegrationTests extends FulfillmentIntegrationTest {

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
	OrderPolicy policy;

	@Autowired
	OrderSla.Policy promise;

	@Autowired
	JdbcTemplate jdbc;

	private final PartnerStub partners = PartnerStub.get();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void actionsTheStateTableRefusesAnswer409AndLeaveTheOrderAsItWas() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		Placed order = place(member, 1);
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);

		for (String step : List.of("allocation", "shipment", "delivery")) {
			HttpResponse<String> refused = ops("POST", "/admin/fulfillment/orders/" + order.orderId() + "/" + step);
			assertThat(refused.statusCode()).as(step + ": " + refused.body()).isEqualTo(409);
			JsonNode problem = JSON.readTree(refused.body());
			assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/invalid-transition");
			assertThat(problem.path("status").asString()).isEqualTo("PENDING_PAYMENT");
		}
		HttpResponse<String> returnTooEarly = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(order.orderId(), order.sku()));
		assertThat(returnTooEarly.statusCode()).as(returnTooEarly.body()).isEqualTo(409);
		assertThat(JSON.readTree(returnTooEarly.body()).path("action").asString()).isEqualTo("REQUEST_RETURN");
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(this.orders.history(order.orderId())).extracting(Orders.Transition::action).containsExactly("PLACE");

		pay(order);
		assertThat(ops("POST", "/admin/fulfillment/orders/" + order.orderId() + "/shipment").statusCode())
			.isEqualTo(200);
		HttpResponse<String> lateCancel = TestHttp.call(base(), "POST",
				"/api/orders/" + order.orderId() + "/cancellation", token, null);
		assertThat(lateCancel.statusCode()).as("a shipped order is not cancelled").isEqualTo(409);
		assertThat(JSON.readTree(lateCancel.body()).path("action").asString()).isEqualTo("CANCEL");
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(this.orders.history(order.orderId())).extracting(Orders.Transition::to)
			.containsExactly(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.ALLOCATED, OrderStatus.SHIPPED);
	}

	@Test
	void paymentIsDueAfterTheChannelsWindowWhileInventoryStillHoldsTheStock() {
		Instant before = Instant.now();
		Placed placed = place(UUID.randomUUID(), 1);
		Orders.Order order = this.orders.get(placed.orderId());

		assertThat(this.partners.reservationRequests.get(order.orderId()).path("holdMinutes").asLong())
			.isEqualTo(this.policy.stockHoldFor("APP").toMinutes());
		assertThat(order.reservationExpiresAt()).isNotNull();
		assertThat(order.paymentDueAt()).isNotNull()
			.isBeforeOrEqualTo(order.reservationExpiresAt().minus(OrderPolicy.HOLD_MARGIN))
			.isBeforeOrEqualTo(Instant.now().plus(this.policy.paymentWindowFor("APP")))
			.isAfterOrEqualTo(before.plus(this.policy.paymentWindowFor("APP")).minusSeconds(5));
	}

	@Test
	void aPaidOrderIsPromisedDispatchAndDeliveryByTheSlaPolicy() {
		Placed placed = place(UUID.randomUUID(), 1);
		pay(placed);
		Orders.Order order = this.orders.get(placed.orderId());

		// Promised from the moment the payment was applied (paid_at is stamped by the
		// same transaction, a moment apart).
		assertThat(order.paidAt()).isNotNull();
		assertThat(order.promisedDispatchBy()).isCloseTo(this.promise.dispatchBy(order.paidAt()), within(1, SECONDS));
		assertThat(order.promisedDeliveryBy())
			.isCloseTo(this.promise.deliveryBy("APP", order.paidAt()), within(1, SECONDS))
			.isCloseTo(order.paidAt().plus(Duration.ofHours(72)), within(1, SECONDS));
	}

	@Test
	void aReturnIsRefundedAtWhatTheUnitsWerePaidOnceOrRejectedAfterInspection() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		Placed order = place(member, 3);
		pay(order);
		ops("POST", "/admin/fulfillment/orders/" + order.orderId() + "/shipment");
		assertThat(ops("POST", "/admin/fulfillment/orders/" + order.orderId() + "/delivery").statusCode())
			.isEqualTo(200);

		HttpResponse<String> requested = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}], "reason": "Too small"}"""
			.formatted(order.orderId(), order.sku()));
		assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
		String returnId = JSON.readTree(requested.body()).path("returnId").asString();
		assertThat(requested.headers().firstValue("Location")).hasValue("/api/returns/" + returnId);
		assertThat(JSON.readTree(requested.body()).path("status").asString()).isEqualTo("REQUESTED");
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.RETURN_REQUESTED);
		HttpResponse<String> second = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(order.orderId(), order.sku()));
		assertThat(second.statusCode()).as("one open return per order").isEqualTo(409);
		assertThat(TestHttp
			.call(base(), "GET", "/api/returns/" + returnId, TestIssuers.get().memberToken(UUID.randomUUID()), null)
			.statusCode()).as("another member's return").isEqualTo(404);

		HttpResponse<String> received = ops("POST", "/admin/fulfillment/returns/" + returnId + "/receipt");
		assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
		// 3 x 1,500 less the stub's 1,000 off the line is 3,500 paid: one unit refunds a
		// third, rounded down.
		assertThat(JSON.readTree(received.body()).path("status").asString()).isEqualTo("RETURNED");
		assertThat(JSON.readTree(received.body()).path("refundMinor").asLong()).isEqualTo(1166);
		assertThat(ops("POST", "/admin/fulfillment/returns/" + returnId + "/receipt").body()).as("received once")
			.isEqualTo(received.body());
		Orders.Order partly = this.orders.get(order.orderId());
		assertThat(partly.status()).as("units are left to return").isEqualTo(OrderStatus.DELIVERED);
		assertThat(partly.refundedMinor()).isEqualTo(1166);
		assertThat(partly.lines().get(0).returnedQuantity()).isEqualTo(1);
		assertThat(this.partners.count("POST /internal/promotions/orders/" + order.orderId() + "/returns"))
			.isEqualTo(1);

		HttpResponse<String> rest = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 2}]}""".formatted(order.orderId(), order.sku()));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
		String rejectedId = JSON.readTree(rest.body()).path("returnId").asString();
		HttpResponse<String> rejected = ops("POST", "/admin/fulfillment/returns/" + rejectedId + "/rejection",
				"{\"reason\": \"Worn, tags removed\"}");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
		assertThat(JSON.readTree(rejected.body()).path("status").asString()).isEqualTo("REJECTED");
		assertThat(JSON.readTree(rejected.body()).path("refundMinor").isNull()).isTrue();
		Orders.Order after = this.orders.get(order.orderId());
		assertThat(after.status()).isEqualTo(OrderStatus.DELIVERED);
		assertThat(after.refundedMinor()).as("nothing refunded for a rejected return").isEqualTo(1166);
		assertThat(after.lines().get(0).returnedQuantity()).isEqualTo(1);
		assertThat(this.orders.history(order.orderId())).extracting(Orders.Transition::action)
			.endsWith("REQUEST_RETURN", "COMPLETE_PARTIAL_RETURN", "REQUEST_RETURN", "REJECT_RETURN");
	}

	record Placed(String orderId, String sku, long payableMinor) {
	}

	private Placed place(UUID member, int quantity) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 1500, "CNY", false, null));
		Orders.Order order = this.placement.place(member, "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, quantity)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
		return new Placed(order.orderId(), sku, order.payableMinor());
	}

	private void pay(Placed order) {
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(order.orderId(), order.orderId(), order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.ALLOCATED);
	}

	private HttpResponse<String> ops(String method, String path) {
		return ops(method, path, null);
	}

	private HttpResponse<String> ops(String method, String path, String body) {
		return TestHttp.call(base(), method, path, this.manager, body);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
