package io.concord.inventory.stock;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP face: ops set up SKUs, locations and routing and adjust stock (with roles and
 * problem answers for bad input); shoppers read availability anonymously.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockApiIntegrationTests {

	@LocalServerPort
	int port;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void opsStockASkuAndShoppersSeeWhatTheirChannelCanPromise() throws Exception {
		String sku = "API-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = call("PUT", "/admin/inventory/skus/" + sku, manager,
				"{\"name\":\"Down jacket\",\"category\":\"outerwear\",\"brand\":\"North\",\"reorderPoint\":5}");
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
		assertThat(call("PUT", "/admin/inventory/locations/WH-" + sku, manager,
				"{\"name\":\"Shanghai DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}")
			.statusCode()).isEqualTo(200);
		assertThat(call("PUT", "/admin/inventory/channels/LIVESTREAM/locations", manager,
				"{\"locations\":[\"WH-" + sku + "\"]}")
			.statusCode()).isEqualTo(200);
		String receipt = "{\"sku\":\"" + sku + "\",\"location\":\"WH-" + sku
				+ "\",\"quantity\":150,\"reason\":\"INITIAL_COUNT\"}";
		assertThat(
				call("POST", "/admin/inventory/adjustments", TestIssuers.get().staffToken("v", "ops-viewer"), receipt)
					.statusCode())
			.isEqualTo(403);
		HttpResponse<String> adjusted = call("POST", "/admin/inventory/adjustments", manager, receipt);
		assertThat(adjusted.statusCode()).isEqualTo(200);
		assertThat(adjusted.body()).contains("\"onHand\":150");

		HttpResponse<String> available = call("GET",
				"/api/inventory/availability?skus=" + sku + "&channel=LIVESTREAM&cap=99", null, null);
		assertThat(available.statusCode()).isEqualTo(200);
		assertThat(available.body()).contains("\"available\":150", "\"display\":\"99+\"");
		assertThat(available.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("max-age=2"));
		assertThat(call("GET", "/api/inventory/availability?skus=" + sku + "&channel=APP", null, null).body())
			.as("a channel no location serves can promise nothing")
			.contains("\"available\":0");

		HttpResponse<String> tooMuch = call("POST", "/admin/inventory/adjustments", manager,
				receipt.replace("150", "-151"));
		assertThat(tooMuch.statusCode()).isEqualTo(422);
		assertThat(tooMuch.body()).contains("insufficient-stock", "\"unreserved\":150");
		assertThat(
				call("POST", "/admin/inventory/adjustments", manager, receipt.replace("WH-", "NOWHERE-")).statusCode())
			.isEqualTo(404);
		assertThat(call("POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"\",\"quantity\":1}").statusCode())
			.isEqualTo(400);
		assertThat(call("GET", "/api/inventory/availability?channel=APP", null, null).statusCode()).isEqualTo(400);
		assertThat(call("GET", "/admin/inventory/reconcile", manager, null).body()).isEqualTo("[]");
	}

	private HttpResponse<String> call(String method, String path, String token, String json) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, json);
	}

}
