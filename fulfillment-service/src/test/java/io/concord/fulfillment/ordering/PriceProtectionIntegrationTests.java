package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Price protection (issue 20 item 6) against PostgreSQL and Kafka: promotion-service's
 * PriceChanged arrives on its topic and becomes the channel price; a member's claim
 * refunds the difference once and never more than was paid, also with later returns; the
 * window, the order's owner and its payment are checked; auto mode credits on a drop,
 * once.
 */
class PriceProtectionIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PROMOTION_EVENTS = "concord.promotion.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	OrderLifecycle lifecycle;

	@Autowired
	OrderReturns returns;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("A claim refunds the difference for the line's units once (PaymentRefundDue); a second claim gets nothing: already-claimed")
	void aClaimRefundsTheDifferenceOnce() {
		try (PublishedEvents published = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.fulfillment.events.v1")) {
			UUID member = UUID.randomUUID();
			String sku = product(10000);
			String other = product(2000);
			// 2 x 10,000 - 1,000 (the stub's promotion on the first line) = 19,000; the
			// other line 2,000.
			Orders.Order order = paid(member, "APP", sku, 2, other, 1);
			priceChanged(sku, "APP", 9000, Instant.now().minusSeconds(60));

			JsonNode answer = claim(member, order.orderId(), 200);
			assertThat(answer.path("refundedMinor").asLong()).as(answer.toString()).isEqualTo(1000);
			assertThat(line(answer, sku).path("claimedMinor").asLong()).isEqualTo(1000);
			assertThat(line(answer, sku).path("currentPriceMinor").asLong()).isEqualTo(9000);
			assertThat(line(answer, other).path("claimedMinor").asLong()).isZero();
			assertThat(line(answer, other).path("reason").asString()).isEqualTo("no-price-drop");
			assertThat(this.orders.get(order.orderId()).refundedMinor()).isEqualTo(1000);

			ReceivedEvent refund = published
				.await((e) -> e.type().equals("concord.fulfillment.PaymentRefundDue")
						&& order.orderId().equals(e.data().path("orderId").asString()), 1)
				.get(0);
			EventContracts.assertConforms(refund);
			assertThat(refund.data().path("reason").asString()).isEqualTo("PRICE_PROTECTION");
			assertThat(refund.data().path("amount").path("amountMinor").asLong()).isEqualTo(1000);
			assertThat(refund.data().path("provider").asString()).isEqualTo(PAYMENT_PROVIDER);

			// The price drops further: the line was claimed, once.
			priceChanged(sku, "APP", 5000, Instant.now().minusSeconds(30));
			JsonNode again = claim(member, order.orderId(), 200);
			assertThat(again.path("refundedMinor").asLong()).isZero();
			assertThat(line(again, sku).path("reason").asString()).isEqualTo("already-claimed");
			assertThat(this.orders.get(order.orderId()).refundedMinor()).isEqualTo(1000);

			// Ops see the claim with the order.
			HttpResponse<String> admin = TestHttp.call(base(), "GET", "/admin/fulfillment/orders/" + order.orderId(),
					TestIssuers.get().staffToken("ops-1", "ops-viewer"), null);
			assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
			JsonNode claims = JSON.readTree(admin.body()).path("priceProtection");
			assertThat(claims).hasSize(1);
			assertThat(claims.get(0).path("refundMinor").asLong()).isEqualTo(1000);
			assertThat(claims.get(0).path("units").asInt()).isEqualTo(2);
			assertThat(claims.get(0).path("mode").asString()).isEqualTo("MEMBER");
		}
	}

	@Test
	@DisplayName("A price dropped to 0 refunds at most the line's net; later returns refund only what is left, so the total never exceeds what was paid")
	void neverMoreThanPaidAlsoWithALaterReturn() {
		UUID member = UUID.randomUUID();
		String sku = product(10000);
		Orders.Order order = paid(member, "APP", sku, 2, null, 0);
		priceChanged(sku, "APP", 0, Instant.now().minusSeconds(60));

		JsonNode answer = claim(member, order.orderId(), 200);
		assertThat(answer.path("refundedMinor").asLong()).as("the line's net, not 2 x 10,000").isEqualTo(19000);

		this.lifecycle.ship(order.orderId());
		this.lifecycle.deliver(order.orderId());
		OrderReturns.ReturnRequest returned = this.returns.receiveReturn(this.returns
			.requestReturn(member, order.orderId(), List.of(new OrderReturns.ReturnLine(sku, 2)), "cheaper now")
			.returnId());
		assertThat(returned.refundMinor()).as("everything was refunded already").isZero();
		Orders.Order after = this.orders.get(order.orderId());
		assertThat(after.refundedMinor()).isEqualTo(19000).isLessThanOrEqualTo(after.payableMinor());
	}

	@Test
	@DisplayName("A protected line returned unit by unit refunds its net less the claim: claim + returns = what the line paid")
	void returnsOfAProtectedLineRefundWhatIsLeft() {
		UUID member = UUID.randomUUID();
		String sku = product(10000);
		Orders.Order order = paid(member, "APP", sku, 2, null, 0);
		priceChanged(sku, "APP", 9000, Instant.now().minusSeconds(60));
		assertThat(claim(member, order.orderId(), 200).path("refundedMinor").asLong()).isEqualTo(1000);
		this.lifecycle.ship(order.orderId());
		this.lifecycle.deliver(order.orderId());

		// The stub's promotion-service refunds each unit half the line's net (9,500);
		// each gives back half the claim (500).
		long first = this.returns
			.receiveReturn(this.returns
				.requestReturn(member, order.orderId(), List.of(new OrderReturns.ReturnLine(sku, 1)), null)
				.returnId())
			.refundMinor();
		assertThat(first).isEqualTo(9000);
		long second = this.returns
			.receiveReturn(this.returns
				.requestReturn(member, order.orderId(), List.of(new OrderReturns.ReturnLine(sku, 1)), null)
				.returnId())
			.refundMinor();
		assertThat(second).isEqualTo(9000);
		Orders.Order after = this.orders.get(order.orderId());
		assertThat(after.refundedMinor()).as("claim + returns = the line's net").isEqualTo(19000);
		assertThat(after.status()).isEqualTo(OrderStatus.RETURNED);
		JsonNode answer = claim(member, order.orderId(), 200);
		assertThat(line(answer, sku).path("reason").asString()).isEqualTo("already-claimed");
	}

	@Test
	@DisplayName("Refused: outside the window (422), before payment (409), another member's order (404, as an unknown one)")
	void windowPaymentAndOwnerAreChecked() {
		UUID member = UUID.randomUUID();
		String sku = product(10000);
		Orders.Order order = paid(member, "APP", sku, 1, null, 0);
		priceChanged(sku, "APP", 8000, Instant.now().minusSeconds(60));

		assertThat(claim(UUID.randomUUID(), order.orderId(), 404).path("type").asString())
			.isEqualTo("https://concord.dev/problems/not-found");
		assertThat(claim(member, "ORD-" + UUID.randomUUID(), 404).path("type").asString())
			.isEqualTo("https://concord.dev/problems/not-found");

		this.jdbc.update("update customer_order set paid_at = ? where order_id = ?",
				Timestamp.from(Instant.now().minus(Duration.ofDays(8))), order.orderId());
		JsonNode closed = claim(member, order.orderId(), 422);
		assertThat(closed.path("type").asString())
			.isEqualTo("https://concord.dev/problems/price-protection-window-closed");
		assertThat(closed.path("windowDays").asLong()).isEqualTo(7);
		assertThat(this.orders.get(order.orderId()).refundedMinor()).isZero();

		Orders.Order unpaid = place(member, "APP", sku, 1, null, 0);
		assertThat(claim(member, unpaid.orderId(), 409).path("type").asString())
			.isEqualTo("https://concord.dev/problems/order-not-paid");
		assertThat(this.jdbc.queryForObject("select count(*) from price_protection_claim where order_id in (?, ?)",
				Integer.class, order.orderId(), unpaid.orderId()))
			.isZero();
	}

	@Test
	@DisplayName("PriceChanged consumed twice, redelivered under another id, or older than the held price: one row, the latest price, and the catalogue price follows ALL")
	void priceChangedIsProjectedOnceInEffectiveOrder() {
		String sku = product(10000);
		UUID changeId = UUID.randomUUID();
		Instant now = Instant.now();
		OutgoingEvent change = priceChangedEvent(changeId, sku, "ALL", 8800, now.minusSeconds(60));
		EventFixtures.send(PROMOTION_EVENTS, change);
		EventFixtures.send(PROMOTION_EVENTS, change);
		EventFixtures.send(PROMOTION_EVENTS, change.withId(UUID.randomUUID().toString()));
		// Older than the held one: ignored, whenever it arrives.
		EventFixtures.send(PROMOTION_EVENTS,
				priceChangedEvent(UUID.randomUUID(), sku, "ALL", 7000, now.minusSeconds(3600)));
		UUID later = UUID.randomUUID();
		EventFixtures.send(PROMOTION_EVENTS, priceChangedEvent(later, sku, "APP", 9500, now.minusSeconds(30)));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from channel_price where sku = ?", Integer.class,
					sku) == 2);
		// The stale one is behind the others on the same partition (keyed by SKU).
		assertThat(this.jdbc.queryForObject(
				"select selling_price_minor from channel_price where sku = ? and channel = 'ALL'", Long.class, sku))
			.isEqualTo(8800);
		assertThat(this.jdbc.queryForObject("select change_id from channel_price where sku = ? and channel = 'ALL'",
				UUID.class, sku))
			.isEqualTo(changeId);
		assertThat(this.products.find(sku).unitPriceMinor()).as("the catalogue price follows ALL").isEqualTo(8800);
	}

	@Test
	@DisplayName("Auto mode (LIVE): a price drop credits the paid order by itself, once, even when the drop is delivered again")
	void autoModeCreditsOnADropOnce() {
		UUID member = UUID.randomUUID();
		String sku = product(10000);
		Orders.Order live = paid(member, "LIVE", sku, 2, null, 0);
		Orders.Order app = paid(UUID.randomUUID(), "APP", sku, 2, null, 0);
		OutgoingEvent drop = priceChangedEvent(UUID.randomUUID(), sku, "ALL", 9000, Instant.now().minusSeconds(60));
		EventFixtures.send(PROMOTION_EVENTS, drop);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.orders.get(live.orderId()).refundedMinor() == 1000);
		EventFixtures.send(PROMOTION_EVENTS, drop.withId(UUID.randomUUID().toString()));
		EventFixtures.send(PROMOTION_EVENTS, drop);
		// A later, deeper drop is processed after the repeats (same key): the line was
		// credited once already.
		priceChanged(sku, "ALL", 8000, Instant.now().minusSeconds(30));

		assertThat(this.jdbc.queryForObject("select count(*) from price_protection_claim where order_id = ?",
				Integer.class, live.orderId()))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select mode from price_protection_claim where order_id = ?", String.class,
				live.orderId()))
			.isEqualTo("AUTO");
		assertThat(this.orders.get(live.orderId()).refundedMinor()).isEqualTo(1000);
		assertThat(this.orders.get(app.orderId()).refundedMinor()).as("APP is not auto").isZero();
		JsonNode answer = claim(member, live.orderId(), 200);
		assertThat(line(answer, sku).path("reason").asString()).isEqualTo("already-claimed");
	}

	/** Sends the price change and waits until it is the channel's price. */
	private void priceChanged(String sku, String channel, long price, Instant effectiveFrom) {
		UUID changeId = UUID.randomUUID();
		EventFixtures.send(PROMOTION_EVENTS, priceChangedEvent(changeId, sku, channel, price, effectiveFrom));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from channel_price where sku = ? and channel = ? and change_id = ?", Integer.class,
					sku, channel, changeId) == 1);
	}

	private static OutgoingEvent priceChangedEvent(UUID changeId, String sku, String channel, long price,
			Instant effectiveFrom) {
		return OutgoingEvent.of("concord.promotion.PriceChanged", sku, """
				{"changeId": "%s", "sku": "%s", "channel": "%s", "currency": "CNY", "listPriceMinor": 10000,
				 "sellingPriceMinor": %d, "previousSellingPriceMinor": null, "referencePriceMinor": %d,
				 "effectiveFrom": "%s", "effectiveTo": null, "source": "ADMIN"}""".formatted(changeId, sku, channel,
				price, price, effectiveFrom));
	}

	private JsonNode claim(UUID member, String orderId, int status) {
		HttpResponse<String> response = TestHttp.call(base(), "POST", "/api/orders/" + orderId + "/price-protection",
				TestIssuers.get().memberToken(member), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private static JsonNode line(JsonNode answer, String sku) {
		for (JsonNode line : answer.path("lines")) {
			if (line.path("sku").asString().equals(sku)) {
				return line;
			}
		}
		throw new AssertionError("no line " + sku + " in " + answer);
	}

	private String product(long price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", price, "CNY", false, null));
		return sku;
	}

	private Orders.Order place(UUID member, String channel, String sku, int quantity, String other, int otherQuantity) {
		List<Partners.StockLine> lines = (other != null)
				? List.of(new Partners.StockLine(sku, quantity), new Partners.StockLine(other, otherQuantity))
				: List.of(new Partners.StockLine(sku, quantity));
		return this.placement.place(member, "checkout-" + UUID.randomUUID(), new OrderPlacement.PlaceOrder(channel,
				lines, JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
	}

	private Orders.Order paid(UUID member, String channel, String sku, int quantity, String other, int otherQuantity) {
		Orders.Order order = place(member, channel, sku, quantity, other, otherQuantity);
		String body = """
				{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(order.orderId(), order.orderId(), order.payableMinor());
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		assertThat(this.orders.get(order.orderId()).paidAt()).isNotNull();
		return this.orders.get(order.orderId());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
