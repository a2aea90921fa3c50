package io.concord.fulfillment.supply;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A purchase order from draft to settlement: approved and sent, confirmed and announced
 * by the supplier (signed), received with rejected goods, settled at once with the
 * contract's penalties, and the supplier graded from that history; replenishment
 * suggestions draft orders once.
 */
class SupplyIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PurchaseOrders purchaseOrders;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void aLateShortDeliveryWithDefectsIsSettledFromTheContractAndGraded() {
		try (PublishedEvents supplierTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.supplier-orders.v1");
				PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
						"concord.fulfillment.events.v1")) {
			String supplier = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
			String secret = "supplier-secret-" + supplier;
			String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
			supplier(supplier, secret, sku);
			// Needed 47 hours ago: two (started) days late.
			HttpResponse<String> drafted = call("POST", "/admin/fulfillment/purchase-orders",
					"""
							{"supplierId": "%s", "location": "WH-SH", "needBy": "%s", "lines": [{"sku": "%s", "quantity": 100}]}"""
						.formatted(supplier, Instant.now().minus(Duration.ofHours(47)), sku));
			assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
			String po = read(drafted).path("purchaseOrderId").asString();
			assertThat(call("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt",
					"{\"lines\": [{\"sku\": \"" + sku + "\", \"received\": 1, \"accepted\": 1}]}")
				.statusCode()).as("a draft cannot be received").isEqualTo(409);
			assertThat(call("POST", "/admin/fulfillment/purchase-orders/" + po + "/approval", null).statusCode())
				.isEqualTo(200);

			String confirmation = "{\"lines\": [{\"sku\": \"" + sku
					+ "\", \"quantity\": 100, \"unitPriceMinor\": 1000}]}";
			assertThat(partner(supplier, po, "confirmation", confirmation, "not-the-secret").statusCode())
				.isEqualTo(401);
			assertThat(partner(supplier, po, "confirmation", confirmation, secret).statusCode()).isEqualTo(200);
			assertThat(partner(supplier, po, "shipping-notice",
					"{\"reference\": \"ASN-1\", \"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": 95}]}", secret)
				.statusCode()).isEqualTo(200);
			HttpResponse<String> received = call("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt", """
					{"lines": [{"sku": "%s", "received": 95, "accepted": 90, "rejectReason": "scratched"}]}"""
				.formatted(sku));
			assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
			JsonNode settlement = read(received).path("settlement");
			// 90 × 10.00 accepted; late 2 days × 2% = 4% of it; 5 short × 10% of 10.00;
			// 5 defective × 50% of 10.00.
			assertThat(settlement.path("acceptedValueMinor").asLong()).isEqualTo(90_000);
			assertThat(settlement.path("latePenaltyMinor").asLong()).isEqualTo(3_600);
			assertThat(settlement.path("shortPenaltyMinor").asLong()).isEqualTo(500);
			assertThat(settlement.path("defectPenaltyMinor").asLong()).isEqualTo(2_500);
			assertThat(settlement.path("payableMinor").asLong()).isEqualTo(83_400);
			assertThat(read(received).path("status").asString()).isEqualTo("SETTLED");

			JsonNode card = read(call("GET", "/admin/fulfillment/suppliers/" + supplier + "/scorecard", null));
			assertThat(card.path("onTimeDeliveryRate").asDouble()).isZero();
			assertThat(card.path("fillRate").asDouble()).isEqualTo(0.95);
			assertThat(card.path("qualityPassRate").asDouble()).isCloseTo(90.0 / 95, within());
			assertThat(card.path("asnAccuracy").asDouble()).isEqualTo(1.0);
			assertThat(card.path("priceCompliance").asDouble()).isEqualTo(1.0);
			assertThat(card.path("confirmationLatencyHours").isNumber()).isTrue();
			assertThat(card.path("leadTimeMeanDays").isNumber()).isTrue();
			// 30% × 0 + 25% × 0.95 + 25% × 0.947 + 10% (confirmed within a day) + 10% ×
			// 1.0
			assertThat(card.path("score").asDouble()).isCloseTo(67.43, within());
			assertThat(card.path("grade").asString()).isEqualTo("C");

			ReceivedEvent sent = supplierTopic
				.await((e) -> e.type().equals("concord.fulfillment.PurchaseOrderSent") && po.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(sent);
			EventContracts.assertConforms(supplierTopic
				.await((e) -> e.type().equals("concord.fulfillment.PurchaseOrderSettled") && po.equals(e.subject()), 1)
				.get(0));
			ReceivedEvent goods = events
				.await((e) -> e.type().equals("concord.fulfillment.GoodsReceived") && po.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(goods);
			assertThat(goods.data().path("lines").get(0).path("quantity").asInt()).as("accepted units only")
				.isEqualTo(90);
			EventContracts.assertConforms(events
				.await((e) -> e.type().equals("concord.fulfillment.SupplierGraded") && supplier.equals(e.subject()), 1)
				.get(0));
		}
	}

	@Test
	void aReplenishmentSuggestionDraftsOnePurchaseOrderFromTheBestGradedSupplier() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		String graded = "SUP-G-" + UUID.randomUUID().toString().substring(0, 6);
		String ungraded = "SUP-U-" + UUID.randomUUID().toString().substring(0, 6);
		supplier(ungraded, "supplier-secret-" + ungraded, sku);
		supplier(graded, "supplier-secret-" + graded, sku);
		this.jdbc.update("update supplier set grade = 'B', score = 80 where supplier_id = ?", graded);
		String suggestion = "SUG-" + UUID.randomUUID();
		OutgoingEvent suggested = OutgoingEvent.of("concord.inventory.ReplenishmentSuggested", sku, """
				{"suggestionId": "%s", "sku": "%s", "location": "WH-SH", "quantity": 40, "supplierId": null,
				 "needBy": null}""".formatted(suggestion, sku));
		EventFixtures.send("concord.inventory.events.v1", suggested);
		EventFixtures.send("concord.inventory.events.v1", suggested);
		EventFixtures.send("concord.inventory.events.v1", suggested.withId(UUID.randomUUID().toString()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from purchase_order where suggestion_id = ?",
					Integer.class, suggestion) == 1);
		String po = this.jdbc.queryForObject("select po_id from purchase_order where suggestion_id = ?", String.class,
				suggestion);
		PurchaseOrders.PurchaseOrder draft = this.purchaseOrders.find(po);
		assertThat(draft.supplierId()).isEqualTo(graded);
		assertThat(draft.status()).isEqualTo("DRAFT");
		assertThat(draft.lines()).singleElement().satisfies((l) -> assertThat(l.quantity()).isEqualTo(40));
	}

	@Test
	void aContractChangeIsAnnouncedWithItsLeadTimeAndOrderQuantitiesForReplenishment() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.events.v1")) {
			String supplier = "SUP-C-" + UUID.randomUUID().toString().substring(0, 8);
			String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
			String other = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
			String body = """
					{"name": "Acme Down", "webhookSecret": "supplier-secret-%s", "contracts": [%s]}""";
			String contract = """
					{"sku": "%s", "unitPriceMinor": 1000, "currency": "CNY", "leadTimeDays": %d,
					 "minOrderQuantity": 120, "orderMultiple": 12, "defectPenaltyPercent": %d}""";

			// Invalid order quantities and a SKU contracted twice are refused.
			assertThat(call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier, contract.formatted(sku, 21, 0).replace("120", "0")))
				.statusCode()).isEqualTo(400);
			assertThat(call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier,
							contract.formatted(sku, 21, 0).replace("\"orderMultiple\": 12", "\"orderMultiple\": 0")))
				.statusCode()).isEqualTo(400);
			HttpResponse<String> twice = call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier, contract.formatted(sku, 21, 0) + "," + contract.formatted(sku, 5, 0)));
			assertThat(twice.statusCode()).as(twice.body()).isEqualTo(422);
			assertThat(twice.body()).contains("duplicate-contract");

			HttpResponse<String> saved = call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier, contract.formatted(sku, 21, 0) + "," + contract.formatted(other, 3, 0)));
			assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
			assertThat(read(saved).path("contracts").get(0).path("minOrderQuantity").asInt()).isEqualTo(120);
			assertThat(read(saved).path("contracts").get(0).path("orderMultiple").asInt()).isEqualTo(12);
			ReceivedEvent added = events
				.await((e) -> e.type().equals("concord.fulfillment.SupplierContractChanged") && sku.equals(e.subject())
						&& supplier.equals(e.data().path("supplierId").asString()), 1)
				.get(0);
			EventContracts.assertConforms(added);
			assertThat(added.key()).isEqualTo(sku);
			assertThat(added.data().path("leadTimeDays").asInt()).isEqualTo(21);
			assertThat(added.data().path("minOrderQuantity").asInt()).isEqualTo(120);
			assertThat(added.data().path("orderMultiple").asInt()).isEqualTo(12);
			assertThat(added.data().path("unitPriceMinor").asLong()).isEqualTo(1000);
			assertThat(added.data().path("active").asBoolean()).isTrue();

			// A penalty alone is not replenishment's business; a lead time change is, and
			// a contract left out is announced inactive.
			assertThat(call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier, contract.formatted(sku, 21, 50) + "," + contract.formatted(other, 3, 0)))
				.statusCode()).isEqualTo(200);
			assertThat(call("PUT", "/admin/fulfillment/suppliers/" + supplier,
					body.formatted(supplier, contract.formatted(sku, 14, 50)))
				.statusCode()).isEqualTo(200);
			List<ReceivedEvent> changes = events
				.await((e) -> e.type().equals("concord.fulfillment.SupplierContractChanged")
						&& supplier.equals(e.data().path("supplierId").asString()), 4);
			changes.forEach(EventContracts::assertConforms);
			assertThat(changes)
				.extracting((e) -> e.subject() + ":" + e.data().path("leadTimeDays").asInt() + ":"
						+ e.data().path("active").asBoolean())
				.containsExactlyInAnyOrder(sku + ":21:true", other + ":3:true", sku + ":14:true", other + ":3:false");
			ReceivedEvent changed = changes.stream()
				.filter((e) -> e.data().path("leadTimeDays").asInt() == 14)
				.findFirst()
				.orElseThrow();
			assertThat(Instant.parse(changed.data().path("changedAt").asString()))
				.isAfterOrEqualTo(Instant.parse(added.data().path("changedAt").asString()));
			assertThat(Long.parseLong(changed.attribute("aggregateversion")))
				.isGreaterThanOrEqualTo(Long.parseLong(added.attribute("aggregateversion")));
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> events.received()
					.stream()
					.filter((e) -> e.type().equals("concord.fulfillment.SupplierContractChanged")
							&& supplier.equals(e.data().path("supplierId").asString()))
					.count() == 4);
		}
	}

	@Test
	void theSupplierListShowsEverySupplierWithItsGradeAndContractsToAViewerButNotALoadTestRunsSuppliers() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		String graded = "SUP-L-" + UUID.randomUUID().toString().substring(0, 6);
		String testRun = "SUP-T-" + UUID.randomUUID().toString().substring(0, 6);
		supplier(graded, "supplier-secret-" + graded, sku);
		supplier(testRun, "supplier-secret-" + testRun, sku);
		this.jdbc.update("update supplier set grade = 'B', score = 80 where supplier_id = ?", graded);
		this.jdbc.update("update supplier set test_run = 'run-1' where supplier_id = ?", testRun);
		String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

		HttpResponse<String> listed = TestHttp.call(base(), "GET", "/admin/fulfillment/suppliers", viewer, null);

		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		List<JsonNode> suppliers = read(listed).valueStream().toList();
		assertThat(suppliers).extracting((s) -> s.path("supplierId").asString())
			.contains(graded)
			.doesNotContain(testRun)
			.isSorted();
		JsonNode listedGraded = suppliers.stream()
			.filter((s) -> graded.equals(s.path("supplierId").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(listedGraded.path("grade").asString()).isEqualTo("B");
		assertThat(listedGraded.path("contracts").get(0).path("leadTimeDays").asInt()).isEqualTo(5);
		assertThat(listedGraded.has("webhookSecret")).as("never the secret").isFalse();
		assertThat(TestHttp.call(base(), "GET", "/admin/fulfillment/suppliers", null, null).statusCode())
			.isEqualTo(401);
	}

	private void supplier(String supplier, String secret, String sku) {
		HttpResponse<String> saved = call("PUT", "/admin/fulfillment/suppliers/" + supplier, """
				{"name": "Acme Down", "webhookSecret": "%s", "contracts": [{"sku": "%s", "unitPriceMinor": 1000,
				 "currency": "CNY", "leadTimeDays": 5, "latePenaltyPercentPerDay": 2, "maxLatePenaltyPercent": 20,
				 "shortPenaltyPercent": 10, "defectPenaltyPercent": 50}]}""".formatted(secret, sku));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private HttpResponse<String> partner(String supplier, String po, String what, String body, String secret) {
		return SignedCallbacks.post(base(), "/webhooks/suppliers/" + supplier + "/purchase-orders/" + po + "/" + what,
				body, secret);
	}

	private HttpResponse<String> call(String method, String path, String json) {
		return TestHttp.call(base(), method, path, this.manager, json);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private static org.assertj.core.data.Offset<Double> within() {
		return org.assertj.core.data.Offset.offset(0.01);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
