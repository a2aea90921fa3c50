package io.concord.inventory.reservation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.concord.inventory.stock.StockLedger;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's stock-outs and low stock follow what availability announces: a SKU that
 * falls below its reorder point counts as low, one with nothing free as out of stock, and
 * the worst list starts with the emptiest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockAlertsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StockLedger ledger;

	@Autowired
	Reservations reservations;

	private final String viewer = TestIssuers.get().staffToken("viewer-1", "ops-viewer");

	@Test
	void lowAndOutOfStockSkusAreCountedAndTheEmptiestComeFirst() {
		JsonNode before = alerts(100);
		String low = stockedSku(3, 5);
		String out = stockedSku(2, 5);
		this.reservations.reserve(new Reservations.ReserveRequest("ORD-" + UUID.randomUUID(), "APP", null,
				List.of(new Reservations.Line(out, 2)), Duration.ofMinutes(15)));
		String plenty = stockedSku(50, 5);
		JsonNode after = alerts(100);
		assertThat(after.path("outOfStock").asLong()).isEqualTo(before.path("outOfStock").asLong() + 1);
		assertThat(after.path("lowStock").asLong()).isEqualTo(before.path("lowStock").asLong() + 1);
		List<JsonNode> worst = after.path("worst").valueStream().toList();
		assertThat(worst).isNotEmpty();
		assertThat(worst.get(0).path("available").asInt()).isZero();
		assertThat(worst).extracting((alert) -> alert.path("available").asInt()).isSorted();
		assertThat(worst).extracting((alert) -> alert.path("sku").asString()).doesNotContain(plenty);
		if (after.path("outOfStock").asLong() + after.path("lowStock").asLong() <= 100) {
			assertThat(worst).extracting((alert) -> alert.path("sku").asString()).contains(low, out);
		}
		assertThat(alerts(1).path("worst").size()).isEqualTo(1);
		assertThat(
				TestHttp.call(base(), "GET", "/admin/inventory/stock-alerts?limit=0", this.viewer, null).statusCode())
			.isEqualTo(400);
		assertThat(TestHttp.call(base(), "GET", "/admin/inventory/stock-alerts", null, null).statusCode())
			.isEqualTo(401);
	}

	private JsonNode alerts(int limit) {
		var answer = TestHttp.call(base(), "GET", "/admin/inventory/stock-alerts?limit=" + limit, this.viewer, null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	private String stockedSku(int units, int reorderPoint) {
		String sku = "ALR-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name, reorder_point) values (?, ?, ?)", sku, "Test " + sku,
				reorderPoint);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', ?, 100)",
				"WH-" + sku);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, "WH-" + sku);
		this.ledger.adjust(sku, "WH-" + sku, units, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		return sku;
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
