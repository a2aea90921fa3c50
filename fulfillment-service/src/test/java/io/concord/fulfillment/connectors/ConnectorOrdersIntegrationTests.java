package io.concord.fulfillment.connectors;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.shipping.Shipments;
import io.concord.platform.test.TestHttp;
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
 * Connector orders on PostgreSQL and Kafka with the partner stub and a recording
 * platform: one order per platform order however it arrives, held orders for ops and
 * their retry, the platform's prices and payment, after-sales and tracking out.
 */
class ConnectorOrdersIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Connectors connectors;

	@Autowired
	ConnectorOrderPull pull;

	@Autowired
	ConnectorOrders orders;

	@Autowired
	ConnectorTracking tracking;

	@Autowired
	RecordingPlatform platform;

	@Autowired
	Products products;

	@Autowired
	Shipments shipments;

	@Autowired
	JdbcTemplate jdbc;

	private final PartnerStub partners = PartnerStub.get();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private String connectorId;

	private String jacket;

	@BeforeEach
	void connector() {
		this.connectorId = "tm-" + UUID.randomUUID().toString().substring(0, 8);
		this.connectors.save(new Connector(this.connectorId, RecordingPlatform.NAME, "Test shop",
				"TM" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT),
				"http://localhost:1/none", "test-connector-api", "test-connector-webhook", 0, 10,
				Duration.ofSeconds(60), Duration.ofSeconds(900), Duration.ofHours(36), true, Instant.EPOCH, "test"));
		this.jacket = product(29900);
		this.connectors.replaceMapping(this.connectorId,
				List.of(new Connectors.SkuMapping("P-" + this.jacket, this.jacket)));
	}

	@Test
	void aRepeatedWebhookAndThePullOfTheSameOrderPlaceOneOrderPaidAtThePlatformsPrices() {
		String platformOrderId = "PO-" + UUID.randomUUID();
		// 2 × 29,900 - 5,000 platform discount + 800 shipping = 55,600 paid.
		String body = order(platformOrderId, "P-" + this.jacket, 2, 29900, 5000, 55600);
		JsonNode first = read(webhook(body), 200);
		assertThat(first.path("status").asString()).isEqualTo("PLACED");
		assertThat(first.path("duplicate").asBoolean()).isFalse();
		String orderId = first.path("orderId").asString();
		JsonNode again = read(webhook(body), 200);
		assertThat(again.path("duplicate").asBoolean()).isTrue();
		assertThat(again.path("orderId").asString()).isEqualTo(orderId);
		this.platform.orders.put(this.connectorId, List.of(JSON.readValue(body, ChannelPlatform.PlatformOrder.class)));
		assertThat(this.pull.pull(this.connectors.get(this.connectorId), true)).isEqualTo(1);
		assertThat(this.pull.pull(this.connectors.get(this.connectorId), true)).as("the cursor moved on").isZero();

		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where checkout_key like ?",
				Integer.class, "connector:" + this.connectorId + ":%"))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select duplicates from connector_order where connector_id = ? and platform_order_id = ?",
				Integer.class, this.connectorId, platformOrderId))
			.isEqualTo(2);
		var order = this.jdbc.queryForMap("""
				select status, payable_minor, discount_minor, shipping_fee_minor, paid_at, promised_dispatch_by,
				  channel, priced_by_platform from customer_order where order_id = ?""", orderId);
		assertThat(order.get("status")).isIn("PAID", "ALLOCATED");
		assertThat(order.get("payable_minor")).isEqualTo(55600L);
		assertThat(order.get("discount_minor")).isEqualTo(5000L);
		assertThat(order.get("shipping_fee_minor")).isEqualTo(800L);
		assertThat(order.get("priced_by_platform")).isEqualTo(true);
		assertThat(((java.sql.Timestamp) order.get("promised_dispatch_by")).toInstant())
			.as("the platform's dispatch promise")
			.isCloseTo(((java.sql.Timestamp) order.get("paid_at")).toInstant().plus(Duration.ofHours(36)),
					org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
		assertThat(this.jdbc.queryForMap(
				"select unit_price_minor, discount_minor, quantity from order_line where order_id = ?", orderId))
			.containsEntry("unit_price_minor", 29900L)
			.containsEntry("discount_minor", 5000L)
			.containsEntry("quantity", 2);
		assertThat(this.jdbc.queryForMap(
				"select provider_txn_id, amount_minor, outcome from payment where provider = ? and order_id = ?",
				"channel:" + this.connectorId, orderId))
			.containsEntry("provider_txn_id", platformOrderId)
			.containsEntry("amount_minor", 55600L)
			.containsEntry("outcome", "APPLIED");
		assertThat(this.partners.reservations).containsEntry(orderId, "CONFIRMED");
		assertThat(this.partners.promotions).as("no Concord promotion locked for it").doesNotContainKey(orderId);
		assertThat(this.partners.calls)
			.noneMatch((c) -> c.startsWith("POST /internal/promotions") && c.contains(orderId));
		assertThat(this.partners.reservationRequests.get(orderId).toString())
			.contains(this.connectors.get(this.connectorId).channel());
	}

	@Test
	void aCrashMidPlacementOrAPartnerOutageLeavesTheOrderReceivedAndItsRetryResumesTheSameOrder() {
		String crashed = "PO-" + UUID.randomUUID();
		CRASH_AT.set("STOCK_RESERVED");
		JsonNode received = read(webhook(order(crashed, "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
		assertThat(received.path("status").asString()).isEqualTo("RECEIVED");
		String placing = this.jdbc.queryForObject(
				"select order_id from customer_order where checkout_key = ? and status = 'PLACING'", String.class,
				"connector:" + this.connectorId + ":" + crashed);
		dueNow(crashed);
		assertThat(this.orders.retryDue(100)).isPositive();
		assertThat(status(crashed)).isEqualTo("PLACED");
		assertThat(this.jdbc.queryForObject(
				"select order_id from connector_order where connector_id = ? and platform_order_id = ?", String.class,
				this.connectorId, crashed))
			.as("resumed from its stored step: the same order")
			.isEqualTo(placing);
		assertThat(this.partners.count("POST /internal/inventory/reservations " + placing)).isEqualTo(1);

		String outage = "PO-" + UUID.randomUUID();
		this.partners.refuse.put(this.jacket, "DOWN");
		try {
			assertThat(
					read(webhook(order(outage, "P-" + this.jacket, 1, 29900, 0, 29900)), 200).path("status").asString())
				.isEqualTo("RECEIVED");
		}
		finally {
			this.partners.refuse.remove(this.jacket);
		}
		dueNow(outage);
		this.orders.retryDue(100);
		assertThat(status(outage)).isEqualTo("PLACED");
		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where checkout_key = ?", Integer.class,
				"connector:" + this.connectorId + ":" + outage))
			.isEqualTo(1);
	}

	@Test
	void aLinkedMarketplaceBuyersOrderIsPlacedUnderTheirMemberAndOthersUnderTheConnectorsBuyerId() {
		String namespace = this.connectors.get(this.connectorId).channel().toLowerCase(java.util.Locale.ROOT);
		UUID connectorBuyer = io.concord.fulfillment.ordering.ChannelOrders.buyerOf(this.connectorId);
		String linkedBuyer = "tb_" + UUID.randomUUID();
		UUID member = UUID.randomUUID();
		this.partners.marketplaceBuyers.put(namespace + "/" + linkedBuyer, member.toString());

		String linked = "PO-" + UUID.randomUUID();
		String linkedOrder = read(webhook(order(linked, linkedBuyer, "P-" + this.jacket, 1, 29900, 0, 29900)), 200)
			.path("orderId")
			.asString();
		assertThat(status(linked)).isEqualTo("PLACED");
		var placed = this.jdbc.queryForMap(
				"select member_id, status, use_points, points_to_redeem from customer_order where order_id = ?",
				linkedOrder);
		assertThat(placed.get("member_id")).as("the member holding the buyer id in the channel's namespace")
			.isEqualTo(member);
		assertThat(placed.get("status")).isIn("PAID", "ALLOCATED");
		assertThat(placed.get("use_points")).as("the platform was paid: no points pay for it").isEqualTo(false);
		assertThat(placed.get("points_to_redeem")).isEqualTo(0L);
		assertThat(this.partners.calls).noneMatch((c) -> c.startsWith("POST /internal/members/orders/" + linkedOrder));
		assertThat(buyerOf(linked)).isEqualTo(member);

		String unknown = "PO-" + UUID.randomUUID();
		read(webhook(order(unknown, "tb_" + UUID.randomUUID(), "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
		assertThat(status(unknown)).isEqualTo("PLACED");
		assertThat(memberOf(unknown)).as("no member holds it").isEqualTo(connectorBuyer);

		String anonymous = "PO-" + UUID.randomUUID();
		read(webhook(order(anonymous, null, "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
		assertThat(memberOf(anonymous)).isEqualTo(connectorBuyer);

		String otherChannel = "PO-" + UUID.randomUUID();
		this.partners.marketplaceBuyers.remove(namespace + "/" + linkedBuyer);
		this.partners.marketplaceBuyers.put("jd/" + linkedBuyer, member.toString());
		read(webhook(order(otherChannel, linkedBuyer, "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
		assertThat(memberOf(otherChannel)).as("a buyer id counts only in its own marketplace")
			.isEqualTo(connectorBuyer);
	}

	@Test
	void whenMemberServiceIsDownTheOrderIsStillPlacedUnderTheConnectorsBuyerIdAndItsRetryKeepsThatBuyer() {
		String namespace = this.connectors.get(this.connectorId).channel().toLowerCase(java.util.Locale.ROOT);
		UUID connectorBuyer = io.concord.fulfillment.ordering.ChannelOrders.buyerOf(this.connectorId);
		String buyer = "tb_" + UUID.randomUUID();
		this.partners.marketplaceBuyers.put(namespace + "/" + buyer, UUID.randomUUID().toString());
		String down = "PO-" + UUID.randomUUID();
		String waiting = "PO-" + UUID.randomUUID();
		this.partners.memberDown = true;
		try {
			JsonNode placed = read(webhook(order(down, buyer, "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
			assertThat(placed.path("status").asString()).as("never held or lost for its buyer").isEqualTo("PLACED");
			assertThat(memberOf(down)).isEqualTo(connectorBuyer);

			// Stock down too: stored RECEIVED, its buyer already decided.
			this.partners.refuse.put(this.jacket, "DOWN");
			try {
				assertThat(
						read(webhook(order(waiting, buyer, "P-" + this.jacket, 1, 29900, 0, 29900)), 200).path("status")
							.asString())
					.isEqualTo("RECEIVED");
			}
			finally {
				this.partners.refuse.remove(this.jacket);
			}
		}
		finally {
			this.partners.memberDown = false;
		}
		assertThat(buyerOf(waiting)).isEqualTo(connectorBuyer);
		dueNow(waiting);
		this.orders.retryDue(100);
		assertThat(status(waiting)).isEqualTo("PLACED");
		assertThat(memberOf(waiting)).as("the retry places it under the buyer decided first, once")
			.isEqualTo(connectorBuyer);
		assertThat(this.jdbc.queryForObject("select count(*) from customer_order where checkout_key = ?", Integer.class,
				"connector:" + this.connectorId + ":" + waiting))
			.isEqualTo(1);
	}

	private UUID buyerOf(String platformOrderId) {
		return this.jdbc.queryForObject(
				"select buyer_id from connector_order where connector_id = ? and platform_order_id = ?", UUID.class,
				this.connectorId, platformOrderId);
	}

	private UUID memberOf(String platformOrderId) {
		return this.jdbc.queryForObject("""
				select o.member_id from customer_order o join connector_order c on c.order_id = o.order_id
				where c.connector_id = ? and c.platform_order_id = ?""", UUID.class, this.connectorId, platformOrderId);
	}

	private void dueNow(String platformOrderId) {
		this.jdbc.update("""
				update connector_order set next_attempt_at = now() - interval '1 second'
				where connector_id = ? and platform_order_id = ?""", this.connectorId, platformOrderId);
	}

	private String status(String platformOrderId) {
		return this.jdbc.queryForObject(
				"select status from connector_order where connector_id = ? and platform_order_id = ?", String.class,
				this.connectorId, platformOrderId);
	}

	@Test
	void anUnsignedOrBadlySignedWebhookIsRefusedAndAnInvalidOneIs422() {
		String body = order("PO-" + UUID.randomUUID(), "P-" + this.jacket, 1, 29900, 0, 29900);
		String path = "/webhooks/connectors/" + this.connectorId + "/orders";
		assertThat(SignedCallbacks.postWithSignature(base(), path, body, null).statusCode()).isEqualTo(401);
		assertThat(SignedCallbacks.post(base(), path, body, "wrong-secret").statusCode()).isEqualTo(401);
		assertThat(SignedCallbacks.post(base(), "/webhooks/connectors/nope/orders", body, CONNECTOR_WEBHOOK_SECRET)
			.statusCode()).isEqualTo(404);
		assertThat(SignedCallbacks.post(base(), path, "{\"platformOrderId\": \"x\"}", CONNECTOR_WEBHOOK_SECRET)
			.statusCode()).isEqualTo(422);
		assertThat(this.jdbc.queryForObject("select count(*) from connector_order where connector_id = ?",
				Integer.class, this.connectorId))
			.isZero();
	}

	@Test
	void anUnmappedSkuIsHeldWithItsReasonAndPlacedOnceTheMappingIsFixed() {
		String platformOrderId = "PO-" + UUID.randomUUID();
		String socks = product(1500);
		JsonNode held = read(webhook(order(platformOrderId, "P-" + socks, 1, 1500, 0, 1500)), 200);
		assertThat(held.path("status").asString()).isEqualTo("HELD");
		JsonNode listed = read(TestHttp.call(base(), "GET",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders?status=HELD", this.manager, null), 200);
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("reason").asString()).isEqualTo("UNMAPPED_SKU");
		assertThat(listed.get(0).path("detail").path("platformSkus").toString()).contains("P-" + socks);

		this.connectors.replaceMapping(this.connectorId,
				List.of(new Connectors.SkuMapping("P-" + this.jacket, this.jacket),
						new Connectors.SkuMapping("P-" + socks, socks)));
		JsonNode retried = read(TestHttp.call(base(), "POST",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders/" + platformOrderId + "/retry",
				this.manager, null), 200);
		assertThat(retried.path("status").asString()).isEqualTo("PLACED");
		assertThat(retried.path("orderId").asString()).startsWith("ORD-");
	}

	@Test
	void anOrderOutOfStockIsHeldWithItsShortLinesAndDismissedByOps() {
		String platformOrderId = "PO-" + UUID.randomUUID();
		this.partners.refuse.put(this.jacket, "SHORT");
		try {
			JsonNode held = read(webhook(order(platformOrderId, "P-" + this.jacket, 1, 29900, 0, 29900)), 200);
			assertThat(held.path("status").asString()).isEqualTo("HELD");
		}
		finally {
			this.partners.refuse.remove(this.jacket);
		}
		JsonNode listed = read(TestHttp.call(base(), "GET",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders", this.manager, null), 200);
		assertThat(listed.get(0).path("reason").asString()).isEqualTo("OUT_OF_STOCK");
		assertThat(listed.get(0).path("detail").path("shortLines").toString()).contains(this.jacket);
		// Stock is back: the retry is a new checkout (the refused one holds nothing).
		JsonNode retried = read(TestHttp.call(base(), "POST",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders/" + platformOrderId + "/retry",
				this.manager, null), 200);
		assertThat(retried.path("status").asString()).isEqualTo("PLACED");

		String other = "PO-" + UUID.randomUUID();
		this.partners.refuse.put(this.jacket, "SHORT");
		try {
			webhook(order(other, "P-" + this.jacket, 1, 29900, 0, 29900));
		}
		finally {
			this.partners.refuse.remove(this.jacket);
		}
		JsonNode dismissed = read(TestHttp.call(base(), "POST",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders/" + other + "/dismiss", this.manager,
				"{\"reason\": \"refunded on the platform\"}"), 200);
		assertThat(dismissed.path("status").asString()).isEqualTo("DISMISSED");
		assertThat(dismissed.path("dismissedBy").asString()).isEqualTo("staff:ops-1");
	}

	@Test
	void aPlatformCancelCancelsTheOrderAndAnAfterSaleForAHeldOrderDismissesIt() {
		try (io.concord.platform.test.PublishedEvents events = io.concord.platform.test.PublishedEvents.from(
				io.concord.platform.test.TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.events.v1")) {
			this.events = events;
			cancelAndDismiss();
		}
	}

	private io.concord.platform.test.PublishedEvents events;

	private void cancelAndDismiss() {
		String platformOrderId = "PO-" + UUID.randomUUID();
		String orderId = read(webhook(order(platformOrderId, "P-" + this.jacket, 1, 29900, 0, 29900)), 200)
			.path("orderId")
			.asString();
		String cancel = """
				{"requestId": "AS-%s", "platformOrderId": "%s", "type": "CANCEL", "reason": "changed mind"}"""
			.formatted(UUID.randomUUID(), platformOrderId);
		JsonNode cancelled = read(afterSale(cancel), 200);
		assertThat(cancelled.path("outcome").asString()).isEqualTo("CANCELLED");
		assertThat(read(afterSale(cancel), 200).path("duplicate").asBoolean()).isTrue();
		assertThat(
				this.jdbc.queryForObject("select status from customer_order where order_id = ?", String.class, orderId))
			.isEqualTo("CANCELLED");
		io.concord.platform.test.ReceivedEvent event = this.events
			.await((e) -> e.type().equals("concord.fulfillment.OrderCancelled") && orderId.equals(e.subject()), 1)
			.get(0);
		assertThat(event.data().path("cause").asString()).as("OrderCancelled releases the stock at inventory-service")
			.isEqualTo("CHANNEL_CANCELLED");

		String unplaced = "PO-" + UUID.randomUUID();
		webhook(order(unplaced, "P-UNKNOWN", 1, 100, 0, 100));
		JsonNode closed = read(afterSale("""
				{"requestId": "AS-%s", "platformOrderId": "%s", "type": "CANCEL"}""".formatted(UUID.randomUUID(),
				unplaced)), 200);
		assertThat(closed.path("outcome").asString()).isEqualTo("DISMISSED");
		assertThat(this.jdbc.queryForObject(
				"select status from connector_order where connector_id = ? and platform_order_id = ?", String.class,
				this.connectorId, unplaced))
			.isEqualTo("DISMISSED");
	}

	@Test
	void aDispatchedOrdersTrackingIsPushedWithRetries() {
		carrier();
		String platformOrderId = "PO-" + UUID.randomUUID();
		String orderId = read(webhook(order(platformOrderId, "P-" + this.jacket, 1, 29900, 0, 29900)), 200)
			.path("orderId")
			.asString();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.alias("allocated once paid")
			.until(() -> !this.shipments.ofOrder(orderId).isEmpty());
		List<Shipments.Shipment> parcels = this.shipments.ofOrder(orderId);
		Shipments.Shipment parcel = parcels.get(0);
		this.platform.failTracking.set(1);
		String scan = """
				{"eventId": "%s-E1", "trackingNumber": "%s", "status": "PICKED_UP", "occurredAt": "%s"}"""
			.formatted(parcel.trackingNumber(), parcel.trackingNumber(), Instant.now());
		assertThat(SignedCallbacks
			.post(base(), "/webhooks/carriers/" + parcel.carrierCode(), scan, "swift-express-webhook-secret")
			.statusCode()).isEqualTo(200);
		assertThat(this.tracking.pushDue(10)).isGreaterThanOrEqualTo(1);
		assertThat(this.platform.tracking).noneMatch((t) -> t.platformOrderId().equals(platformOrderId));
		JsonNode failing = read(TestHttp.call(base(), "GET",
				"/admin/fulfillment/connectors/" + this.connectorId + "/orders", this.manager, null), 200);
		assertThat(failing.get(0).path("tracking").path("lastError").asString()).contains("platform down");
		this.jdbc.update("update connector_tracking set next_attempt_at = now() where platform_order_id = ?",
				platformOrderId);
		this.tracking.pushDue(10);
		assertThat(this.platform.tracking).filteredOn((t) -> t.platformOrderId().equals(platformOrderId))
			.singleElement()
			.satisfies((t) -> {
				assertThat(t.trackingNumber()).isEqualTo(parcel.trackingNumber());
				assertThat(t.carrier()).isEqualTo(parcel.carrierCode());
			});
	}

	private void carrier() {
		HttpResponse<String> saved = TestHttp.call(base(), "PUT", "/admin/fulfillment/carriers/SWIFT", this.manager, """
				{"name": "SWIFT", "webhookSecret": "swift-express-webhook-secret", "rates": [
				  {"serviceLevel": "STANDARD", "zone": "NATIONAL", "costMinor": 900, "transitHours": 48}]}""");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private HttpResponse<String> webhook(String body) {
		return SignedCallbacks.post(base(), "/webhooks/connectors/" + this.connectorId + "/orders", body,
				CONNECTOR_WEBHOOK_SECRET);
	}

	private HttpResponse<String> afterSale(String body) {
		return SignedCallbacks.post(base(), "/webhooks/connectors/" + this.connectorId + "/after-sales", body,
				CONNECTOR_WEBHOOK_SECRET);
	}

	private static String order(String platformOrderId, String platformSku, int quantity, long unitPrice, long discount,
			long paid) {
		return order(platformOrderId, "tb_1", platformSku, quantity, unitPrice, discount, paid);
	}

	private static String order(String platformOrderId, @org.jspecify.annotations.Nullable String buyerId,
			String platformSku, int quantity, long unitPrice, long discount, long paid) {
		return """
				{"platformOrderId": "%s", "buyerId": %s, "lines": [{"platformSku": "%s", "quantity": %d,
				  "unitPriceMinor": %d, "discountMinor": %d}], "paidMinor": %d, "currency": "CNY",
				 "shippingAddress": {"name": "Ada", "phone": "+8613900000000", "city": "Shanghai", "line1": "1 Bund"},
				 "region": "CN-SH", "placedAt": "2026-12-06T02:00:00Z"}""".formatted(platformOrderId,
				(buyerId != null) ? "\"" + buyerId + "\"" : "null", platformSku, quantity, unitPrice, discount, paid);
	}

	private String product(long price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", price, "CNY", false, null));
		return sku;
	}

	private static JsonNode read(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
