package io.concord.inventory.replenishment;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.concord.inventory.demand.DemandForecasts;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replenishment plans with fulfillment's supplier contracts
 * ({@code SupplierContractChanged} over Kafka): the contract's longer lead time raises
 * the reorder point and the order, which is at least the minimum order quantity in whole
 * order multiples, and the suggestion names the contract's supplier and says it used the
 * contract; a redelivered or older change alters nothing; without a contract, inventory's
 * own settings apply. The forecast is a fixture (10 units a day, sigma 2), so every
 * figure is exact: with z(0.95) = 1.645 and review 7 days, lead time 7 gives s = ceil(70
 * + 1.645 · 2 · √7) = 79 and S = ceil(140 + 1.645 · 2 · √14) = 153; lead time 21 gives s
 * = 226 and S = 298.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractLeadTimesIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FULFILLMENT_EVENTS = "concord.fulfillment.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StockLedger ledger;

	@Autowired
	DemandForecasts forecasts;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void theSupplierContractsLeadTimeAndMinimumOrderDriveTheSuggestion() {
		String sku = stockedWithForecast(20);
		String location = "W-" + sku;
		String catalogued = "SUP-" + sku;
		String far = "SUP-FAR-" + sku;

		// No contract known: inventory's own settings.
		JsonNode fallback = plan(sku);
		assertThat(fallback.path("policy").path("termsSource").asString()).isEqualTo("SETTING");
		assertThat(fallback.path("policy").path("leadTimeDays").asInt()).isEqualTo(7);
		assertThat(fallback.path("policy").path("reviewDays").asInt()).isEqualTo(7);
		assertThat(fallback.path("policy").path("supplierId").asString()).isEqualTo(catalogued);
		assertThat(fallback.path("reorderPoint").asInt()).isEqualTo(79);
		assertThat(fallback.path("orderUpTo").asInt()).isEqualTo(153);
		assertThat(fallback.path("quantityToOrder").asInt()).isEqualTo(153 - 20);

		// A supplier (not the catalogue's) contracts 21 days, at least 300 units, in 40s.
		Instant changedAt = Instant.now().minusSeconds(60);
		OutgoingEvent contract = contract(far, sku, 21, 300, 40, true, changedAt);
		EventFixtures.send(FULFILLMENT_EVENTS, contract);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> plan(sku).path("policy").path("termsSource").asString().equals("CONTRACT"));
		JsonNode planned = plan(sku);
		assertThat(planned.path("policy").path("leadTimeDays").asInt()).isEqualTo(21);
		assertThat(planned.path("policy").path("supplierId").asString()).isEqualTo(far);
		assertThat(planned.path("policy").path("minimumOrder").asInt()).isEqualTo(300);
		assertThat(planned.path("policy").path("orderMultiple").asInt()).isEqualTo(40);
		assertThat(planned.path("reorderPoint").asInt()).isEqualTo(226)
			.isGreaterThan(fallback.path("reorderPoint").asInt());
		assertThat(planned.path("orderUpTo").asInt()).isEqualTo(298);
		// 298 - 20 = 278, raised to the minimum 300, rounded up to 8 packs of 40.
		assertThat(planned.path("quantityToOrder").asInt()).isEqualTo(320)
			.isGreaterThan(fallback.path("quantityToOrder").asInt());

		// The suggestion names the contract's supplier, its lead time and its source.
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.inventory.events.v1")) {
			TestHttp.call(base(), "POST", "/admin/inventory/replenishment/evaluations", this.manager, null);
			ReceivedEvent suggested = events
				.await((e) -> e.type().equals("concord.inventory.ReplenishmentSuggested") && sku.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(suggested);
			assertThat(suggested.data().path("quantity").asInt()).isEqualTo(320);
			assertThat(suggested.data().path("supplierId").asString()).isEqualTo(far);
			assertThat(suggested.data().path("termsSource").asString()).isEqualTo("CONTRACT");
			assertThat(Instant.parse(suggested.data().path("needBy").asString()))
				.isBetween(Instant.now().plus(Duration.ofDays(20)), Instant.now().plus(Duration.ofDays(22)));
		}
		JsonNode listed = read(TestHttp
			.call(base(), "GET", "/admin/inventory/replenishment/suggestions?sku=" + sku, this.manager, null)
			.body());
		assertThat(listed).singleElement().satisfies((s) -> {
			assertThat(s.path("termsSource").asString()).isEqualTo("CONTRACT");
			assertThat(s.path("location").asString()).isEqualTo(location);
		});

		// Redelivered, and an older change under a new id: nothing changes. A later
		// event on the same key (same partition) shows both were handled.
		EventFixtures.send(FULFILLMENT_EVENTS, contract);
		EventFixtures.send(FULFILLMENT_EVENTS, contract(far, sku, 3, 1, 1, true, changedAt.minusSeconds(3600)));
		String marker = "SUP-MARK-" + sku;
		EventFixtures.send(FULFILLMENT_EVENTS, contract(marker, sku, 1, 1, 1, false, Instant.now()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from supplier_contract_terms where supplier_id = ?",
					Integer.class, marker) == 1);
		assertThat(this.jdbc.queryForMap(
				"select lead_time_days, min_order_quantity, order_multiple from supplier_contract_terms where supplier_id = ?",
				far))
			.containsEntry("lead_time_days", 21)
			.containsEntry("min_order_quantity", 300)
			.containsEntry("order_multiple", 40);
		assertThat(plan(sku).path("quantityToOrder").asInt()).isEqualTo(320);

		// The catalogue's own supplier gets a contract: the named supplier is preferred.
		EventFixtures.send(FULFILLMENT_EVENTS, contract(catalogued, sku, 14, 1, 1, true, Instant.now()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> catalogued.equals(plan(sku).path("policy").path("supplierId").asString()));
		assertThat(plan(sku).path("policy").path("leadTimeDays").asInt()).isEqualTo(14);

		// Both contracts removed: back to inventory's settings.
		EventFixtures.send(FULFILLMENT_EVENTS, contract(far, sku, 21, 300, 40, false, Instant.now()));
		EventFixtures.send(FULFILLMENT_EVENTS, contract(catalogued, sku, 14, 1, 1, false, Instant.now()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> plan(sku).path("policy").path("termsSource").asString().equals("SETTING"));
		JsonNode after = plan(sku);
		assertThat(after.path("policy").path("leadTimeDays").asInt()).isEqualTo(7);
		assertThat(after.path("reorderPoint").asInt()).isEqualTo(79);
		assertThat(after.path("quantityToOrder").asInt()).isEqualTo(133);
	}

	@Test
	void orderQuantitiesAreAtLeastTheMinimumInWholeMultiples() {
		assertThat(ReplenishmentPlanner.orderQuantity(0, 300, 40)).isZero();
		assertThat(ReplenishmentPlanner.orderQuantity(278, 300, 40)).isEqualTo(320);
		assertThat(ReplenishmentPlanner.orderQuantity(278, 1, 1)).isEqualTo(278);
		assertThat(ReplenishmentPlanner.orderQuantity(278, 1, 12)).isEqualTo(288);
		assertThat(ReplenishmentPlanner.orderQuantity(360, 300, 40)).isEqualTo(360);
	}

	private static OutgoingEvent contract(String supplier, String sku, int leadTimeDays, int minOrderQuantity,
			int orderMultiple, boolean active, Instant changedAt) {
		return OutgoingEvent.of("concord.fulfillment.SupplierContractChanged", sku, """
				{"supplierId": "%s", "sku": "%s", "leadTimeDays": %d, "minOrderQuantity": %d, "orderMultiple": %d,
				 "unitPriceMinor": 1000, "currency": "CNY", "active": %s, "changedAt": "%s"}""".formatted(supplier, sku,
				leadTimeDays, minOrderQuantity, orderMultiple, active, changedAt));
	}

	/**
	 * A catalogued SKU (its supplier {@code SUP-<sku>}) with {@code onHand} units at one
	 * warehouse and a forecast of 10 a day (sigma 2) from yesterday on.
	 */
	private String stockedWithForecast(int onHand) {
		String sku = "CL-" + UUID.randomUUID().toString().substring(0, 8);
		String location = "W-" + sku;
		this.jdbc.update("insert into sku (sku, name, supplier_id) values (?, ?, ?)", sku, "Test " + sku, "SUP-" + sku);
		this.jdbc.update("insert into location (code, name, type, region) values (?, 'Warehouse', 'WAREHOUSE', 'N')",
				location);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, location);
		this.ledger.adjust(sku, location, onHand, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		LocalDate today = this.forecasts.today();
		Long run = this.jdbc.queryForObject("""
				insert into forecast_run (trigger, status, requested_by, first_day, horizon, started_at, finished_at)
				values ('ON_DEMAND', 'SUCCEEDED', 'test', ?, 28, now(), now()) returning id""", Long.class,
				Date.valueOf(today));
		this.jdbc.update("""
				insert into demand_forecast (sku, location_code, run_id, model, promotion_lift, sigma, first_day,
				  generated_at) values (?, ?, ?, 'FIXTURE', 1, 2, ?, now())""", sku, location, run,
				Date.valueOf(today.minusDays(1)));
		for (int d = -1; d <= 30; d++) {
			this.jdbc.update("""
					insert into demand_forecast_day (sku, location_code, day, mean, lower80, upper80, lower95, upper95,
					  run_id) values (?, ?, ?, 10, 7, 13, 6, 14, ?)""", sku, location, Date.valueOf(today.plusDays(d)),
					run);
		}
		return sku;
	}

	private JsonNode plan(String sku) {
		return read(TestHttp.call(base(), "GET", "/admin/inventory/replenishment/" + sku, this.manager, null).body())
			.get(0);
	}

	private static JsonNode read(String body) {
		return JSON.readTree(body);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
