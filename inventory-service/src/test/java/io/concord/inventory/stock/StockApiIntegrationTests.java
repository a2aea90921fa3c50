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

	private final String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

	@Test
	void opsStockASkuAndShoppersSeeWhatTheirChannelCanPromise() throws Exception {
		String sku = "API-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = call("PUT", "/admin/inventory/skus/" + sku, manager,
				"{\"name\":\"Down jacket\",\"category\":\"outerwear\",\"brand\":\"North\",\"reorderPoint\":5,"
						+ "\"attributes\":{\"colour\":\"black\",\"size\":\"M\"}}");
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
		assertThat(call("GET", "/admin/inventory/skus/" + sku, manager, null).body())
			.contains("\"attributes\":{\"colour\":\"black\",\"size\":\"M\"}");
		assertThat(call("PUT", "/admin/inventory/skus/" + sku, manager,
				"{\"name\":\"Down jacket\",\"attributes\":{\"Bad Key\":\"x\"}}")
			.statusCode()).isEqualTo(400);
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
		assertThat(call("GET", "/api/inventory/availability?skus=" + sku + "&channel=NO_SUCH_CHANNEL", null, null)
			.statusCode()).isEqualTo(404);

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

	@Test
	void theOrderFlowReservesConfirmsAndReleasesWithItsServiceRoleOnly() {
		String sku = stocked(5);
		String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");
		String order = "ORD-" + UUID.randomUUID();
		String body = "{\"orderId\":\"" + order + "\",\"channel\":\"LIVESTREAM\",\"lines\":[{\"sku\":\"" + sku
				+ "\",\"quantity\":2}],\"holdMinutes\":20}";
		assertThat(call("POST", "/internal/inventory/reservations", null, body).statusCode()).isEqualTo(401);
		assertThat(call("POST", "/internal/inventory/reservations", manager, body).statusCode())
			.as("ops staff do not place orders")
			.isEqualTo(403);
		assertThat(
				call("POST", "/internal/inventory/reservations", TestIssuers.get().memberToken(UUID.randomUUID()), body)
					.statusCode())
			.isEqualTo(403);
		assertThat(call("GET", "/admin/inventory/reservations/" + order, orderFlow, null).statusCode())
			.as("the service role implies no staff role")
			.isEqualTo(403);

		HttpResponse<String> reserved = call("POST", "/internal/inventory/reservations", orderFlow, body);
		assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
		assertThat(reserved.body()).contains("\"status\":\"ACTIVE\"", "\"location\":\"WH-" + sku + "\"");
		assertThat(call("POST", "/internal/inventory/reservations", orderFlow, body).body())
			.as("a repeat answers with the same reservation")
			.isEqualTo(reserved.body());

		HttpResponse<String> tooMany = call("POST", "/internal/inventory/reservations", orderFlow,
				body.replace(order, order + "-2").replace("\"quantity\":2", "\"quantity\":4"));
		assertThat(tooMany.statusCode()).isEqualTo(409);
		assertThat(tooMany.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(tooMany.body()).contains("insufficient-stock", "\"requested\":4", "\"available\":3");
		assertThat(call("POST", "/internal/inventory/reservations", orderFlow, "{\"orderId\":\"x\",\"lines\":[]}")
			.statusCode()).isEqualTo(400);
		assertThat(call("POST", "/internal/inventory/reservations", orderFlow,
				body.replace("\"quantity\":2", "\"quantity\":0"))
			.statusCode()).isEqualTo(400);

		assertThat(call("POST", "/internal/inventory/reservations/" + order + "/extension", orderFlow,
				"{\"holdMinutes\":30}")
			.statusCode()).isEqualTo(200);
		assertThat(call("POST", "/internal/inventory/reservations/" + order + "/confirmation", orderFlow, null).body())
			.contains("\"status\":\"CONFIRMED\"");
		assertThat(call("POST", "/internal/inventory/reservations/" + order + "/extension", orderFlow,
				"{\"holdMinutes\":30}")
			.statusCode()).as("a confirmed reservation cannot be extended").isEqualTo(409);
		assertThat(call("POST", "/internal/inventory/reservations/nobody/confirmation", orderFlow, null).statusCode())
			.isEqualTo(404);
		assertThat(call("GET", "/admin/inventory/reservations/" + order, viewer, null).body())
			.contains("\"status\":\"CONFIRMED\"");
		assertThat(call("GET", "/admin/inventory/stock/" + sku, viewer, null).body()).contains("\"onHand\":3",
				"\"reserved\":0");
	}

	@Test
	void opsFenceStockForAChannelAndReleaseIt() {
		String sku = stocked(10);
		String fence = "{\"sku\":\"" + sku + "\",\"channel\":\"MINI_PROGRAM\",\"sharePercent\":30}";
		assertThat(call("POST", "/admin/inventory/ring-fences", viewer, fence).statusCode()).isEqualTo(403);
		HttpResponse<String> created = call("POST", "/admin/inventory/ring-fences", manager, fence);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("\"quantity\":3", "\"status\":\"ACTIVE\"");
		assertThat(available(sku, "LIVESTREAM")).as("fenced for another channel").isEqualTo(7);
		assertThat(call("POST", "/admin/inventory/ring-fences", manager,
				"{\"sku\":\"" + sku + "\",\"channel\":\"APP\",\"quantity\":8}")
			.statusCode()).as("only 7 units are not fenced yet").isEqualTo(422);
		assertThat(call("POST", "/admin/inventory/ring-fences", manager,
				"{\"sku\":\"" + sku + "\",\"channel\":\"APP\",\"quantity\":1,\"sharePercent\":5}")
			.statusCode()).isEqualTo(422);
		assertThat(call("POST", "/admin/inventory/ring-fences", manager,
				"{\"sku\":\"" + sku + "\",\"channel\":\"APP\",\"sharePercent\":101}")
			.statusCode()).isEqualTo(400);
		String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
		assertThat(call("GET", "/admin/inventory/ring-fences?sku=" + sku, viewer, null).body())
			.contains("\"id\":" + id);
		assertThat(call("POST", "/admin/inventory/ring-fences/" + id + "/release", manager, null).body())
			.contains("\"status\":\"RELEASED\"");
		assertThat(available(sku, "LIVESTREAM")).isEqualTo(10);
		assertThat(call("POST", "/admin/inventory/ring-fences/999999999/release", manager, null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void transfersAreInTransitUntilReceivedAndCountsCorrectOnHand() {
		String sku = stocked(10);
		call("PUT", "/admin/inventory/locations/STORE-" + sku, manager,
				"{\"name\":\"Store\",\"type\":\"STORE\",\"region\":\"CN-BJ\"}");
		HttpResponse<String> shipped = call("POST", "/admin/inventory/transfers", manager,
				"{\"sku\":\"" + sku + "\",\"from\":\"WH-" + sku + "\",\"to\":\"STORE-" + sku + "\",\"quantity\":4}");
		assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(201);
		assertThat(shipped.body()).contains("\"status\":\"IN_TRANSIT\"");
		String id = shipped.body().replaceAll(".*\"id\":(\\d+).*", "$1");
		String levels = call("GET", "/admin/inventory/stock/" + sku, viewer, null).body();
		assertThat(levels).contains(
				"\"location\":\"STORE-" + sku + "\",\"onHand\":0,\"reserved\":0,\"safetyStock\":0,\"inTransit\":4",
				"\"location\":\"WH-" + sku + "\",\"onHand\":6");
		assertThat(call("POST", "/admin/inventory/transfers", manager,
				"{\"sku\":\"" + sku + "\",\"from\":\"WH-" + sku + "\",\"to\":\"STORE-" + sku + "\",\"quantity\":7}")
			.statusCode()).isEqualTo(422);
		assertThat(call("POST", "/admin/inventory/transfers", manager,
				"{\"sku\":\"" + sku + "\",\"from\":\"WH-" + sku + "\",\"to\":\"WH-" + sku + "\",\"quantity\":1}")
			.statusCode()).isEqualTo(422);
		assertThat(
				call("POST", "/admin/inventory/transfers/" + id + "/receipt", manager, "{\"received\":5}").statusCode())
			.isEqualTo(422);
		assertThat(call("POST", "/admin/inventory/transfers/" + id + "/receipt", manager, "{\"received\":3}").body())
			.contains("\"status\":\"RECEIVED\"", "\"received\":3");
		assertThat(
				call("POST", "/admin/inventory/transfers/" + id + "/receipt", manager, "{\"received\":3}").statusCode())
			.isEqualTo(409);
		assertThat(call("GET", "/admin/inventory/stock/" + sku, viewer, null).body()).contains(
				"\"location\":\"STORE-" + sku + "\",\"onHand\":3,\"reserved\":0,\"safetyStock\":0,\"inTransit\":0");

		HttpResponse<String> counted = call("POST", "/admin/inventory/counts", manager,
				"{\"sku\":\"" + sku + "\",\"location\":\"WH-" + sku + "\",\"counted\":5,\"reference\":\"CC-1\"}");
		assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
		assertThat(counted.body()).contains("\"onHand\":5");
		assertThat(call("GET", "/admin/inventory/stock/" + sku + "/WH-" + sku + "/movements", viewer, null).body())
			.contains("\"quantity\":-1,\"kind\":\"CYCLE_COUNT\"", "\"kind\":\"TRANSFER_OUT\"");
		assertThat(call("GET", "/admin/inventory/reconcile", viewer, null).body()).isEqualTo("[]");
	}

	@Test
	void theNearestStrategyServesFromTheShippingRegion() {
		String sku = stocked(5);
		call("PUT", "/admin/inventory/locations/CD-" + sku, manager,
				"{\"name\":\"Chengdu DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SC\",\"latitude\":30.6,\"longitude\":104.1}");
		call("POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku + "\",\"location\":\"CD-" + sku
				+ "\",\"quantity\":5,\"reason\":\"INITIAL_COUNT\"}");
		assertThat(call("PUT", "/admin/inventory/regions/CN-CQ", manager,
				"{\"name\":\"Chongqing\",\"latitude\":29.6,\"longitude\":106.5}")
			.statusCode()).isEqualTo(200);
		String channel = "NEAR_" + sku.substring(4).toUpperCase().replaceAll("[^A-Z]", "X");
		HttpResponse<String> routed = call("PUT", "/admin/inventory/channels/" + channel + "/locations", manager,
				"{\"locations\":[\"WH-" + sku + "\",\"CD-" + sku + "\"],\"strategy\":\"NEAREST\"}");
		assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
		assertThat(call("PUT", "/admin/inventory/channels/" + channel + "/locations", manager,
				"{\"locations\":[\"WH-" + sku + "\"],\"strategy\":\"CLOSEST\"}")
			.statusCode()).isEqualTo(400);
		String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");
		HttpResponse<String> reserved = call("POST", "/internal/inventory/reservations", orderFlow,
				"{\"orderId\":\"ORD-" + UUID.randomUUID() + "\",\"channel\":\"" + channel
						+ "\",\"region\":\"CN-CQ\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":2}]}");
		assertThat(reserved.body()).as("Chongqing ships from Chengdu, not Shanghai")
			.contains("\"location\":\"CD-" + sku);
		assertThat(call("GET", "/api/inventory/availability?skus=" + sku + "&channel=" + channel + "&region=CN-SC",
				null, null)
			.body()).contains("\"available\":8", "\"availableInRegion\":3");
	}

	@Test
	void opsFindSkusByPartOfTheirCodeOrName() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String jacket = "FIND-" + tag + "-JKT";
		String scarf = "FIND-" + tag + "-SCF";
		assertThat(call("PUT", "/admin/inventory/skus/" + jacket, manager, "{\"name\":\"Down jacket " + tag + "\"}")
			.statusCode()).isEqualTo(200);
		assertThat(call("PUT", "/admin/inventory/skus/" + scarf, manager, "{\"name\":\"Silk scarf 100%_" + tag + "\"}")
			.statusCode()).isEqualTo(200);

		assertThat(call("GET", "/admin/inventory/skus?q=find-" + tag, viewer, null).body())
			.as("by code, case-insensitive, in code order")
			.containsSubsequence("\"sku\":\"" + jacket + "\"", "\"sku\":\"" + scarf + "\"");
		HttpResponse<String> byName = call("GET", "/admin/inventory/skus?q=DOWN%20JACKET%20" + tag, viewer, null);
		assertThat(byName.statusCode()).isEqualTo(200);
		assertThat(byName.body()).contains(jacket, "\"name\":\"Down jacket " + tag + "\"").doesNotContain(scarf);
		assertThat(call("GET", "/admin/inventory/skus?q=%25_" + tag, viewer, null).body())
			.as("%% and _ are the text itself, not wildcards")
			.contains(scarf)
			.doesNotContain(jacket);
		assertThat(call("GET", "/admin/inventory/skus?q=" + tag + "&limit=1", viewer, null).body()).contains(jacket)
			.doesNotContain(scarf);
		assertThat(call("GET", "/admin/inventory/skus?q=%20", viewer, null).statusCode()).isEqualTo(400);
		assertThat(call("GET", "/admin/inventory/skus?q=x&limit=101", viewer, null).statusCode()).isEqualTo(400);
		assertThat(call("GET", "/admin/inventory/skus?q=" + tag, null, null).statusCode()).isEqualTo(401);
	}

	private int available(String sku, String channel) {
		String body = call("GET", "/api/inventory/availability?skus=" + sku + "&channel=" + channel, null, null).body();
		return Integer.parseInt(body.replaceAll(".*\"available\":(\\d+).*", "$1"));
	}

	/**
	 * A SKU with units at its own Shanghai warehouse, which the LIVESTREAM channel sells
	 * from.
	 */
	private String stocked(int units) {
		String sku = "API-" + UUID.randomUUID().toString().substring(0, 8);
		call("PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Sneaker\"}");
		call("PUT", "/admin/inventory/locations/WH-" + sku, manager,
				"{\"name\":\"Shanghai DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\",\"latitude\":31.2,\"longitude\":121.5}");
		HttpResponse<String> routed = call("PUT", "/admin/inventory/channels/LIVESTREAM/locations", manager,
				"{\"locations\":[\"WH-" + sku + "\"]}");
		assertThat(routed.statusCode()).isEqualTo(200);
		HttpResponse<String> adjusted = call("POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"WH-" + sku + "\",\"quantity\":" + units + ",\"reason\":\"INITIAL_COUNT\"}");
		assertThat(adjusted.statusCode()).as(adjusted.body()).isEqualTo(200);
		return sku;
	}

	private HttpResponse<String> call(String method, String path, String token, String json) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, json);
	}

}
