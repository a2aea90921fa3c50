package io.concord.system;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placement failures on the real services: a short line and a coupon that does not apply
 * are refused with their cause, and nothing stays held at inventory-service or
 * promotion-service. (The demo journey covers the happy path to delivery.)
 */
class OrderSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aRefusedOrderNamesItsCauseAndLeavesNothingHeld() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-ORD-" + UUID.randomUUID().toString().substring(0, 8);
		String warehouse = "WH-" + sku;
		TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Scarf\"}");
		TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Ningbo DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}");
		TestHttp.call(gateway, "PUT", "/admin/inventory/channels/MARKETPLACE/locations", manager,
				"{\"locations\":[\"" + warehouse + "\"]}");
		TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":5,\"reason\":\"INITIAL_COUNT\"}");
		TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Scarf\",\"unitPriceMinor\":5900,\"currency\":\"CNY\"}");
		String shopper = SystemStack.get().newMemberToken("MARKETPLACE");

		HttpResponse<String> tooMany = TestHttp.call(gateway, "POST", "/api/orders", shopper, order(sku, 6, null));
		assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(409);
		assertThat(tooMany.body()).contains("insufficient-stock", "shortLines", sku);

		HttpResponse<String> badCoupon = TestHttp.call(gateway, "POST", "/api/orders", shopper,
				order(sku, 2, UUID.randomUUID()));
		assertThat(badCoupon.statusCode()).as(badCoupon.body()).isEqualTo(422);
		assertThat(badCoupon.body()).contains("coupon-not-usable");
		String refused = JSON.readTree(badCoupon.body()).path("orderId").asString();
		JsonNode stock = JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/inventory/stock/" + sku, manager, null).body());
		assertThat(stock.toString()).as("the refused order's stock was released").contains("\"reserved\":0");
		assertThat(TestHttp.call(gateway, "GET", "/admin/fulfillment/orders/" + refused, manager, null).body())
			.contains("\"status\":\"REJECTED\"");

		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders", shopper, order(sku, 5, null));
		assertThat(placed.statusCode()).as("all five are still there to sell: " + placed.body()).isEqualTo(201);
	}

	private static String order(String sku, int quantity, UUID coupon) {
		return """
				{"channel": "MARKETPLACE", "lines": [{"sku": "%s", "quantity": %d}], %s
				 "shippingAddress": {"name": "Sys", "phone": "+8613900000000", "city": "Ningbo", "line1": "1 Port"}}"""
			.formatted(sku, quantity, (coupon != null) ? "\"couponIds\": [\"" + coupon + "\"]," : "");
	}

}
