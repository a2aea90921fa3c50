package io.concord.system;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inventory end to end on the real stack: ops stock a SKU and fence part of it for the
 * livestream through the gateway, shoppers read what their channel can promise through
 * the gateway, and the order flow reserves straight at inventory-service with its service
 * token, a door the gateway keeps shut.
 */
class InventorySystemTests {

	@Test
	void opsStockAndFenceShoppersSeeAvailabilityAndTheOrderFlowReserves() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-" + UUID.randomUUID().toString().substring(0, 8);
		String warehouse = "WH-" + sku;
		assertThat(TestHttp
			.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager,
					"{\"name\":\"Down jacket\",\"reorderPoint\":10}")
			.statusCode()).isEqualTo(200);
		assertThat(TestHttp
			.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
					"{\"name\":\"Hangzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}")
			.statusCode()).isEqualTo(200);
		for (String channel : new String[] { "SYS_APP", "SYS_LIVE" }) {
			assertThat(TestHttp
				.call(gateway, "PUT", "/admin/inventory/channels/" + channel + "/locations", manager,
						"{\"locations\":[\"" + warehouse + "\"]}")
				.statusCode()).isEqualTo(200);
		}
		assertThat(TestHttp
			.call(gateway, "POST", "/admin/inventory/adjustments", manager,
					"{\"sku\":\"" + sku + "\",\"location\":\"" + warehouse
							+ "\",\"quantity\":100,\"reason\":\"INITIAL_COUNT\"}")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> fence = TestHttp.call(gateway, "POST", "/admin/inventory/ring-fences", manager,
				"{\"sku\":\"" + sku + "\",\"channel\":\"SYS_LIVE\",\"sharePercent\":30}");
		assertThat(fence.statusCode()).as(fence.body()).isEqualTo(201);
		assertThat(availability(gateway, sku, "SYS_APP")).contains("\"available\":70");
		assertThat(availability(gateway, sku, "SYS_LIVE")).contains("\"available\":100");

		String orderFlow = SystemStack.get().staffToken("fulfillment-service");
		String reservation = "{\"orderId\":\"ORD-" + UUID.randomUUID()
				+ "\",\"channel\":\"SYS_APP\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":2}]}";
		assertThat(
				TestHttp.call(gateway, "POST", "/internal/inventory/reservations", orderFlow, reservation).statusCode())
			.as("not on the public door")
			.isEqualTo(404);
		HttpResponse<String> reserved = TestHttp.call(SystemStack.get().serviceUrl("inventory-service"), "POST",
				"/internal/inventory/reservations", orderFlow, reservation);
		assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
		assertThat(availability(gateway, sku, "SYS_APP")).contains("\"available\":68");
		assertThat(TestHttp.call(gateway, "GET", "/admin/inventory/reconcile", manager, null).body()).isEqualTo("[]");
	}

	private static String availability(String gateway, String sku, String channel) {
		HttpResponse<String> answer = TestHttp.call(gateway, "GET",
				"/api/inventory/availability?skus=" + sku + "&channel=" + channel, null, null);
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer.body();
	}

}
