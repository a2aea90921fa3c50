package io.concord.inventory.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.inventory.stock.StockLedger;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inventory on Kafka: what it publishes conforms to the contracts and says what channels
 * need to mirror; what it consumes (receipts, cancellations, campaign windows) takes
 * effect once, however often it arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryEventsIntegrationTests {

	private static final String FULFILLMENT_EVENTS = "concord.fulfillment.events.v1";

	private static final String PROMOTION_EVENTS = "concord.promotion.events.v1";

	@Autowired
	Reservations reservations;

	@Autowired
	RingFences fences;

	@Autowired
	StockLedger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StockPools pools;

	@Test
	void reservationsAndAvailabilityArePublishedAsContractedAndCrossingsAreSignalledOnce() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				InventoryTopics.EVENTS)) {
			String sku = stockedSku(3, 2);
			String first = "ORD-" + UUID.randomUUID();
			String second = "ORD-" + UUID.randomUUID();
			reserve(first, sku, 2);
			reserve(second, sku, 1);
			this.reservations.release(second);

			ReceivedEvent created = one(events, "concord.inventory.ReservationCreated", first);
			assertThat(created.data().path("allocations").get(0).path("quantity").asInt()).isEqualTo(2);
			ReceivedEvent released = one(events, "concord.inventory.ReservationReleased", second);
			assertThat(released.attribute("aggregateversion")).isEqualTo("2");
			List<ReceivedEvent> changes = events
				.await((e) -> e.type().equals("concord.inventory.StockChanged") && sku.equals(e.subject()), 4);
			changes.forEach(EventContracts::assertConforms);
			assertThat(changes.stream().map((e) -> Long.parseLong(e.attribute("aggregateversion"))))
				.doesNotHaveDuplicates();
			// Consumers order a SKU's events by aggregate version, as a partner would.
			assertThat(changes.stream()
				.sorted(java.util.Comparator.comparingLong((e) -> Long.parseLong(e.attribute("aggregateversion"))))
				.map((e) -> e.data().path("availableByChannel").path("APP").asInt()))
				.as("every change: receipt, two reservations, a release")
				.containsExactly(3, 1, 0, 1);
			EventContracts.assertConforms(one(events, "concord.inventory.LowStock", sku));
			EventContracts.assertConforms(one(events, "concord.inventory.OutOfStock", sku));
			ReceivedEvent back = one(events, "concord.inventory.BackInStock", sku);
			assertThat(back.data().path("available").asInt()).isEqualTo(1);
		}
	}

	@Test
	void aGoodsReceiptIsBookedOnceHoweverOftenItArrives() {
		String sku = stockedSku(0, 0);
		String receiptId = "GR-" + UUID.randomUUID();
		String receipt = """
				{"receiptId": "%s", "purchaseOrderId": "PO-1", "supplierId": "SUP-1", "location": "WH-%s",
				 "lines": [{"sku": "%s", "quantity": 40}, {"sku": "%s", "quantity": 8}], "source": "PURCHASE_ORDER",
				 "receivedAt": "%s"}""".formatted(receiptId, sku, sku, sku, Instant.now());
		EventFixtures.OutgoingEvent delivered = EventFixtures.OutgoingEvent.of("concord.fulfillment.GoodsReceived",
				receiptId, receipt);
		EventFixtures.OutgoingEvent republished = EventFixtures.OutgoingEvent.of("concord.fulfillment.GoodsReceived",
				receiptId, receipt);
		EventFixtures.send(FULFILLMENT_EVENTS, delivered);
		EventFixtures.send(FULFILLMENT_EVENTS, delivered);
		EventFixtures.send(FULFILLMENT_EVENTS, republished);
		await().until(() -> processed(delivered.id()) && processed(republished.id()));
		assertThat(this.ledger.level(sku, "WH-" + sku).onHand()).isEqualTo(48);
		assertThat(this.ledger.reconcile()).isEmpty();
	}

	@Test
	void aCancelledOrderGivesItsStockBack() {
		String sku = stockedSku(5, 0);
		String order = "ORD-" + UUID.randomUUID();
		reserve(order, sku, 4);
		EventFixtures.send(FULFILLMENT_EVENTS,
				EventFixtures.OutgoingEvent.of("concord.fulfillment.OrderCancelled", order, """
						{"orderId": "%s", "cause": "SHOPPER", "cancelledAt": "%s"}""".formatted(order, Instant.now())));
		String unknown = "ORD-" + UUID.randomUUID();
		EventFixtures.OutgoingEvent neverReserved = EventFixtures.OutgoingEvent.of("concord.fulfillment.OrderCancelled",
				unknown, """
						{"orderId": "%s", "cause": "OUT_OF_STOCK", "cancelledAt": "%s"}""".formatted(unknown,
						Instant.now()));
		EventFixtures.send(FULFILLMENT_EVENTS, neverReserved);
		await().until(() -> this.reservations.find(order).status().equals("RELEASED"));
		await().until(() -> processed(neverReserved.id()));
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isZero();
	}

	@Test
	void aCampaignsFencesFollowItsScheduleAndEndWithIt() {
		String sku = stockedSku(10, 0);
		String campaign = "CMP-" + UUID.randomUUID();
		RingFences.Fence fence = this.fences.create(sku, "LIVESTREAM", 6, null, campaign, null, null, "test");
		assertThat(fence.status()).as("waiting for the campaign's window").isEqualTo("SCHEDULED");
		Instant start = Instant.now().minusSeconds(60);
		EventFixtures.send(PROMOTION_EVENTS,
				EventFixtures.OutgoingEvent.of("concord.promotion.CampaignScheduled", campaign, """
						{"campaignId": "%s", "name": "Singles' Day", "startsAt": "%s", "endsAt": "%s"}"""
					.formatted(campaign, start, start.plus(Duration.ofDays(1)))));
		await().until(() -> this.fences.find(fence.id()).status().equals("ACTIVE"));
		assertThatAppCanReserve(sku, 4);

		EventFixtures.send(PROMOTION_EVENTS,
				EventFixtures.OutgoingEvent.of("concord.promotion.CampaignEnded", campaign, """
						{"campaignId": "%s", "endedAt": "%s"}""".formatted(campaign, Instant.now())));
		await().until(() -> this.fences.find(fence.id()).status().equals("RELEASED"));
		assertThatAppCanReserve(sku, 10);
	}

	private void assertThatAppCanReserve(String sku, int units) {
		StockPool pool = this.pools.read(List.of(sku));
		StockPool.Route app = this.pools.routes().get("APP");
		assertThat(pool.availableToPromise(sku, app)).isEqualTo(units);
	}

	private boolean processed(String eventId) {
		return this.jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
				eventId) > 0;
	}

	private static ReceivedEvent one(PublishedEvents events, String type, String subject) {
		ReceivedEvent event = events.await((e) -> e.type().equals(type) && subject.equals(e.subject()), 1).get(0);
		EventContracts.assertConforms(event);
		return event;
	}

	private void reserve(String order, String sku, int quantity) {
		this.reservations.reserve(new Reservations.ReserveRequest(order, "APP", null,
				List.of(new Reservations.Line(sku, quantity)), Duration.ofMinutes(15)));
	}

	/**
	 * A SKU with a reorder point, at its own warehouse that the APP channel sells from.
	 */
	private String stockedSku(int units, int reorderPoint) {
		String sku = "EVT-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name, reorder_point) values (?, ?, ?)", sku, "Test " + sku,
				reorderPoint);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', ?, 100)",
				"WH-" + sku);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, "WH-" + sku);
		if (units > 0) {
			this.ledger.adjust(sku, "WH-" + sku, units, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		}
		return sku;
	}

}
