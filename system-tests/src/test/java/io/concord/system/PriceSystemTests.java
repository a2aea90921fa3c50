package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.concord.local.LocalStack;
import io.concord.platform.test.TestHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price authority on the real services, through the gateway: a quote's forged unit
 * price is ignored, an order placed before a price change keeps its price and one placed
 * after pays the new one, and the first order's member is refunded the drop once (price
 * protection, after promotion-service's PriceChanged reached fulfillment-service over
 * Kafka).
 */
class PriceSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void ordersPayThePriceListsPriceAtPlacementAndADropIsRefundedOnce() {
		LocalStack stack = SystemStack.get();
		String gateway = stack.gatewayUrl();
		String manager = stack.staffToken("ops-manager");
		String sku = "SYS-PRICE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		String warehouse = "WH-" + sku;
		TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Silk scarf\"}");
		TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Hangzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}");
		TestHttp.call(gateway, "PUT", "/admin/inventory/channels/MARKETPLACE/locations", manager,
				"{\"locations\":[\"" + warehouse + "\"]}");
		TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":10,\"reason\":\"INITIAL_COUNT\"}");
		// The catalogue's own price is stale on purpose: the price list decides.
		TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Silk scarf\",\"unitPriceMinor\":15900,\"currency\":\"CNY\"}");
		assertThat(setPrice(gateway, manager, sku, 9900).statusCode()).isEqualTo(201);

		HttpResponse<String> quote = TestHttp.call(gateway, "POST", "/api/promotions/quote", null, """
				{"channel": "APP", "currency": "CNY",
				 "lines": [{"sku": "%s", "quantity": 1, "unitPriceMinor": 1}]}""".formatted(sku));
		assertThat(quote.statusCode()).as(quote.body()).isEqualTo(200);
		JsonNode quoted = read(quote);
		assertThat(quoted.path("lines").path(0).path("unitPriceMinor").asLong()).as("the forged price is ignored")
			.isEqualTo(9900);
		assertThat(quoted.path("payableMinor").asLong()).isEqualTo(9900);

		String shopper = stack.newMemberToken("MARKETPLACE");
		JsonNode before = read(TestHttp.call(gateway, "POST", "/api/orders", shopper, order(sku)));
		assertThat(before.path("lines").path(0).path("unitPriceMinor").asLong()).as(before.toString()).isEqualTo(9900);

		assertThat(setPrice(gateway, manager, sku, 7900).statusCode()).isEqualTo(201);
		JsonNode after = read(TestHttp.call(gateway, "POST", "/api/orders", shopper, order(sku)));
		assertThat(after.path("lines").path(0).path("unitPriceMinor").asLong()).as(after.toString()).isEqualTo(7900);
		assertThat(after.path("payableMinor").asLong()).isLessThan(before.path("payableMinor").asLong());
		String first = before.path("orderId").asString();
		JsonNode firstAgain = read(TestHttp.call(gateway, "GET", "/api/orders/" + first, shopper, null));
		assertThat(firstAgain.path("lines").path(0).path("unitPriceMinor").asLong())
			.as("placed before the change: keeps its price")
			.isEqualTo(9900);

		HttpResponse<String> paid = TestHttp.call(stack.serviceUrl("fulfillment-service"), "POST",
				"/dev/payment-provider/payments", null, "{\"orderId\": \"" + first + "\"}");
		assertThat(paid.statusCode()).as(paid.body()).isLessThan(300);
		// PriceChanged crosses Kafka to fulfillment-service's projection; until it has,
		// the claim finds no drop and records nothing.
		JsonNode claim = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> read(
					TestHttp.call(gateway, "POST", "/api/orders/" + first + "/price-protection", shopper, "")),
					(answer) -> answer.path("refundedMinor").asLong() > 0);
		// What the line paid (after any running promotion's share) less the new price.
		long paidForLine = 9900 - firstAgain.path("lines").path(0).path("discountMinor").asLong();
		assertThat(claim.path("refundedMinor").asLong()).as(claim.toString()).isEqualTo(paidForLine - 7900);
		JsonNode again = read(
				TestHttp.call(gateway, "POST", "/api/orders/" + first + "/price-protection", shopper, ""));
		assertThat(again.path("refundedMinor").asLong()).as(again.toString()).isZero();
		assertThat(again.path("lines").path(0).path("reason").asString()).isEqualTo("already-claimed");
		JsonNode refunded = read(TestHttp.call(gateway, "GET", "/api/orders/" + first, shopper, null));
		assertThat(refunded.path("refundedMinor").asLong()).isEqualTo(paidForLine - 7900);
	}

	private static HttpResponse<String> setPrice(String gateway, String manager, String sku, long sellingMinor) {
		return TestHttp.call(gateway, "POST", "/admin/promotions/prices", manager, """
				{"sku": "%s", "channel": "ALL", "currency": "CNY", "listPriceMinor": 12900,
				 "sellingPriceMinor": %d, "reason": "system test"}""".formatted(sku, sellingMinor));
	}

	private static String order(String sku) {
		return """
				{"channel": "MARKETPLACE", "lines": [{"sku": "%s", "quantity": 1}],
				 "shippingAddress": {"name": "Sys", "phone": "+8613900000000", "city": "Hangzhou", "line1": "1 Lake"}}"""
			.formatted(sku);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
