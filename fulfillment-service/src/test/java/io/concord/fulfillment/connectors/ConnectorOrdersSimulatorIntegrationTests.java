package io.concord.fulfillment.connectors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.shipping.Shipments;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders in and tracking out against the simulated marketplace (dev tools on) over real
 * HTTP, with the SIMULATED_MARKETPLACE adapter: a sale on the shop whose webhook arrives
 * twice and is pulled as well is one order, and its tracking reaches the shop.
 */
@TestPropertySource(properties = "concord.fulfillment.dev-tools.enabled=true")
class ConnectorOrdersSimulatorIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String API_KEY = "test-connector-api-secret-0001";

	@LocalServerPort
	int port;

	@Autowired
	Connectors connectors;

	@Autowired
	ConnectorOrderPull pull;

	@Autowired
	ConnectorTracking tracking;

	@Autowired
	Products products;

	@Autowired
	Shipments shipments;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void aSaleWebhookedTwiceAndPulledIsOneOrderAndItsTrackingReachesTheShop() {
		String connectorId = "sim-" + UUID.randomUUID().toString().substring(0, 8);
		String shop = "/dev/marketplace/" + connectorId;
		assertThat(send("PUT", shop, null, """
				{"apiKey": "%s", "connectorId": "%s", "webhookBaseUrl": "%s", "webhookSecret": "%s",
				 "currency": "CNY", "seed": 7}""".formatted(API_KEY, connectorId, base(), CONNECTOR_WEBHOOK_SECRET))
			.statusCode()).isEqualTo(204);
		this.connectors.save(new Connector(connectorId, "SIMULATED_MARKETPLACE", "Simulated shop",
				"SIM" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT), base() + shop,
				"test-connector-api", "test-connector-webhook", 0, 50, Duration.ofSeconds(60), Duration.ofSeconds(900),
				Duration.ofHours(48), true, Instant.EPOCH, "test"));
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 29900, "CNY", false, null));
		this.connectors.replaceMapping(connectorId, List.of(new Connectors.SkuMapping("P-" + sku, sku)));
		assertThat(send("PUT", shop + "/stock", API_KEY,
				"{\"items\": [{\"platformSku\": \"P-%s\", \"quantity\": 5}]}".formatted(sku))
			.statusCode()).isEqualTo(204);
		assertThat(send("PUT", shop + "/sim/faults", null, "{\"duplicateCallbackPercent\": 100}").statusCode())
			.isEqualTo(204);

		HttpResponse<String> bought = send("POST", shop + "/sim/buy", null,
				"{\"platformSku\": \"P-%s\", \"quantity\": 1, \"unitPriceMinor\": 29900}".formatted(sku));
		assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);
		JsonNode sale = JSON.readTree(bought.body());
		String platformOrderId = sale.path("order").path("platformOrderId").asString();
		assertThat(sale.path("delivery").path("callbacks").toString()).isEqualTo("[200,200]");
		assertThat(this.pull.pull(this.connectors.get(connectorId), true)).isEqualTo(1);

		var stored = this.jdbc.queryForMap(
				"select status, order_id, duplicates from connector_order where connector_id = ? and platform_order_id = ?",
				connectorId, platformOrderId);
		assertThat(stored).containsEntry("status", "PLACED").containsEntry("duplicates", 2);
		String orderId = (String) stored.get("order_id");
		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where checkout_key like ?",
				Integer.class, "connector:" + connectorId + ":%"))
			.isEqualTo(1);

		HttpResponse<String> carrier = TestHttp.call(base(), "PUT", "/admin/fulfillment/carriers/SWIFT", this.manager,
				"""
						{"name": "SWIFT", "webhookSecret": "swift-express-webhook-secret", "rates": [
						  {"serviceLevel": "STANDARD", "zone": "NATIONAL", "costMinor": 900, "transitHours": 48}]}""");
		assertThat(carrier.statusCode()).as(carrier.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.shipments.ofOrder(orderId).isEmpty());
		Shipments.Shipment parcel = this.shipments.ofOrder(orderId).get(0);
		String scan = """
				{"eventId": "%s-E1", "trackingNumber": "%s", "status": "PICKED_UP", "occurredAt": "%s"}"""
			.formatted(parcel.trackingNumber(), parcel.trackingNumber(), Instant.now());
		assertThat(SignedCallbacks
			.post(base(), "/webhooks/carriers/" + parcel.carrierCode(), scan, "swift-express-webhook-secret")
			.statusCode()).isEqualTo(200);
		assertThat(this.tracking.pushDue(50)).isPositive();
		JsonNode state = JSON.readTree(send("GET", shop + "/sim", null, null).body());
		assertThat(state.path("shipments").toString()).contains(platformOrderId).contains(parcel.trackingNumber());
	}

	private HttpResponse<String> send(String method, String path, String apiKey, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
