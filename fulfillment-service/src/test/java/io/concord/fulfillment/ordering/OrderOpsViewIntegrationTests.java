package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What ops see of an order (the ops console's order screens): the placement saga's
 * history step by step with its time and outcome (refusals and resumptions included), the
 * payments, the delivery promise; and the order search by channel, member and placed
 * time, newest first.
 */
class OrderOpsViewIntegrationTests extends FulfillmentIntegrationTest {

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

	private final String viewer = TestIssuers.get().staffToken("ops-viewer-1", "ops-viewer");

	@Test
	void opsSeeEachPlacementStepWithItsTimeThePaymentAndThe72HourPromise() {
		Instant before = Instant.now();
		Orders.Order placed = place(UUID.randomUUID(), product(), "APP");
		pay(placed);

		JsonNode view = get("/admin/fulfillment/orders/" + placed.orderId());
		assertThat(steps(view)).containsExactly("NEW COMPLETED", "STOCK_RESERVED COMPLETED",
				"PROMOTIONS_LOCKED COMPLETED", "DONE COMPLETED");
		Instant previous = before.minusSeconds(1);
		for (JsonNode step : view.path("placement")) {
			Instant at = Instant.parse(step.path("at").asString());
			assertThat(at).as("in the order they happened").isAfterOrEqualTo(previous);
			previous = at;
		}
		assertThat(view.path("sagaStep").asString()).isEqualTo("DONE");
		assertThat(view.path("payments")).hasSize(1);
		assertThat(view.path("payments").get(0).path("outcome").asString()).isEqualTo("APPLIED");
		assertThat(view.path("payments").get(0).path("amountMinor").asLong()).isEqualTo(placed.payableMinor());
		Instant paidAt = Instant.parse(view.path("order").path("paidAt").asString());
		assertThat(Instant.parse(view.path("promise").path("deliveryBy").asString()))
			.isEqualTo(this.orders.get(placed.orderId()).promisedDeliveryBy())
			.isBetween(paidAt.plus(Duration.ofHours(72)).minusSeconds(1),
					paidAt.plus(Duration.ofHours(72)).plusSeconds(1));
		assertThat(view.path("promise").path("breaches")).isEmpty();
		assertThat(view.path("returns")).isEmpty();
	}

	@Test
	void aRefusedStepAndAResumptionAfterACrashAreInTheHistory() {
		String sku = product();
		this.partners.refuse.put(sku, "SHORT");
		UUID shopper = UUID.randomUUID();
		assertThatThrownBy(() -> place(shopper, sku, "APP")).isInstanceOf(ProblemException.class);
		String rejected = this.jdbc.queryForObject("select order_id from customer_order where member_id = ?",
				String.class, shopper);
		JsonNode refused = get("/admin/fulfillment/orders/" + rejected);
		assertThat(steps(refused)).containsExactly("NEW COMPLETED", "STOCK_RESERVED REFUSED", "COMPENSATED COMPLETED");
		assertThat(refused.path("placement").get(1).path("detail").asString()).contains(sku);
		this.partners.refuse.remove(sku);

		UUID other = UUID.randomUUID();
		CRASH_AT.set("STOCK_RESERVED");
		assertThatThrownBy(() -> place(other, sku, "APP")).isInstanceOf(TestCheckpoints.SimulatedCrash.class);
		String interrupted = this.jdbc.queryForObject("select order_id from customer_order where member_id = ?",
				String.class, other);
		this.placement
			.recover(new OrderPlacement.Recovery(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)));
		assertThat(steps(get("/admin/fulfillment/orders/" + interrupted))).containsExactly("NEW COMPLETED",
				"STOCK_RESERVED COMPLETED", "STOCK_RESERVED RESUMED", "PROMOTIONS_LOCKED COMPLETED", "DONE COMPLETED");
	}

	@Test
	void opsSearchOrdersByChannelMemberAndPlacedTimeNewestFirst() throws InterruptedException {
		UUID member = UUID.randomUUID();
		String sku = product();
		Orders.Order first = place(member, sku, "APP");
		Thread.sleep(5);
		Instant between = Instant.now();
		Thread.sleep(5);
		Orders.Order second = place(member, sku, "WEB");
		Orders.Order elsewhere = place(UUID.randomUUID(), sku, "WEB");

		assertThat(ids(search("memberId=" + member))).containsExactly(second.orderId(), first.orderId());
		assertThat(ids(search("memberId=" + member + "&channel=APP"))).containsExactly(first.orderId());
		assertThat(ids(search("memberId=" + member + "&placedFrom=" + between))).containsExactly(second.orderId());
		assertThat(ids(search("memberId=" + member + "&placedBefore=" + between))).containsExactly(first.orderId());
		assertThat(ids(search("memberId=" + member + "&status=PAID"))).isEmpty();
		assertThat(ids(search("channel=WEB&status=PENDING_PAYMENT&limit=1000"))).contains(elsewhere.orderId())
			.doesNotContain(first.orderId());

		HttpResponse<String> backwards = TestHttp.call(base(), "GET",
				"/admin/fulfillment/orders?placedFrom=" + between + "&placedBefore=" + between, this.viewer, null);
		assertThat(backwards.statusCode()).as(backwards.body()).isEqualTo(400);
		assertThat(backwards.body()).contains("placedFrom must be before placedBefore");
		assertThat(TestHttp.call(base(), "GET", "/admin/fulfillment/orders?memberId=not-a-uuid", this.viewer, null)
			.statusCode()).isEqualTo(400);
		assertThat(TestHttp
			.call(base(), "GET", "/admin/fulfillment/orders?memberId=" + member, TestIssuers.get().memberToken(member),
					null)
			.statusCode()).as("members never search ops' orders").isEqualTo(403);
	}

	private List<String> steps(JsonNode view) {
		List<String> steps = new ArrayList<>();
		view.path("placement")
			.forEach((step) -> steps.add(step.path("step").asString() + " " + step.path("outcome").asString()));
		return steps;
	}

	private List<String> ids(JsonNode orders) {
		List<String> ids = new ArrayList<>();
		orders.forEach((order) -> ids.add(order.path("orderId").asString()));
		return ids;
	}

	private JsonNode search(String query) {
		return get("/admin/fulfillment/orders?" + query);
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = TestHttp.call(base(), "GET", path, this.viewer, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private String product() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 1500, "CNY", false, null));
		return sku;
	}

	private Orders.Order place(UUID member, String sku, String channel) {
		return this.placement.place(member, "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder(channel, List.of(new Partners.StockLine(sku, 1)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
	}

	private void pay(Orders.Order order) {
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(order.orderId(), order.orderId(), order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
