package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure reaches fulfillment (finding M9): shipping addresses are sealed at rest, opened
 * for the order's own views and labels only, and on MemberErased (from member-service's
 * topic) lose name, phone, street and postal code on every order with nothing left to
 * deliver, and on its dropship purchase orders; an order on its way keeps them until it
 * is delivered. Suppliers get what the label needs and nothing else.
 */
class MemberErasureIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	private static final String PHONE = "+8613912345678";

	private static final String NAME = "Ada Lovelace";

	private static final String STREET = "88 Century Avenue, Pudong";

	@LocalServerPort
	int port;

	@Autowired
	Orders orders;

	@Autowired
	ShippingAddresses addresses;

	@Autowired
	Products products;

	@Autowired
	FieldEncryption encryption;

	@Autowired
	OrderLifecycle lifecycle;

	@Autowired
	JdbcTemplate jdbc;

	private TransactionTemplate transaction;

	@Autowired
	void transactions(PlatformTransactionManager transactions) {
		this.transaction = new TransactionTemplate(transactions);
	}

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	@DisplayName("M9: a delivered order's address, sealed at rest, is erased on MemberErased from Kafka, its dropship purchase order's too, and a duplicate changes nothing")
	void m9_aDeliveredOrdersAddressIsErasedOnMemberErasedAndADuplicateChangesNothing() {
		try (PublishedEvents supplierOrders = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.supplier-orders.v1")) {
			UUID member = UUID.randomUUID();
			String token = TestIssuers.get().memberToken(member);
			String supplier = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
			String dropship = product(true, supplier);
			contract(supplier, dropship);
			String orderId = place(token, product(false, null), dropship);
			pay(orderId);
			advance(orderId, "shipment", "delivery");

			// Sealed at rest: a dump of the rows shows no name, phone or street.
			assertNoClearAddress(orderId);
			assertThat(this.jdbc.queryForObject("select shipping_address from customer_order where order_id = ?",
					String.class, orderId))
				.startsWith("enc:local-dev-only:");
			// The member (and ops) still see it in clear.
			JsonNode shown = view(orderId, token).path("shippingAddress");
			assertThat(shown.path("phone").asString()).isEqualTo(PHONE);
			assertThat(shown.path("name").asString()).isEqualTo(NAME);
			// The supplier got what its label needs and nothing else about the shopper.
			ReceivedEvent sent = supplierOrders
				.await((e) -> e.type().equals("concord.fulfillment.PurchaseOrderSent")
						&& orderId.equals(e.data().path("customerOrderId").asString()), 1)
				.get(0);
			EventContracts.assertConforms(sent);
			assertThat(sent.data().path("shipTo").propertyNames()).containsExactlyInAnyOrder("name", "phone", "region",
					"city", "line1", "postalCode");
			assertThat(sent.data().path("shipTo").path("phone").asString()).isEqualTo(PHONE);
			assertThat(sent.data().toString()).doesNotContain(member.toString());

			OutgoingEvent erased = erasure(member, member);
			EventFixtures.send(MEMBER_EVENTS, erased);
			await().atMost(Duration.ofSeconds(30)).until(() -> addressErased(orderId));

			JsonNode after = view(orderId, token).path("shippingAddress");
			assertThat(after.path("name").asString()).isEqualTo("[erased]");
			assertThat(after.path("phone").asString()).isEqualTo("[erased]");
			assertThat(after.path("line1").asString()).isEqualTo("[erased]");
			assertThat(after.path("postalCode").asString()).isEqualTo("[erased]");
			assertThat(after.path("region").asString()).as("kept for KPIs and tax").isEqualTo("CN-SH");
			assertThat(after.path("city").asString()).isEqualTo("Shanghai");
			assertNoClearAddress(orderId);
			Map<String, Object> dropshipOrder = this.jdbc
				.queryForMap("select po_id, ship_to from purchase_order where customer_order_id = ?", orderId);
			JsonNode shipTo = JSON.readTree(this.encryption.open((String) dropshipOrder.get("ship_to"),
					"purchase-order.ship-to:" + dropshipOrder.get("po_id")));
			assertThat(shipTo.path("phone").asString()).isEqualTo("[erased]");
			assertThat(shipTo.path("name").asString()).isEqualTo("[erased]");
			assertThat(shipTo.path("city").asString()).isEqualTo("Shanghai");

			// The same event again, and the same fact under a new id: nothing changes.
			Map<String, Object> before = erasedState(orderId);
			EventFixtures.send(MEMBER_EVENTS, erased);
			EventFixtures.send(MEMBER_EVENTS, erased.withId(UUID.randomUUID().toString()));
			// Same key, same partition: once the marker's erasure is applied, both were.
			UUID marker = UUID.randomUUID();
			String markerOrder = place(TestIssuers.get().memberToken(marker), product(false, null));
			pay(markerOrder);
			advance(markerOrder, "shipment", "delivery");
			EventFixtures.send(MEMBER_EVENTS, erasure(member, marker));
			await().atMost(Duration.ofSeconds(30)).until(() -> addressErased(markerOrder));
			assertThat(erasedState(orderId)).as("not sealed again, not erased again").isEqualTo(before);
		}
	}

	@Test
	@DisplayName("M9: an order still on its way keeps its address for delivery and loses it in the delivery's transaction")
	void m9_anOrderOnItsWayKeepsItsAddressUntilItIsDelivered() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member);
		String delivered = place(token, product(false, null));
		pay(delivered);
		advance(delivered, "shipment", "delivery");
		String onItsWay = place(token, product(false, null));
		pay(onItsWay);
		advance(onItsWay, "shipment");

		EventFixtures.send(MEMBER_EVENTS, erasure(member, member));
		await().atMost(Duration.ofSeconds(30)).until(() -> addressErased(delivered));
		assertThat(this.jdbc.queryForObject("select count(*) from member_erasure where member_id = ?", Integer.class,
				member))
			.isEqualTo(1);
		assertThat(addressErased(onItsWay)).isFalse();
		assertThat(view(onItsWay, token).path("shippingAddress").path("phone").asString())
			.as("the carrier still needs it")
			.isEqualTo(PHONE);

		HttpResponse<String> deliveredNow = TestHttp.call(base(), "POST",
				"/admin/fulfillment/orders/" + onItsWay + "/delivery", this.manager, null);
		assertThat(deliveredNow.statusCode()).as(deliveredNow.body()).isEqualTo(200);
		assertThat(JSON.readTree(deliveredNow.body()).path("shippingAddress").path("phone").asString())
			.as("erased in the same transaction as the delivery")
			.isEqualTo("[erased]");
		assertNoClearAddress(onItsWay);
	}

	@Test
	@DisplayName("M9: an erased member's order that settles outside the lifecycle (a rejected placement) is erased by the order job")
	void m9_aRejectedPlacementOfAnErasedMemberIsErasedByTheOrderJob() {
		UUID member = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, erasure(member, member));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from member_erasure where member_id = ?",
					Integer.class, member) == 1);
		String sku = product(false, null);
		PartnerStub.get().refuse.put(sku, "SHORT");
		HttpResponse<String> refused = TestHttp.call(base(), "POST", "/api/orders",
				TestIssuers.get().memberToken(member), order(sku));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		String orderId = JSON.readTree(refused.body()).path("orderId").asString();
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.REJECTED);

		assertThat(this.addresses.eraseSettled(1000)).isPositive();
		assertThat(addressErased(orderId)).isTrue();
		assertNoClearAddress(orderId);
		assertThat(this.addresses.eraseSettled(1000)).as("nothing left to erase").isZero();
	}

	@Test
	@DisplayName("M9: an order delivered while the member's erasure is applied is erased, whichever transaction takes the order first")
	void m9_anOrderDeliveredWhileTheErasureIsAppliedIsErasedWhicheverTakesItFirst() throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			// The delivery holds the order when the erasure comes: the erasure waits for
			// it, then finds the order delivered.
			UUID member = UUID.randomUUID();
			String order = shippedOrder(member);
			CountDownLatch delivered = new CountDownLatch(1);
			CountDownLatch commit = new CountDownLatch(1);
			Future<?> delivery = pool.submit(() -> this.transaction.executeWithoutResult((status) -> {
				this.lifecycle.deliver(order);
				delivered.countDown();
				awaitLatch(commit);
			}));
			assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
			Future<?> erasure = pool.submit(() -> this.transaction
				.executeWithoutResult((status) -> this.addresses.memberErased(member, Instant.now())));
			awaitBlockedOrDone(erasure);
			commit.countDown();
			delivery.get(30, TimeUnit.SECONDS);
			erasure.get(30, TimeUnit.SECONDS);
			assertThat(addressErased(order)).as("delivery first").isTrue();

			// The erasure holds the member's orders when the delivery comes: the delivery
			// waits, then finds the erasure.
			UUID other = UUID.randomUUID();
			String second = shippedOrder(other);
			CountDownLatch erased = new CountDownLatch(1);
			CountDownLatch commitErasure = new CountDownLatch(1);
			Future<?> erasureFirst = pool.submit(() -> this.transaction.executeWithoutResult((status) -> {
				this.addresses.memberErased(other, Instant.now());
				erased.countDown();
				awaitLatch(commitErasure);
			}));
			assertThat(erased.await(30, TimeUnit.SECONDS)).isTrue();
			Future<?> deliveryAfter = pool.submit(() -> this.lifecycle.deliver(second));
			awaitBlockedOrDone(deliveryAfter);
			commitErasure.countDown();
			erasureFirst.get(30, TimeUnit.SECONDS);
			deliveryAfter.get(30, TimeUnit.SECONDS);
			assertThat(this.orders.get(second).status()).isEqualTo(OrderStatus.DELIVERED);
			assertThat(addressErased(second)).as("erasure first").isTrue();
			assertNoClearAddress(order);
			assertNoClearAddress(second);
		}
	}

	private String shippedOrder(UUID member) {
		String orderId = place(TestIssuers.get().memberToken(member), product(false, null));
		pay(orderId);
		advance(orderId, "shipment");
		return orderId;
	}

	// Until another session waits for a row lock (the transactions overlap as meant), or
	// the task finished without waiting.
	private void awaitBlockedOrDone(Future<?> task) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> task.isDone() || this.jdbc.queryForObject(
					"select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
					Integer.class) > 0);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void assertNoClearAddress(String orderId) {
		List<String> rows = this.jdbc.queryForList("""
				select o::text from customer_order o where order_id = ?
				union all select p::text from purchase_order p where customer_order_id = ?""", String.class, orderId,
				orderId);
		assertThat(rows).isNotEmpty()
			.allSatisfy((row) -> assertThat(row).doesNotContain(PHONE)
				.doesNotContain("13912345678")
				.doesNotContain(NAME)
				.doesNotContain("Century"));
	}

	private boolean addressErased(String orderId) {
		return this.jdbc.queryForObject("select address_erased_at is not null from customer_order where order_id = ?",
				Boolean.class, orderId);
	}

	private Map<String, Object> erasedState(String orderId) {
		return this.jdbc.queryForMap("""
				select o.shipping_address, o.address_erased_at, p.ship_to from customer_order o
				left join purchase_order p on p.customer_order_id = o.order_id where o.order_id = ?""", orderId);
	}

	private static OutgoingEvent erasure(UUID subject, UUID member) {
		return OutgoingEvent.of("concord.member.MemberErased", subject.toString(), """
				{"memberId": "%s", "erasedAt": "2026-12-01T00:00:00Z"}""".formatted(member));
	}

	private String place(String token, String... skus) {
		HttpResponse<String> placed = TestHttp.call(base(), "POST", "/api/orders", token, order(skus));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private static String order(String... skus) {
		List<String> lines = java.util.Arrays.stream(skus)
			.map((sku) -> "{\"sku\": \"" + sku + "\", \"quantity\": 1}")
			.toList();
		return """
				{"channel": "APP", "lines": [%s],
				 "shippingAddress": {"name": "%s", "phone": "%s", "region": "CN-SH", "city": "Shanghai",
				   "line1": "%s", "postalCode": "200120"}}""".formatted(String.join(", ", lines), NAME, PHONE, STREET);
	}

	private void pay(String orderId) {
		Orders.Order order = this.orders.get(orderId);
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(orderId, orderId, order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		assertThat(this.orders.get(orderId).status()).isEqualTo(OrderStatus.ALLOCATED);
	}

	private void advance(String orderId, String... steps) {
		for (String step : steps) {
			HttpResponse<String> moved = TestHttp.call(base(), "POST",
					"/admin/fulfillment/orders/" + orderId + "/" + step, this.manager, null);
			assertThat(moved.statusCode()).as(step + " " + moved.body()).isEqualTo(200);
		}
	}

	private JsonNode view(String orderId, String token) {
		HttpResponse<String> shown = TestHttp.call(base(), "GET", "/api/orders/" + orderId, token, null);
		assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
		return JSON.readTree(shown.body());
	}

	private String product(boolean dropship, String supplier) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products
			.save(new Products.Product(sku, "Product " + sku, "HOME", "ACME", 4900, "CNY", dropship, supplier));
		return sku;
	}

	private void contract(String supplier, String sku) {
		HttpResponse<String> saved = TestHttp
			.call(base(), "PUT", "/admin/fulfillment/suppliers/" + supplier, this.manager, """
					{"name": "Acme Home", "webhookSecret": "acme-home-webhook-secret", "contracts": [
					  {"sku": "%s", "unitPriceMinor": 3000, "currency": "CNY", "leadTimeDays": 2}]}""".formatted(sku));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
