package io.concord.fulfillment.connectors;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.ordering.StockReserved;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stock and prices out (issue 24) against PostgreSQL and Kafka, to a recording platform:
 * StockChanged coalesced into few pushes of the latest value with the buffer applied; the
 * per-second quota; a 429 pauses the connector; failures back off and show; unconfirmed
 * raises wait while lowers go; the re-sync corrects a drifted platform; PriceChanged of
 * the connector's channel (or ALL without one) is pushed.
 */
class ConnectorSyncIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INVENTORY_EVENTS = "concord.inventory.events.v1";

	private static final String PROMOTION_EVENTS = "concord.promotion.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RecordingPlatform platform;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationEventPublisher events;

	@Test
	@DisplayName("Many StockChanged: the latest value reaches the platform (buffer applied) in far fewer pushes; latency is timed")
	void stockChangesAreCoalesced() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 40);
		String id = connector(3, 50, 3600, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(37).equals(this.platform.quantity(id, "P-" + sku)));
		int before = this.platform.calls(id, "stock").size();

		List<OutgoingEvent> events = new ArrayList<>();
		for (int i = 1; i <= 60; i++) {
			events.add(stockChanged(sku, channelOf(id), 80 - i, Instant.now(), i + 1));
		}
		sendAll(INVENTORY_EVENTS, events);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> Integer.valueOf(17).equals(this.platform.quantity(id, "P-" + sku)));
		await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> !pending(id, sku));
		int pushes = this.platform.calls(id, "stock").size() - before;
		assertThat(pushes).as("60 changes, coalesced").isBetween(1, 20);
		assertThat(this.platform.quantity(id, "P-" + sku)).as("the latest value, 20 - buffer 3").isEqualTo(17);
		Timer latency = this.meters.find("concord.connector.stock.sync.latency").tag("connector", id).timer();
		assertThat(latency).isNotNull();
		assertThat(latency.count()).isPositive();

		JsonNode view = stockView(id).get(0);
		assertThat(view.path("available").asInt()).isEqualTo(20);
		assertThat(view.path("sellable").asInt()).isEqualTo(17);
		assertThat(view.path("pushedQuantity").asInt()).isEqualTo(17);
		assertThat(view.path("pending").asBoolean()).isFalse();

		// A stale (lower version) change is dropped.
		EventFixtures.send(INVENTORY_EVENTS, stockChanged(sku, channelOf(id), 0, Instant.now(), 5));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> Integer.valueOf(17).equals(this.platform.quantity(id, "P-" + sku)));
	}

	@Test
	@DisplayName("At most pushesPerSecond calls in any second per connector, batches of at most 100 items")
	void theQuotaHolds() {
		List<String> skus = new ArrayList<>();
		for (int i = 0; i < 450; i++) {
			skus.add(sku());
		}
		String id = connector(0, 2, 3600, skus.toArray(String[]::new));
		await().atMost(Duration.ofSeconds(40))
			.until(() -> this.platform.calls(id, "stock")
				.stream()
				.mapToInt(RecordingPlatform.Call::items)
				.sum() == 450);
		List<RecordingPlatform.Call> calls = this.platform.calls(id, "stock");
		assertThat(calls).hasSize(5).allSatisfy((call) -> assertThat(call.items()).isLessThanOrEqualTo(100));
		Map<Long, Integer> perSecond = new TreeMap<>();
		calls.forEach((call) -> perSecond.merge(call.at().getEpochSecond(), 1, Integer::sum));
		assertThat(perSecond.values()).as(perSecond.toString()).allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo(2));
		assertThat(Duration.between(calls.get(0).at(), calls.get(4).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
	}

	@Test
	@DisplayName("A 429 with Retry-After pauses the connector until then; the pause shows in the sync summary")
	void a429PausesTheConnector() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 9);
		String id = connectorRow(0, 20, 3600);
		this.platform.fail(id, 429, Duration.ofSeconds(3), 1);
		map(id, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(9).equals(this.platform.quantity(id, "P-" + sku)));
		List<RecordingPlatform.Call> calls = this.platform.calls(id, "stock");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).ok()).isFalse();
		assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(2900));
		JsonNode sync = call("GET", "/admin/fulfillment/connectors/" + id + "/sync", "ops-viewer", 200);
		assertThat(sync.path("pausedUntil").isNull()).as(sync.toString()).isFalse();
		assertThat(sync.path("stockFailing").asInt()).as("a throttle is no failure").isZero();
		assertThat(meters.find("concord.connector.push.throttles").tag("connector", id).counter().count()).isEqualTo(1);
	}

	@Test
	@DisplayName("A failing platform is retried with growing back-off; attempts, error and failing-since show until it recovers")
	void failuresBackOffAndShow() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 6);
		String id = connectorRow(0, 20, 3600);
		this.platform.fail(id, 503, null, 3);
		map(id, sku);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.platform.calls(id, "stock").size() >= 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> stockView(id).get(0).path("attempts").asInt() >= 1);
		JsonNode row = stockView(id).get(0);
		assertThat(row.path("lastError").asString()).contains("503");
		assertThat(row.path("pending").asBoolean()).isTrue();
		JsonNode sync = call("GET", "/admin/fulfillment/connectors/" + id + "/sync", "ops-viewer", 200);
		assertThat(sync.path("stockFailing").asInt()).isEqualTo(1);
		assertThat(sync.path("stockFailingSince").isNull()).isFalse();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> Integer.valueOf(6).equals(this.platform.quantity(id, "P-" + sku)));
		List<RecordingPlatform.Call> calls = this.platform.calls(id, "stock");
		assertThat(calls).hasSize(4);
		Duration first = Duration.between(calls.get(0).at(), calls.get(1).at());
		Duration second = Duration.between(calls.get(1).at(), calls.get(2).at());
		Duration third = Duration.between(calls.get(2).at(), calls.get(3).at());
		assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		assertThat(third).isGreaterThanOrEqualTo(Duration.ofMillis(3900));
		await().atMost(Duration.ofSeconds(5)).until(() -> stockView(id).get(0).path("attempts").asInt() == 0);
		assertThat(stockView(id).get(0).path("lastError").isNull()).isTrue();
		assertThat(meters.find("concord.connector.push.failures").tag("connector", id).counter().count()).isEqualTo(3);
	}

	@Test
	@DisplayName("Lowered, not raised, when in doubt: an unconfirmed raise waits while a lower goes at once; a re-sync confirms the raise")
	void unconfirmedRaisesWait() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 50);
		String id = connector(0, 20, 60, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(50).equals(this.platform.quantity(id, "P-" + sku)));
		// Inventory last confirmed the SKU 10 minutes ago (a lagging consumer); the
		// window is 2 x 60 s.
		this.jdbc.update("update connector_stock set known_at = ? where connector_id = ?",
				Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))), id);
		EventFixtures.send(INVENTORY_EVENTS,
				stockChanged(sku, channelOf(id), 80, Instant.now().minus(Duration.ofMinutes(9)), 5));
		await().atMost(Duration.ofSeconds(20)).until(() -> stockView(id).get(0).path("available").asInt() == 80);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> Integer.valueOf(50).equals(this.platform.quantity(id, "P-" + sku)));
		assertThat(stockView(id).get(0).path("pending").asBoolean()).isTrue();

		EventFixtures.send(INVENTORY_EVENTS,
				stockChanged(sku, channelOf(id), 30, Instant.now().minus(Duration.ofMinutes(8)), 6));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(30).equals(this.platform.quantity(id, "P-" + sku)));

		PartnerStub.get().available.put(sku, 80);
		JsonNode outcome = call("POST", "/admin/fulfillment/connectors/" + id + "/stock/resync", "ops-manager", 200);
		assertThat(outcome.path("skus").asInt()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(80).equals(this.platform.quantity(id, "P-" + sku)));
	}

	@Test
	@DisplayName("The re-sync pushes every mapped SKU again: a quantity changed on the platform is corrected")
	void resyncCorrectsADriftedPlatform() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 10);
		String id = connector(2, 20, 3600, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(8).equals(this.platform.quantity(id, "P-" + sku)));
		this.platform.stock.get(id).put("P-" + sku, 999);
		JsonNode outcome = call("POST", "/admin/fulfillment/connectors/" + id + "/stock/resync", "ops-manager", 200);
		assertThat(outcome.path("error").isNull()).isTrue();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(8).equals(this.platform.quantity(id, "P-" + sku)));
		JsonNode sync = call("GET", "/admin/fulfillment/connectors/" + id + "/sync", "ops-viewer", 200);
		assertThat(sync.path("lastResyncSkus").asInt()).isEqualTo(1);
		assertThat(sync.path("stockPending").asInt()).isZero();
		call("GET", "/admin/fulfillment/connectors/nope-" + UUID.randomUUID() + "/sync", "ops-viewer", 404);
	}

	@Test
	@DisplayName("PriceChanged of the connector's channel is pushed; ALL is pushed only to connectors whose channel has no own price")
	void pricesGoOut() {
		String sku = sku();
		String own = connector(0, 20, 3600, sku);
		String other = connector(0, 20, 3600, sku);
		Instant now = Instant.now();
		EventFixtures.send(PROMOTION_EVENTS, priceChanged(sku, channelOf(own), 5000, now.minusSeconds(60)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Long.valueOf(5000).equals(this.platform.price(own, "P-" + sku)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from channel_price where sku = ?", Integer.class,
					sku) == 1);
		assertThat(this.platform.price(other, "P-" + sku)).isNull();

		EventFixtures.send(PROMOTION_EVENTS, priceChanged(sku, "ALL", 4000, now.minusSeconds(30)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Long.valueOf(4000).equals(this.platform.price(other, "P-" + sku)));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> Long.valueOf(5000).equals(this.platform.price(own, "P-" + sku)));
		assertThat(this.platform.calls(own, "prices")).hasSize(1);
		JsonNode price = stockView(other).get(0).path("price");
		assertThat(price.path("priceChannel").asString()).isEqualTo("ALL");
		assertThat(price.path("pushedSellingPriceMinor").asLong()).isEqualTo(4000);
		assertThat(price.path("pending").asBoolean()).isFalse();
	}

	@Test
	@DisplayName("An order's reservation lowers the platform at once; inventory's older StockChanged does not raise it back, a later one sets it")
	void aReservationLowersThePlatformAtOnce() {
		String sku = sku();
		PartnerStub.get().available.put(sku, 20);
		String id = connector(0, 20, 3600, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(20).equals(this.platform.quantity(id, "P-" + sku)));
		Instant reservedAt = Instant.now();
		this.events.publishEvent(new StockReserved("ORD-" + UUID.randomUUID(), "APP", Map.of(sku, 3), reservedAt));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Integer.valueOf(17).equals(this.platform.quantity(id, "P-" + sku)));
		// Inventory's event from before the reservation arrives late: it changes nothing.
		EventFixtures.send(INVENTORY_EVENTS,
				stockChanged(sku, channelOf(id), 20, reservedAt.minusMillis(500), 1_000_000));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> Integer.valueOf(17).equals(this.platform.quantity(id, "P-" + sku)));
		EventFixtures.send(INVENTORY_EVENTS,
				stockChanged(sku, channelOf(id), 15, reservedAt.plusMillis(500), 1_000_001));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(15).equals(this.platform.quantity(id, "P-" + sku)));
	}

	@Test
	@DisplayName("A price set before the SKU was mapped reaches the platform once it is mapped")
	void aPriceSetBeforeMappingGoesOutOnceMapped() {
		String sku = sku();
		this.jdbc.update("""
				insert into product (sku, name, unit_price_minor, currency, updated_at)
				values (?, 'Mapped later', 6000, 'CNY', now())""", sku);
		EventFixtures.send(PROMOTION_EVENTS, priceChanged(sku, "ALL", 4500, Instant.now().minusSeconds(60)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from channel_price where sku = ?", Integer.class,
					sku) == 1);
		String id = connector(0, 20, 3600, sku);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Long.valueOf(4500).equals(this.platform.price(id, "P-" + sku)));
		assertThat(this.platform.calls(id, "prices")).hasSize(1);
	}

	private String connector(int buffer, int perSecond, int resyncSeconds, String... skus) {
		String id = connectorRow(buffer, perSecond, resyncSeconds);
		map(id, skus);
		return id;
	}

	private String connectorRow(int buffer, int perSecond, int resyncSeconds) {
		String id = "cs-" + UUID.randomUUID().toString().substring(0, 8);
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into connector (connector_id, platform, display_name, channel, base_url, api_secret_ref,
				  webhook_secret_ref, stock_buffer, pushes_per_second, pull_every_seconds, resync_every_seconds,
				  dispatch_within_hours, enabled, created_at, updated_at, updated_by)
				values (?, ?, 'Sync test', ?, 'http://recording.invalid', 'api', 'hook', ?, ?, 3600, ?, 48, true, ?, ?,
				  'test')""", id, RecordingPlatform.NAME, channelOf(id), buffer, perSecond, resyncSeconds, now, now);
		return id;
	}

	private void map(String id, String... skus) {
		List<Object[]> rows = new ArrayList<>();
		for (String sku : skus) {
			rows.add(new Object[] { id, "P-" + sku, sku });
		}
		this.jdbc.batchUpdate("insert into connector_sku (connector_id, platform_sku, sku) values (?, ?, ?)", rows);
	}

	private static String channelOf(String connectorId) {
		return ("CS_" + connectorId.substring(3)).toUpperCase();
	}

	private static String sku() {
		return "CSYNC-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
	}

	private boolean pending(String id, String sku) {
		return this.jdbc.queryForObject("select pending from connector_stock where connector_id = ? and sku = ?",
				Boolean.class, id, sku);
	}

	private List<JsonNode> stockView(String id) {
		List<JsonNode> rows = new ArrayList<>();
		call("GET", "/admin/fulfillment/connectors/" + id + "/stock", "ops-viewer", 200).forEach(rows::add);
		return rows;
	}

	private JsonNode call(String method, String path, String role, int status) {
		HttpResponse<String> response = TestHttp.call("http://localhost:" + this.port, method, path,
				TestIssuers.get().staffToken("ops-1", role), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private static OutgoingEvent stockChanged(String sku, String channel, int available, Instant changedAt,
			long version) {
		OutgoingEvent event = OutgoingEvent.of("concord.inventory.StockChanged", sku, """
				{"sku": "%s", "onHand": %d, "reserved": 0, "available": %d, "availableByChannel": {"%s": %d},
				 "changedAt": "%s"}""".formatted(sku, available, available, channel, available, changedAt));
		return new OutgoingEvent(event.id(), event.type(), event.subject(), version, 1, event.dataJson());
	}

	private static OutgoingEvent priceChanged(String sku, String channel, long price, Instant effectiveFrom) {
		return OutgoingEvent.of("concord.promotion.PriceChanged", sku, """
				{"changeId": "%s", "sku": "%s", "channel": "%s", "currency": "CNY", "listPriceMinor": 10000,
				 "sellingPriceMinor": %d, "previousSellingPriceMinor": null, "referencePriceMinor": %d,
				 "effectiveFrom": "%s", "effectiveTo": null, "source": "ADMIN"}""".formatted(UUID.randomUUID(), sku,
				channel, price, price, effectiveFrom));
	}

	/**
	 * Sends the events in order with one producer (as a busy inventory-service would).
	 */
	private static void sendAll(String topic, List<OutgoingEvent> events) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			for (OutgoingEvent event : events) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(),
						event.dataJson().getBytes(StandardCharsets.UTF_8));
				Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", event.id(), "ce_type",
						event.type(), "ce_source", "/concord/test-fixture", "ce_subject", event.subject(), "ce_time",
						Instant.now().toString(), "ce_aggregateversion", String.valueOf(event.aggregateVersion()),
						"ce_schemaversion", "1", "ce_dataschema",
						EventContracts.SCHEMA_BASE + "inventory/StockChanged.v1.schema.json", "content-type",
						"application/json");
				headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
				producer.send(record);
			}
			producer.flush();
		}
	}

}
