package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forecast-driven replenishment across services, through the gateway: a shop's earlier
 * sales are imported, a shopper's order reaches inventory-service as demand (OrderPlaced
 * over Kafka), an on-demand forecast run (requested through the admin API, carried out by
 * inventory-service's forecast job process) finds the SKU below its reorder point and
 * publishes ReplenishmentSuggested, and fulfillment-service turns it into a draft
 * purchase order for the SKU's supplier.
 */
class ForecastingSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void ordersBecomeAForecastAndTheForecastADraftPurchaseOrder() throws Exception {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-FC-" + UUID.randomUUID().toString().substring(0, 8);
		String warehouse = "WH-" + sku;
		String supplier = "SUP-" + sku;
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager,
				"{\"name\":\"Thermal mug\",\"supplierId\":\"" + supplier + "\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Suzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-JS\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/channels/STORE/locations", manager,
				"{\"locations\":[\"" + warehouse + "\"]}"));
		ok(TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":12,\"reason\":\"INITIAL_COUNT\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Thermal mug\",\"unitPriceMinor\":4900,\"currency\":\"CNY\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/suppliers/" + supplier, manager, """
				{"name": "Mug works", "webhookSecret": "mug-works-webhook-secret-0001",
				 "contracts": [{"sku": "%s", "unitPriceMinor": 2100, "currency": "CNY", "leadTimeDays": 7}]}"""
			.formatted(sku)));

		StringBuilder history = new StringBuilder("date,sku,location,quantity,price,promo\n");
		for (int d = 56; d >= 1; d--) {
			history.append(LocalDate.now().minusDays(d))
				.append(',')
				.append(sku)
				.append(',')
				.append(warehouse)
				.append(',')
				.append(8 + d % 5)
				.append(",4900,false\n");
		}
		ok(TestHttp.call(gateway, "POST", "/admin/inventory/demand/history", manager, history.toString(),
				Map.of("Content-Type", "text/csv")));

		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders",
				SystemStack.get().newMemberToken("STORE"),
				"""
						{"channel": "STORE", "lines": [{"sku": "%s", "quantity": 2}],
						 "shippingAddress": {"name": "Sys", "phone": "+8613900000000", "city": "Suzhou", "line1": "1 Lake"}}"""
					.formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		await().until(() -> TestHttp
			.call(gateway, "GET", "/admin/inventory/demand/history?from=" + LocalDate.now(), manager, null)
			.body()
			.contains(sku + "," + warehouse + ",2,"));

		// One run at a time: the job process may be carrying out the nightly run (due
		// when
		// the stack starts) or another test's; 409 until it ends.
		java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> request = new java.util.concurrent.atomic.AtomicReference<>();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			request.set(TestHttp.call(gateway, "POST", "/admin/inventory/forecasts/runs", manager, null));
			return request.get().statusCode() != 409;
		});
		HttpResponse<String> started = request.get();
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String run = "/admin/inventory/forecasts/runs/" + JSON.readTree(started.body()).path("id").asLong();
		assertThat(JSON.readTree(started.body()).path("status").asString()).isEqualTo("REQUESTED");
		// The forecast job process (its own JVM in the stack) claims and carries it out.
		await().atMost(Duration.ofMinutes(3))
			.until(() -> List.of("SUCCEEDED", "FAILED")
				.contains(JSON.readTree(TestHttp.call(gateway, "GET", run, manager, null).body())
					.path("status")
					.asString()));
		JsonNode done = JSON.readTree(TestHttp.call(gateway, "GET", run, manager, null).body());
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.path("model").path("name").asString()).isEqualTo("Ensemble");
		assertThat(done.path("model").path("version").asString()).isNotEmpty();
		assertThat(done.path("runner").asString()).as("host:pid of the job process").contains(":");
		JsonNode forecast = JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/inventory/forecasts/" + sku, manager, null).body());
		assertThat(forecast.get(0).path("days").get(0).path("mean").asDouble()).isBetween(6.0, 14.0);
		assertThat(forecast.get(0).path("modelName").asString()).isEqualTo("Ensemble");

		// The service notices the finished run and replenishment drafts a purchase order.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> TestHttp
				.call(gateway, "GET", "/admin/fulfillment/suppliers/" + supplier + "/purchase-orders", manager, null)
				.body()
				.contains("\"sku\":\"" + sku + "\""));
		JsonNode orders = JSON.readTree(TestHttp
			.call(gateway, "GET", "/admin/fulfillment/suppliers/" + supplier + "/purchase-orders", manager, null)
			.body());
		assertThat(orders).hasSize(1);
		assertThat(orders.get(0).path("status").asString()).isEqualTo("DRAFT");
		assertThat(orders.get(0).path("location").asString()).isEqualTo(warehouse);
		assertThat(orders.get(0).path("origin").asString()).isEqualTo("REPLENISHMENT");
		// About two weeks of ~10 a day, less the 10 units left.
		assertThat(orders.get(0).path("lines").get(0).path("quantity").asInt()).isBetween(100, 220);
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
	}

}
