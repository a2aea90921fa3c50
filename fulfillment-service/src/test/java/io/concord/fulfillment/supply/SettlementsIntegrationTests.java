package io.concord.fulfillment.supply;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supplier settlement from the contract: an on-time full delivery pays its whole value,
 * lateness is charged per started day up to the contract's cap, lines nobody counted are
 * short, penalties round down to whole minor units, and the settlement is announced
 * (PurchaseOrderSettled) with what the order shows.
 */
class SettlementsIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PurchaseOrders purchaseOrders;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void anOnTimeFullDeliveryIsPaidInFullAndAnnounced() {
		try (PublishedEvents supplierTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.supplier-orders.v1")) {
			Supplier supplier = supplier(1000, 2, 20);
			String po = confirmed(supplier, Instant.now().plus(Duration.ofDays(3)), 40, 0);
			JsonNode settlement = settlement(receive(po, supplier.sku(), 40, 40, null));

			assertThat(settlement.path("acceptedValueMinor").asLong()).isEqualTo(40_000);
			assertThat(settlement.path("daysLate").asInt()).isZero();
			assertThat(settlement.path("latePenaltyMinor").asLong()).isZero();
			assertThat(settlement.path("shortPenaltyMinor").asLong()).isZero();
			assertThat(settlement.path("defectPenaltyMinor").asLong()).isZero();
			assertThat(settlement.path("payableMinor").asLong()).isEqualTo(40_000);

			ReceivedEvent settled = supplierTopic
				.await((e) -> e.type().equals("concord.fulfillment.PurchaseOrderSettled") && po.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(settled);
			assertThat(settled.data().path("payableMinor").asLong()).isEqualTo(40_000);
			assertThat(settled.data().path("supplierId").asString()).isEqualTo(supplier.id());
			assertThat(this.jdbc.queryForObject("select count(*) from supplier_settlement where po_id = ?",
					Integer.class, po))
				.as("settled once")
				.isEqualTo(1);
		}
	}

	@Test
	void latenessIsChargedPerStartedDayUpToTheContractsCap() {
		Supplier supplier = supplier(1000, 2, 20);
		// Thirty days late at 2% a day would be 60%; the contract caps it at 20%.
		String po = confirmed(supplier, Instant.now().minus(Duration.ofDays(30)), 10, 0);
		JsonNode settlement = settlement(receive(po, supplier.sku(), 10, 10, null));
		// Thirty days, or thirty-one if a minute passed since the test began.
		assertThat(settlement.path("daysLate").asInt()).isBetween(30, 31);
		assertThat(settlement.path("latePenaltyMinor").asLong()).isEqualTo(2_000);
		assertThat(settlement.path("payableMinor").asLong()).isEqualTo(8_000);

		Supplier slightly = supplier(1000, 2, 20);
		// An hour late is one started day.
		String late = confirmed(slightly, Instant.now().minus(Duration.ofHours(1)), 10, 0);
		JsonNode oneDay = settlement(receive(late, slightly.sku(), 10, 10, null));
		assertThat(oneDay.path("daysLate").asInt()).isEqualTo(1);
		assertThat(oneDay.path("latePenaltyMinor").asLong()).isEqualTo(200);
	}

	@Test
	void uncountedLinesAreShortAndPenaltiesRoundDown() {
		// 333 a unit: 50% of one rejected unit is 166.5, charged 166.
		Supplier supplier = supplier(333, 0, 20);
		String po = confirmed(supplier, Instant.now().plus(Duration.ofDays(3)), 3, 3);
		JsonNode received = receive(po, supplier.sku(), 3, 2, "one cracked");
		JsonNode settlement = settlement(received);
		assertThat(received.path("lines").findValuesAsString("sku")).containsExactlyInAnyOrder(supplier.sku(),
				supplier.other());
		for (JsonNode line : received.path("lines")) {
			if (line.path("sku").asString().equals(supplier.other())) {
				assertThat(line.path("receivedQuantity").asInt()).as("nobody counted it: nothing arrived").isZero();
				assertThat(line.path("acceptedQuantity").asInt()).isZero();
			}
		}
		assertThat(settlement.path("acceptedValueMinor").asLong()).isEqualTo(666);
		assertThat(settlement.path("defectPenaltyMinor").asLong()).isEqualTo(166);
		// The uncounted line: 3 × 333 short at 10%, 99.9 charged 99.
		assertThat(settlement.path("shortPenaltyMinor").asLong()).isEqualTo(99);
		assertThat(settlement.path("payableMinor").asLong()).isEqualTo(666 - 166 - 99);
	}

