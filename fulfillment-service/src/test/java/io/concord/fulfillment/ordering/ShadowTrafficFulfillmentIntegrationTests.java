package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.shipping.Carriers;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.TestRun;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow traffic in fulfillment-service (ADR-25), load testing on: a run's checkout
 * (placed, paid by an untagged provider callback, one order cancelled) is tagged in the
 * database, its events go to the shadow topic only, the partner calls it causes carry the
 * tag, the KPIs and order counters do not move, no carrier is booked and no supplier gets
 * a purchase order; the purge removes it. A run's unpaid order expired by the job is
 * announced on the shadow topic.
 */
@TestPropertySource(properties = "concord.load-testing.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShadowTrafficFulfillmentIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SHADOW_TOPIC = TestRun.shadowTopic(OrderEvents.TOPIC);

	@LocalServerPort
	int port;

	@Autowired
	OrderLifecycle lifecycle;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Carriers carriers;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	private final PartnerStub partners = PartnerStub.get();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void aRunsCheckoutIsTaggedStaysOffRealTopicsNumbersCarriersAndSuppliersAndIsPurged() {
		String run = "ff-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> tagged = Map.of(TestRun.HEADER, run);
		// A real supplier that ships the run's dropship product: it must hear nothing.
		String supplier = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
		String jacket = "SKU-" + run + "-jacket";
		String boots = "SKU-" + run + "-boots";
		HttpResponse<String> supplied = call("PUT", "/admin/fulfillment/suppliers/" + supplier, """
				{"name": "Real Boots Ltd", "webhookSecret": "real-supplier-secret-%s", "contracts": [{"sku": "%s",
				 "unitPriceMinor": 1000, "currency": "CNY", "leadTimeDays": 5, "latePenaltyPercentPerDay": 2,
				 "maxLatePenaltyPercent": 20, "shortPenaltyPercent": 10, "defectPenaltyPercent": 50}]}"""
			.formatted(supplier, boots), Map.of());
		assertThat(supplied.statusCode()).as(supplied.body()).isEqualTo(200);
		product(jacket, 29900, null, tagged);
		product(boots, 15900, supplier, tagged);
		assertThat(this.jdbc.queryForObject("select count(*) from product where sku in (?, ?) and test_run = ?",
				Integer.class, jacket, boots, run))
			.isEqualTo(2);
		String real = "SKU-real-" + UUID.randomUUID().toString().substring(0, 8);
		product(real, 1000, null, Map.of());
		HttpResponse<String> repriced = call("PUT", "/admin/fulfillment/products/" + real, """
				{"name": "Cheap now", "unitPriceMinor": 1, "currency": "CNY"}""", tagged);
		assertThat(repriced.statusCode()).as("a run never reprices the real catalogue").isEqualTo(422);
		assertThat(repriced.body()).contains("https://concord.dev/problems/test-run-real-product");
		assertThat(this.jdbc.queryForObject("select unit_price_minor from product where sku = ?", Long.class, real))
			.isEqualTo(1000);

		// A real carrier that could take the parcels (so dear and slow that no other test
		// would choose it), off again at the end.
		String carrier = "RX" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
		this.carriers.save(carrier, "Real Express", "real-carrier-secret", true,
				List.of(new Carriers.Rate("STANDARD", "NATIONAL", 99_999_999, 999)));
		try {
			checkout(run, tagged, supplier, jacket, boots);
		}
		finally {
			this.carriers.save(carrier, "Real Express", "real-carrier-secret", false, List.of());
		}
	}

	private void checkout(String run, Map<String, String> tagged, String supplier, String jacket, String boots) {
		String window = "?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
				+ Instant.now().plus(Duration.ofHours(1));
		JsonNode kpisBefore = read(call("GET", "/admin/fulfillment/kpis" + window, null, Map.of()));
		double placedBefore = count("concord.orders.placed", "channel", "APP");
		double cancelledBefore = count("concord.orders.cancelled", "cause", "CUSTOMER");
		double paymentsBefore = count("concord.payments", "outcome", "APPLIED");

		try (PublishedEvents realTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC);
				PublishedEvents shadowTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
						SHADOW_TOPIC)) {
			String shopper = TestIssuers.get().memberToken(UUID.randomUUID());
			String paid = place(shopper, tagged, jacket, boots);
			String cancelled = place(shopper, tagged, jacket, null);

			// The provider's callback carries no tag: the order's run is bound all the
			// same.
			String body = """
					{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
				.formatted(paid, paid, payable(paid));
			HttpResponse<String> callback = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
					PAYMENT_SECRET);
			assertThat(read(callback).path("outcome").asString()).as(callback.body()).isEqualTo("APPLIED");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "ALLOCATED".equals(this.jdbc
					.queryForObject("select status from customer_order where order_id = ?", String.class, paid)));
			HttpResponse<String> cancellation = call("POST", "/api/orders/" + cancelled + "/cancellation", shopper,
					null, tagged);
			assertThat(cancellation.statusCode()).as(cancellation.body()).isEqualTo(200);

			for (String order : List.of(paid, cancelled)) {
				assertThat(this.jdbc.queryForObject("select test_run from customer_order where order_id = ?",
						String.class, order))
					.isEqualTo(run);
			}
			assertThat(this.jdbc.queryForObject("select test_run from payment where order_id = ?", String.class, paid))
				.isEqualTo(run);
			// Ops' order list shows real orders; a run's orders only when asked for by
			// run.
			assertThat(call("GET", "/admin/fulfillment/orders?status=ALLOCATED&limit=1000", null, Map.of()).body())
				.doesNotContain(paid);
			assertThat(call("GET", "/admin/fulfillment/orders?status=ALLOCATED&testRun=" + run, null, Map.of()).body())
				.contains(paid);
			List<Map<String, Object>> parcels = this.jdbc.queryForList(
					"select test_run, carrier_code, tracking_number, dropship from shipment where order_id = ?", paid);
			assertThat(parcels).hasSize(2).allSatisfy((parcel) -> {
				assertThat(parcel.get("test_run")).isEqualTo(run);
				assertThat(parcel.get("carrier_code")).as("no carrier booked for a run").isNull();
				assertThat(parcel.get("tracking_number")).isNull();
			});
			assertThat(this.jdbc.queryForObject(
					"select count(*) from purchase_order where customer_order_id = ? or supplier_id = ?", Integer.class,
					paid, supplier))
				.as("the supplier of the dropship line got no purchase order")
				.isZero();

			// Every partner call about the run's orders carried the tag, including those
			// the untagged payment callback caused.
			for (String order : List.of(paid, cancelled)) {
				List<String> about = this.partners.calls.stream().filter((c) -> c.contains(order)).toList();
				assertThat(about).isNotEmpty();
				assertThat(this.partners.taggedCalls.stream().filter((c) -> c.contains(order))).hasSize(about.size())
					.allSatisfy((c) -> assertThat(c).endsWith("[" + run + "]"));
			}
			assertThat(this.partners.taggedCalls).contains(
					"POST /internal/inventory/reservations " + paid + " [" + run + "]",
					"POST /internal/promotions/orders " + paid + " [" + run + "]");
			assertThat(this.partners.taggedCalls)
				.anyMatch((c) -> c.startsWith("POST /internal/inventory/reservations/" + paid + "/confirm"));
			assertThat(this.partners.reservations).containsEntry(paid, "CONFIRMED");
			assertThat(this.partners.promotions).containsEntry(paid, "REDEEMED");

			List<ReceivedEvent> shadow = shadowTopic
				.await((e) -> paid.equals(e.subject()) || cancelled.equals(e.subject()), 4);
			assertThat(shadow).extracting(ReceivedEvent::type)
				.contains("concord.fulfillment.OrderPlaced", "concord.fulfillment.OrderPaid",
						"concord.fulfillment.OrderCancelled");
			assertThat(shadow).allSatisfy((e) -> assertThat(e.attribute("testrun")).isEqualTo(run));
			shadowTopic.await(
					(e) -> cancelled.equals(e.subject()) && e.type().equals("concord.fulfillment.OrderCancelled"), 1);

			// A run's replenishment suggestion (its shadow topic) orders nothing either.
			String suggestion = "SUG-" + run;
			OutgoingEvent suggested = OutgoingEvent.of("concord.inventory.ReplenishmentSuggested", boots, """
					{"suggestionId": "%s", "sku": "%s", "location": "WH-SH", "quantity": 40, "supplierId": "%s",
					 "needBy": null}""".formatted(suggestion, boots, supplier));
			EventFixtures.send(TestRun.shadowTopic("concord.inventory.events.v1"), suggested, run);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from processed_event where handler = 'draft-purchase-orders' and event_id = ?",
						Integer.class, suggested.id()) == 1);
			assertThat(this.jdbc.queryForObject("select count(*) from purchase_order where suggestion_id = ?",
					Integer.class, suggestion))
				.isZero();
			assertThat(realTopic.received()).as("nothing of the run on the real topic")
				.noneMatch((e) -> paid.equals(e.subject()) || cancelled.equals(e.subject()));
		}

		JsonNode kpisAfter = read(call("GET", "/admin/fulfillment/kpis" + window, null, Map.of()));
		for (String figure : List.of("ordersPlaced", "ordersByStatus", "cancellationsByCause", "averageOrderValueMinor",
				"atRisk")) {
			assertThat(kpisAfter.path(figure)).as(figure).isEqualTo(kpisBefore.path(figure));
		}
		assertThat(count("concord.orders.placed", "channel", "APP")).isEqualTo(placedBefore);
		assertThat(count("concord.orders.cancelled", "cause", "CUSTOMER")).isEqualTo(cancelledBefore);
		assertThat(count("concord.payments", "outcome", "APPLIED")).as("a run's payment is not a real one")
			.isEqualTo(paymentsBefore);

		HttpResponse<String> purged = call("DELETE", "/admin/fulfillment/test-runs/" + run,
				TestIssuers.get().staffToken("admin-1", "admin"), null, Map.of());
		assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
		JsonNode deleted = read(purged).path("deleted");
		assertThat(deleted.path("customer_order").asInt()).isEqualTo(2);
		assertThat(deleted.path("order_line").asInt()).isEqualTo(3);
		assertThat(deleted.path("payment").asInt()).isEqualTo(1);
		assertThat(deleted.path("shipment").asInt()).isEqualTo(2);
		assertThat(deleted.path("product").asInt()).isEqualTo(2);
		assertThat(deleted.path("order_transition").asInt()).isPositive();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from customer_order where test_run = ? or order_id in (select order_id from order_line "
						+ "where sku in (?, ?))",
				Integer.class, run, jacket, boots))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from product where sku = ?", Integer.class, jacket))
			.isZero();
		assertThat(call("DELETE", "/admin/fulfillment/test-runs/" + run, this.manager, null, Map.of()).statusCode())
			.as("admins only")
			.isEqualTo(403);
	}

	@Test
	void aRunsUnpaidOrderExpiredByTheJobIsAnnouncedOnTheShadowTopicOnly() {
		String run = "ff-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> tagged = Map.of(TestRun.HEADER, run);
		String sku = "SKU-" + run;
		product(sku, 9900, null, tagged);
		try (PublishedEvents realTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC);
				PublishedEvents shadowTopic = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
						SHADOW_TOPIC)) {
			String unpaid = place(TestIssuers.get().memberToken(UUID.randomUUID()), tagged, sku, null);
			this.jdbc.update(
					"update customer_order set payment_due_at = now() - interval '1 second' where order_id = ?",
					unpaid);
			assertThat(this.lifecycle.expireUnpaid(100)).isPositive();
			ReceivedEvent expired = shadowTopic
				.await((e) -> unpaid.equals(e.subject()) && e.type().equals("concord.fulfillment.OrderCancelled"), 1)
				.get(0);
			assertThat(expired.attribute("testrun")).isEqualTo(run);
			assertThat(expired.data().path("cause").asString()).isEqualTo("PAYMENT_TIMEOUT");
			assertThat(realTopic.received()).noneMatch((e) -> unpaid.equals(e.subject()));
		}
	}

	private String place(String shopper, Map<String, String> headers, String sku, String dropshipSku) {
		String lines = (dropshipSku != null)
				? "[{\"sku\": \"%s\", \"quantity\": 1}, {\"sku\": \"%s\", \"quantity\": 2}]".formatted(sku, dropshipSku)
				: "[{\"sku\": \"%s\", \"quantity\": 1}]".formatted(sku);
		HttpResponse<String> placed = TestHttp.call(base(), "POST", "/api/orders", shopper, """
				{"channel": "APP", "lines": %s,
				 "shippingAddress": {"name": "Load Tester", "phone": "+8613900000000", "region": "CN-SH",
				   "city": "Shanghai", "line1": "1 Bund"}}""".formatted(lines), headers);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return read(placed).path("orderId").asString();
	}

	private long payable(String orderId) {
		return this.jdbc.queryForObject("select payable_minor from customer_order where order_id = ?", Long.class,
				orderId);
	}

	private void product(String sku, long price, String supplier, Map<String, String> headers) {
		HttpResponse<String> saved = call("PUT", "/admin/fulfillment/products/" + sku,
				"""
						{"name": "Product %s", "category": "APPAREL", "brand": "ACME", "unitPriceMinor": %d, "currency": "CNY",
						 "dropship": %s, "supplierId": %s}"""
					.formatted(sku, price, supplier != null, (supplier != null) ? "\"" + supplier + "\"" : "null"),
				headers);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private HttpResponse<String> call(String method, String path, String json, Map<String, String> headers) {
		return call(method, path, this.manager, json, headers);
	}

	private HttpResponse<String> call(String method, String path, String token, String json,
			Map<String, String> headers) {
		return TestHttp.call(base(), method, path, token, json, headers);
	}

	private double count(String name, String tag, String value) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
