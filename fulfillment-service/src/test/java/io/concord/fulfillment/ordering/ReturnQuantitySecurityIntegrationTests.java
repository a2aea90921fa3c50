package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Return quantities (finding L3): bounded like order lines, and lines of one SKU summed
 * exactly, so no sum can wrap into a negative quantity that passes the returnable check.
 */
class ReturnQuantitySecurityIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	OrderLifecycle lifecycle;

	@Autowired
	OrderReturns returns;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("L3: two return lines of 2147483647 and 2 units are refused (400) and the order stays delivered")
	void l3_returnLinesWhoseSumOverflowsAreRefusedAndTheOrderStaysDelivered() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		Delivered order = deliveredOrder(member);

		HttpResponse<String> exploit = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 2147483647}, {"sku": "%s", "quantity": 2}]}"""
			.formatted(order.orderId(), order.sku(), order.sku()));
		assertThat(exploit.statusCode()).as(exploit.body()).isEqualTo(400);
		assertThat(JSON.readTree(exploit.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/validation");
		for (String negative : List.of("-1", "0")) {
			assertThat(TestHttp
				.call(base(), "POST", "/api/returns", token,
						"""
								{"orderId": "%s", "lines": [{"sku": "%s", "quantity": %s}]}"""
							.formatted(order.orderId(), order.sku(), negative))
				.statusCode()).isEqualTo(400);
		}
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			lines.add("{\"sku\": \"" + order.sku() + "\", \"quantity\": 1}");
		}
		assertThat(TestHttp
			.call(base(), "POST", "/api/returns", token,
					"{\"orderId\": \"" + order.orderId() + "\", \"lines\": [" + String.join(", ", lines) + "]}")
			.statusCode()).as("at most 100 lines, like an order").isEqualTo(400);

		// Behind the API too: the sum is exact, and an overflow is a 422, not a wrap.
		assertThatThrownBy(() -> this.returns.requestReturn(member, order.orderId(),
				List.of(new OrderReturns.ReturnLine(order.sku(), Integer.MAX_VALUE),
						new OrderReturns.ReturnLine(order.sku(), 2)),
				null))
			.isInstanceOfSatisfying(ProblemException.class,
					(problem) -> assertThat(problem.status().value()).isEqualTo(422));

		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.DELIVERED);
		assertThat(this.jdbc.queryForObject("select count(*) from order_return where order_id = ?", Integer.class,
				order.orderId()))
			.isZero();
		HttpResponse<String> fair = TestHttp.call(base(), "POST", "/api/returns", token, """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 1}]}"""
			.formatted(order.orderId(), order.sku(), order.sku()));
		assertThat(fair.statusCode()).as(fair.body()).isEqualTo(201);
		assertThat(JSON.readTree(fair.body()).path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
	}

	record Delivered(String orderId, String sku) {
	}

	private Delivered deliveredOrder(UUID member) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 1500, "CNY", false, null));
		Orders.Order order = this.placement.place(member, "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, 3)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(order.orderId(), order.orderId(), order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		this.lifecycle.ship(order.orderId());
		this.lifecycle.deliver(order.orderId());
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.DELIVERED);
		return new Delivered(order.orderId(), sku);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