	record Supplier(String id, String secret, String sku, String other) {
	}

	// Two SKUs at the same price: short 10%, defects 50%, lateness per day up to a cap.
	private Supplier supplier(long price, int latePerDay, int lateCap) {
		String id = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
		Supplier supplier = new Supplier(id, "supplier-secret-" + id,
				"SKU-" + UUID.randomUUID().toString().substring(0, 8),
				"SKU-" + UUID.randomUUID().toString().substring(0, 8));
		String contract = """
				{"sku": "%s", "unitPriceMinor": %d, "currency": "CNY", "leadTimeDays": 5, "latePenaltyPercentPerDay": %d,
				 "maxLatePenaltyPercent": %d, "shortPenaltyPercent": 10, "defectPenaltyPercent": 50}""";
		HttpResponse<String> saved = ops("PUT", "/admin/fulfillment/suppliers/" + id,
				"""
						{"name": "Acme Down", "webhookSecret": "%s", "contracts": [%s, %s]}""".formatted(
						supplier.secret(), contract.formatted(supplier.sku(), price, latePerDay, lateCap),
						contract.formatted(supplier.other(), price, latePerDay, lateCap)));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		return supplier;
	}

	// Ordered, approved and confirmed; the other SKU only when a quantity is given.
	private String confirmed(Supplier supplier, Instant needBy, int quantity, int otherQuantity) {
		String lines = "{\"sku\": \"%s\", \"quantity\": %d}".formatted(supplier.sku(), quantity) + ((otherQuantity > 0)
				? ", {\"sku\": \"%s\", \"quantity\": %d}".formatted(supplier.other(), otherQuantity) : "");
		HttpResponse<String> drafted = ops("POST", "/admin/fulfillment/purchase-orders", """
				{"supplierId": "%s", "location": "WH-SH", "needBy": "%s", "lines": [%s]}""".formatted(supplier.id(),
				needBy, lines));
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
		String po = JSON.readTree(drafted.body()).path("purchaseOrderId").asString();
		assertThat(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/approval", null).statusCode())
			.isEqualTo(200);
		HttpResponse<String> confirmed = SignedCallbacks.post(base(),
				"/webhooks/suppliers/" + supplier.id() + "/purchase-orders/" + po + "/confirmation",
				"{\"lines\": [{\"sku\": \"%s\", \"quantity\": %d, \"unitPriceMinor\": 1}]}".formatted(supplier.sku(),
						quantity),
				supplier.secret());
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		return po;
	}

	private JsonNode receive(String po, String sku, int received, int accepted, String reason) {
		HttpResponse<String> answer = ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt",
				"{\"lines\": [{\"sku\": \"%s\", \"received\": %d, \"accepted\": %d%s}]}".formatted(sku, received,
						accepted, (reason != null) ? ", \"rejectReason\": \"" + reason + "\"" : ""));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode order = JSON.readTree(answer.body());
		assertThat(order.path("status").asString()).isEqualTo("SETTLED");
		return order;
	}

	private static JsonNode settlement(JsonNode order) {
		JsonNode settlement = order.path("settlement");
		assertThat(settlement.isObject()).as(order.toString()).isTrue();
		assertThat(settlement.path("settledAt").isString()).isTrue();
		return settlement;
	}

	private HttpResponse<String> ops(String method, String path, String json) {
		return TestHttp.call(base(), method, path, this.manager, json);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
