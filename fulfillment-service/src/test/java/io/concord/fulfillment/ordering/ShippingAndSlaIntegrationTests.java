package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.fulfillment.shipping.Shipments;
import io.concord.fulfillment.supply.PurchaseOrders;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After payment: parcels split by source with the cheapest carrier that keeps the
 * promise, carrier tracking applied once and never backwards driving the order to
 * delivery, promises watched (at risk, breaches), and the operations KPIs.
 */
class ShippingAndSlaIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CARRIER_SECRET = "swift-express-webhook-secret";

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	Shipments shipments;

	@Autowired
	OrderSla sla;

	@Autowired
	PurchaseOrders purchaseOrders;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@BeforeEach
	void carriers() {
		// SLOW is cheapest but takes 96 h; SWIFT keeps a 72-hour promise for a little
		// more.
		carrier("SLOWPOST", "slow-post-webhook-secret-0001", 600, 96);
		carrier("SWIFT", CARRIER_SECRET, 900, 48);
	}

	@Test
	void paidOrdersShipFromEachSourceAndTrackingDeliversThemOnce() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC);
				PublishedEvents supplierOrders = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
						"concord.fulfillment.supplier-orders.v1")) {
			String split = product(4900, false, null);
			String supplier = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
			String dropship = product(12900, true, supplier);
			HttpResponse<String> contracted = TestHttp.call(base(), "PUT", "/admin/fulfillment/suppliers/" + supplier,
					this.manager, """
							{"name": "Acme Home", "webhookSecret": "acme-home-webhook-secret", "contracts": [
							  {"sku": "%s", "unitPriceMinor": 8000, "currency": "CNY", "leadTimeDays": 2}]}"""
						.formatted(dropship));
			assertThat(contracted.statusCode()).as(contracted.body()).isEqualTo(200);
			PartnerStub.get().refuse.put(split, "SPLIT");
			Orders.Order order = this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
					new OrderPlacement.PlaceOrder("APP",
							List.of(new Partners.StockLine(split, 4), new Partners.StockLine(dropship, 1)),
							JSON.readTree("{\"name\": \"Ada\"}"), "CN-SH", null, false, 0));
			pay(order);

			Orders.Order allocated = this.orders.get(order.orderId());
			assertThat(allocated.status()).as("allocated as soon as stock and coupons are confirmed")
				.isEqualTo(OrderStatus.ALLOCATED);
			assertThat(allocated.promisedDeliveryBy()).isAfter(allocated.paidAt().plusSeconds(71 * 3600));
			List<Shipments.Shipment> parcels = this.shipments.ofOrder(order.orderId());
			assertThat(parcels).extracting(Shipments.Shipment::source)
				.containsExactlyInAnyOrder("WH-SH", "WH-GZ", "SUPPLIER:" + supplier);
			assertThat(parcels).filteredOn(Shipments.Shipment::dropship).hasSize(1);
			assertThat(parcels).as("the cheapest carrier that keeps the 72-hour promise")
				.allMatch((p) -> "SWIFT".equals(p.carrierCode()) && p.costMinor() == 900);

			Shipments.Shipment first = parcels.get(0);
			assertThat(track(first.trackingNumber(), "E1", "PICKED_UP", "2026-11-29T01:00:00Z", "WRONG").statusCode())
				.isEqualTo(401);
			assertThat(
					outcome(track(first.trackingNumber(), "E1", "PICKED_UP", "2026-11-29T01:00:00Z", CARRIER_SECRET)))
				.isEqualTo("APPLIED");
			assertThat(
					outcome(track(first.trackingNumber(), "E1", "PICKED_UP", "2026-11-29T01:00:00Z", CARRIER_SECRET)))
				.isEqualTo("DUPLICATE");
			assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.SHIPPED);
			for (Shipments.Shipment parcel : parcels) {
				assertThat(outcome(track(parcel.trackingNumber(), "D-" + parcel.shipmentId(), "DELIVERED",
						"2026-11-29T09:00:00Z", CARRIER_SECRET)))
					.isEqualTo("APPLIED");
			}
			assertThat(
					outcome(track(first.trackingNumber(), "E2", "IN_TRANSIT", "2026-11-29T05:00:00Z", CARRIER_SECRET)))
				.as("a late in-transit scan does not undo the delivery")
				.isEqualTo("STALE");
			assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.DELIVERED);
			// The dropship line went to its supplier as a purchase order with the
			// parcel's
			// label, settled once the carrier delivered it.
			PurchaseOrders.PurchaseOrder dropshipOrder = this.purchaseOrders.ofSupplier(supplier).get(0);
			assertThat(dropshipOrder.origin()).isEqualTo("DROPSHIP");
			assertThat(dropshipOrder.status()).isEqualTo("SETTLED");
			assertThat(dropshipOrder.settlement().payableMinor()).isEqualTo(8000);
			EventContracts.assertConforms(
					supplierOrders
						.await((e) -> e.type().equals("concord.fulfillment.PurchaseOrderSent")
								&& e.data().path("customerOrderId").asString().equals(order.orderId()), 1)
						.get(0));
			EventContracts.assertConforms(
					events
						.await((e) -> e.type().equals("concord.fulfillment.OrderDelivered")
								&& order.orderId().equals(e.subject()), 1)
						.get(0));
		}
	}

	@Test
	void ordersAboutToMissTheirPromiseAreFlaggedOnceAndMissedOnesRecorded() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				OrderEvents.TOPIC)) {
			Orders.Order order = this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
					new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(product(3000, false, null), 1)),
							JSON.readTree("{}"), "CN-SH", null, false, 0));
			pay(order);
			this.jdbc.update(
					"update customer_order set promised_dispatch_by = now() + interval '1 hour' where order_id = ?",
					order.orderId());
			this.sla.watch();
			this.sla.watch();
			assertThat(this.sla.atRisk()).extracting(OrderSla.AtRisk::orderId).contains(order.orderId());
			List<io.concord.platform.test.ReceivedEvent> flagged = events
				.await((e) -> e.type().equals("concord.fulfillment.FulfilmentAtRisk")
						&& order.orderId().equals(e.subject()), 1);
			EventContracts.assertConforms(flagged.get(0));
			assertThat(flagged.get(0).data().path("reason").asString()).isEqualTo("DISPATCH_DEADLINE_CLOSE");

			this.jdbc.update(
					"update customer_order set promised_dispatch_by = now() - interval '1 minute' where order_id = ?",
					order.orderId());
			this.sla.watch();
			assertThat(this.sla.breaches()).filteredOn((b) -> b.orderId().equals(order.orderId()))
				.singleElement()
				.satisfies((b) -> {
					assertThat(b.kind()).isEqualTo("DISPATCH");
					assertThat(b.cause()).isEqualTo("WAREHOUSE_BACKLOG");
				});
			JsonNode kpis = JSON
				.readTree(TestHttp.call(base(), "GET", "/admin/fulfillment/kpis", this.manager, null).body());
			assertThat(kpis.path("atRisk").asLong()).isPositive();
			assertThat(kpis.path("ordersByStatus").path("ALLOCATED").asLong()).isPositive();
			assertThat(kpis.path("cancellationsByCause").has("PAYMENT_TIMEOUT")).isTrue();
			assertThat(kpis.path("supplyCausedCancellations").has("rate")).isTrue();
		}
	}

	@Test
	void kpisShowEachChannelsOrderValueAndReturnRate() {
		String channel = "LIVE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase().replace('-', '0');
		Instant from = Instant.now().minusSeconds(5);
		List<Orders.Order> placed = new java.util.ArrayList<>();
		for (long price : List.of(3000L, 5000L, 7000L)) {
			Orders.Order order = this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
					new OrderPlacement.PlaceOrder(channel,
							List.of(new Partners.StockLine(product(price, false, null), 1)), JSON.readTree("{}"),
							"CN-SH", null, false, 0));
			placed.add(order);
		}
		// Two paid and delivered, one of them returned; the third never paid.
		for (Orders.Order order : placed.subList(0, 2)) {
			pay(order);
			this.jdbc.update("update customer_order set delivered_at = now() where order_id = ?", order.orderId());
		}
		this.jdbc.update("""
				insert into order_return (return_id, order_id, status, lines, refund_minor, created_at, updated_at)
				values (?, ?, 'RETURNED', '[]'::jsonb, 0, now(), now())""", "RET-" + UUID.randomUUID(),
				placed.get(0).orderId());
		JsonNode kpis = JSON.readTree(
				TestHttp
					.call(base(), "GET", "/admin/fulfillment/kpis?from=" + from + "&to=" + Instant.now().plusSeconds(5),
							this.manager, null)
					.body());
		JsonNode figures = null;
		for (JsonNode line : kpis.path("byChannel")) {
			if (line.path("channel").asString().equals(channel)) {
				figures = line;
			}
		}
		assertThat(figures).as(kpis.toString()).isNotNull();
		assertThat(figures.path("paidOrders").asLong()).isEqualTo(2);
		assertThat(figures.path("averageOrderValueMinor").asLong())
			.isEqualTo((placed.get(0).payableMinor() + placed.get(1).payableMinor()) / 2);
		assertThat(figures.path("returnRate").path("count").asLong()).isEqualTo(1);
		assertThat(figures.path("returnRate").path("of").asLong()).isEqualTo(2);
		assertThat(figures.path("returnRate").path("rate").asDouble()).isEqualTo(0.5);
	}

	private void pay(Orders.Order order) {
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(order.orderId(), order.orderId(), order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
	}

	private HttpResponse<String> track(String trackingNumber, String eventId, String status, String at, String secret) {
		String body = """
				{"eventId": "%s-%s", "trackingNumber": "%s", "status": "%s", "occurredAt": "%s"}"""
			.formatted(trackingNumber, eventId, trackingNumber, status, at);
		return SignedCallbacks.post(base(), "/webhooks/carriers/SWIFT", body, secret);
	}

	private static String outcome(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).path("outcome").asString();
	}

	private void carrier(String code, String secret, long cost, int hours) {
		HttpResponse<String> saved = TestHttp.call(base(), "PUT", "/admin/fulfillment/carriers/" + code, this.manager,
				"""
						{"name": "%s", "webhookSecret": "%s", "rates": [
						  {"serviceLevel": "STANDARD", "zone": "NATIONAL", "costMinor": %d, "transitHours": %d}]}"""
					.formatted(code, secret, cost, hours));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private String product(long price, boolean dropship, String supplier) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products
			.save(new Products.Product(sku, "Product " + sku, "HOME", "ACME", price, "CNY", dropship, supplier));
		return sku;
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
