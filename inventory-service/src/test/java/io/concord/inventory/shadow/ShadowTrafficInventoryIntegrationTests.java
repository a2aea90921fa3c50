package io.concord.inventory.shadow;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.inventory.demand.SalesHistory;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.TestRun;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow traffic in inventory-service (ADR-25), load testing on: a run sets up and stocks
 * its own SKU and location (tagged rows), adds its location to a channel without touching
 * the real route, reserves only its own stock (real stock: 422 test-run-real-stock),
 * leaves no demand history, and the purge removes what it made and nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.load-testing.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShadowTrafficInventoryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SalesHistory history;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");

	@Test
	void aTestRunUsesOnlyItsOwnStockLeavesNoDemandAndIsPurgedWithoutTouchingRealStock() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String run = "inv-" + suffix;
		Map<String, String> tagged = Map.of(TestRun.HEADER, run);
		// Real stock on a real route.
		String real = "REAL-" + suffix;
		ok(call("PUT", "/admin/inventory/skus/" + real, this.manager, "{\"name\":\"Real jacket\"}", Map.of()));
		ok(call("PUT", "/admin/inventory/locations/WH-" + real, this.manager,
				"{\"name\":\"Real DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}", Map.of()));
		ok(call("PUT", "/admin/inventory/channels/LIVESTREAM/locations", this.manager,
				"{\"locations\":[\"WH-" + real + "\"]}", Map.of()));
		ok(call("POST", "/admin/inventory/adjustments", this.manager, adjustment(real, 10), Map.of()));

		// The run's own SKU and location, stocked and added to the channel.
		String own = "RUN-" + suffix;
		ok(call("PUT", "/admin/inventory/skus/" + own, this.manager, "{\"name\":\"Test jacket\"}", tagged));
		ok(call("PUT", "/admin/inventory/locations/WH-" + own, this.manager,
				"{\"name\":\"Test DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}", tagged));
		ok(call("PUT", "/admin/inventory/channels/LIVESTREAM/locations", this.manager,
				"{\"locations\":[\"WH-" + own + "\"]}", tagged));
		ok(call("POST", "/admin/inventory/adjustments", this.manager, adjustment(own, 50), tagged));
		assertThat(this.jdbc.queryForList(
				"select location_code || ':' || coalesce(test_run, 'real') from channel_location where channel = 'LIVESTREAM'",
				String.class))
			.as("the real route stays; the run's location is added")
			.containsExactlyInAnyOrder("WH-" + real + ":real", "WH-" + own + ":" + run);

		// Real stock is out of bounds for shadow traffic.
		assertRealStock(call("POST", "/admin/inventory/adjustments", this.manager, adjustment(real, -5), tagged));
		assertRealStock(call("PUT", "/admin/inventory/skus/" + real, this.manager, "{\"name\":\"Renamed\"}", tagged));
		assertRealStock(call("POST", "/internal/inventory/reservations", this.orderFlow,
				reservation("ORD-R-" + suffix, real), tagged));
		assertThat(this.jdbc.queryForObject("select on_hand - reserved from stock_level where sku = ?", Integer.class,
				real))
			.isEqualTo(10);

		String order = "ORD-T-" + suffix;
		HttpResponse<String> reserved = call("POST", "/internal/inventory/reservations", this.orderFlow,
				reservation(order, own), tagged);
		assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
		assertThat(this.jdbc.queryForObject("select test_run from reservation where order_id = ?", String.class, order))
			.isEqualTo(run);
		assertThat(this.jdbc.queryForObject("select count(*) from stock_movement where sku = ? and test_run = ?",
				Integer.class, own, run))
			.isEqualTo(1);

		// A placed order of the run is never demand.
		TestRun.runWith(run, () -> this.history.recordOrder(order, "LIVESTREAM", Instant.now(),
				List.of(new SalesHistory.OrderLine(own, 2, 19900, 0))));
		assertThat(this.jdbc.queryForObject("select count(*) from daily_demand where sku = ?", Integer.class, own))
			.isZero();
		assertThat(
				this.jdbc.queryForObject("select count(*) from demand_order where order_id = ?", Integer.class, order))
			.isZero();

		assertThat(call("DELETE", "/admin/inventory/test-runs/" + run, this.manager, null, Map.of()).statusCode())
			.as("purging is for admins")
			.isEqualTo(403);
		HttpResponse<String> purged = call("DELETE", "/admin/inventory/test-runs/" + run,
				TestIssuers.get().staffToken("admin-1", "admin"), null, Map.of());
		assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
		assertThat(purged.body()).contains("\"reservation\":1", "\"reservation_line\":1", "\"sku\":1", "\"location\":1",
				"\"channel_location\":1", "\"stock_movement\":1");
		assertThat(this.jdbc.queryForObject("select count(*) from sku where sku = ? or test_run = ?", Integer.class,
				own, run))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from reservation where test_run = ?", Integer.class, run))
			.isZero();
		assertThat(this.jdbc.queryForObject("select on_hand from stock_level where sku = ?", Integer.class, real))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForList("select location_code from channel_location where channel = 'LIVESTREAM'",
				String.class))
			.containsExactly("WH-" + real);
	}

	private static String adjustment(String sku, int units) {
		return "{\"sku\":\"" + sku + "\",\"location\":\"WH-" + sku + "\",\"quantity\":" + units
				+ ",\"reason\":\"INITIAL_COUNT\"}";
	}

	private static String reservation(String order, String sku) {
		return "{\"orderId\":\"" + order + "\",\"channel\":\"LIVESTREAM\",\"lines\":[{\"sku\":\"" + sku
				+ "\",\"quantity\":2}],\"holdMinutes\":20}";
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

	private static void assertRealStock(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("https://concord.dev/problems/test-run-real-stock");
	}

	private HttpResponse<String> call(String method, String path, String token, String json,
			Map<String, String> headers) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, json, headers);
	}

}
