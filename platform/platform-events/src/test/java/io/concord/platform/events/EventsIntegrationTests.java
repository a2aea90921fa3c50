package io.concord.platform.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventsIntegrationTests {

	private static final String TOPIC = "concord.test.events.v1";

	private static PublishedEvents topic;

	private static PublishedEvents deadLetterTopic;

	@Autowired
	EventsTestApplication.Parcels parcels;

	@Autowired
	EventsTestApplication.ParcelTally tally;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	org.springframework.context.ApplicationContext context;

	@LocalServerPort
	int port;

	@BeforeAll
	static void openTopics() {
		String kafka = TestInfrastructure.get().kafkaBootstrapServers();
		createTopic(kafka, TOPIC);
		createTopic(kafka, "concord.platform-events-test.dead-letters");
		topic = PublishedEvents.from(kafka, TOPIC);
		deadLetterTopic = PublishedEvents.from(kafka, "concord.platform-events-test.dead-letters");
	}

	@AfterAll
	static void closeTopics() {
		topic.close();
		deadLetterTopic.close();
	}

	@Test
	void committedChangePublishesOneConformingCloudEventAndEmptiesTheOutbox() {
		UUID id = this.parcels.register("conforming", false);
		ReceivedEvent event = topic.await((e) -> id.toString().equals(e.subject()), 1).get(0);
		EventContracts.assertConforms(event);
		assertThat(event.type()).isEqualTo("concord.test.ParcelRegistered");
		assertThat(event.key()).isEqualTo(id.toString());
		assertThat(event.attribute("source")).isEqualTo("/concord/platform-events-test");
		assertThat(event.attribute("aggregateversion")).isEqualTo("1");
		assertThat(event.attribute("schemaversion")).isEqualTo("1");
		assertThat(event.attribute("dataschema"))
			.isEqualTo("https://concord.dev/schemas/test/ParcelRegistered.v1.schema.json");
		assertThat(event.data().path("label").asString()).isEqualTo("conforming");
		assertThat(event.data().has("metadata")).as("metadata travels as attributes only").isFalse();
		await().untilAsserted(() -> assertThat(outboxBacklog()).isZero());
	}

	@Test
	void rolledBackChangePublishesNothing() {
		assertThatThrownBy(() -> this.parcels.register("rolled-back", true)).isInstanceOf(IllegalStateException.class);
		UUID committed = this.parcels.register("after-rollback", false);
		topic.await((e) -> committed.toString().equals(e.subject()), 1);
		assertThat(topic.received()).filteredOn((e) -> "concord.test.ParcelRegistered".equals(e.type()))
			.noneMatch((e) -> e.data().path("label").asString().equals("rolled-back"));
		assertThat(this.jdbc.queryForObject("select count(*) from parcel where label = 'rolled-back'", Integer.class))
			.isZero();
	}

	@Test
	void redeliveredEventHasExactlyOneEffect() throws Exception {
		String label = "redelivered-" + UUID.randomUUID();
		UUID id = this.parcels.register(label, false);
		ReceivedEvent original = topic.await((e) -> id.toString().equals(e.subject()), 1).get(0);
		await().untilAsserted(() -> assertThat(arrivals(label)).isEqualTo(1));
		// The broker hands the same event over again (e.g. after a consumer crash before
		// commit).
		resend(original);
		resend(original);
		topic.await((e) -> id.toString().equals(e.subject()), 3);
		UUID marker = this.parcels.register("marker-" + label, false);
		await().untilAsserted(() -> assertThat(arrivals("marker-" + label)).isEqualTo(1));
		assertThat(marker).isNotNull();
		assertThat(arrivals(label)).isEqualTo(1);
	}

	@Test
	void failingEventIsRetriedThenDeadLetteredAndCanBeReplayedOnce() throws Exception {
		String label = "poison-" + UUID.randomUUID();
		UUID id = this.parcels.register(label, false);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterIds(id)).hasSize(1));
		ReceivedEvent dead = deadLetterTopic.await((e) -> id.toString().equals(e.key()), 1).get(0);
		assertThat(dead.attributes()).containsEntry("id",
				topic.await((e) -> id.toString().equals(e.subject()), 1).get(0).id());
		assertThat(arrivals(label)).as("every failed attempt rolled back").isZero();
		long deadLetterId = deadLetterIds(id).get(0);

		HttpResponse<String> listed = http("GET", "/admin/test/dead-letters?status=PENDING");
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(id.toString()).contains("cannot handle");

		assertThat(attempts(deadLetterId)).as("the first delivery and max-retries (2) more").isEqualTo(3);

		HttpResponse<String> stillFailing = http("POST", "/admin/test/dead-letters/" + deadLetterId + "/replay");
		assertThat(stillFailing.statusCode()).isEqualTo(422);
		assertThat(arrivals(label)).isZero();
		assertThat(attempts(deadLetterId)).as("a failed replay is an attempt").isEqualTo(4);
		assertThat(http("GET", "/admin/test/dead-letters/" + deadLetterId).body()).contains("\"retriedAt\":\"");

		this.tally.refusePoison.set(false);
		try {
			HttpResponse<String> replayed = http("POST", "/admin/test/dead-letters/" + deadLetterId + "/replay");
			assertThat(replayed.statusCode()).isEqualTo(200);
			assertThat(replayed.body()).contains("\"status\":\"REPLAYED\"", "\"attempts\":5");
			assertThat(arrivals(label)).isEqualTo(1);
			assertThat(http("POST", "/admin/test/dead-letters/" + deadLetterId + "/replay").statusCode())
				.isEqualTo(409);
			assertThat(arrivals(label)).isEqualTo(1);
		}
		finally {
			this.tally.refusePoison.set(true);
		}
		assertThat(http("GET", "/admin/test/dead-letters/999999999").statusCode()).isEqualTo(404);
		assertThat(http("GET", "/admin/test/dead-letters?status=NONSENSE").statusCode()).isEqualTo(400);
	}

	@Test
	@org.junit.jupiter.api.DisplayName("L10: an event before its prerequisite is counted, parked, and applied once the prerequisite is there")
	void l10_anEventBeforeItsPrerequisiteIsParkedAndAppliedWhenItArrives() {
		io.micrometer.core.instrument.MeterRegistry meters = this.context
			.getBean(io.micrometer.core.instrument.MeterRegistry.class);
		double before = meters.find("concord.events.out_of_order")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
		UUID id = this.parcels.register("early-" + UUID.randomUUID(), false);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.jdbc.queryForList("select status from dead_letter where record_key = ?",
							String.class, id.toString()))
						.containsExactly("PARKED"));
		assertThat(meters.find("concord.events.out_of_order")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum()).isGreaterThan(before);
		assertThat(meters.get("concord.events.parked").gauge().value()).isPositive();
		// Its effect never committed while it waited (the tally rolled back with it).
		this.tally.prerequisiteMissing.set(false);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.jdbc.queryForList("select status from dead_letter where record_key = ?",
							String.class, id.toString()))
						.containsExactly("REPLAYED"));
	}

	@Test
	void recordThatIsNotACloudEventGoesStraightToDeadLetters() throws Exception {
		String key = "garbage-" + UUID.randomUUID();
		try (KafkaProducer<String, byte[]> producer = producer()) {
			producer.send(new ProducerRecord<>(TOPIC, key, "not an event".getBytes(StandardCharsets.UTF_8))).get();
		}
		await().untilAsserted(() -> assertThat(this.jdbc.queryForObject(
				"select count(*) from dead_letter where record_key = ? and reason like 'UnprocessableEventException%'",
				Integer.class, key))
			.isEqualTo(1));
		assertThat(
				this.jdbc.queryForObject("select attempts from dead_letter where record_key = ?", Integer.class, key))
			.as("not retried: tried once")
			.isEqualTo(1);
	}

	@Test
	void eventCommittedWhileKafkaIsDownIsPublishedWhenKafkaReturns() {
		var kafka = TestInfrastructure.get().embeddedKafka();
		String label = "while-kafka-down-" + UUID.randomUUID();
		UUID id;
		kafka.stop();
		try {
			id = this.parcels.register(label, false);
			assertThat(this.jdbc.queryForObject("select count(*) from parcel where id = ?", Integer.class, id))
				.as("the business change commits without Kafka")
				.isEqualTo(1);
			// The failed send is recorded and retried: the publication is FAILED, or the
			// relay has already resubmitted it after a failure (both the relay and the
			// producer's blocking send take 5 s, so FAILED can be too brief to observe).
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(outboxStatus(id).equals("FAILED") || outboxAttempts(id) >= 2)
					.as("status %s after %d attempts", outboxStatus(id), outboxAttempts(id))
					.isTrue());
			assertThat(outboxStatus(id)).as("still in the outbox").isNotEqualTo("COMPLETED");
		}
		finally {
			kafka.start();
		}
		ReceivedEvent event = topic.await((e) -> id.toString().equals(e.subject()), 1).get(0);
		EventContracts.assertConforms(event);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(arrivals(label)).isEqualTo(1));
		await().untilAsserted(() -> assertThat(outboxBacklog()).isZero());
	}

	@Test
	void taggedTrafficIsRefusedWhileLoadTestingIsOff() throws Exception {
		HttpResponse<String> refused = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.build()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/test/parcels/tagged-" + UUID.randomUUID()))
				.timeout(Duration.ofSeconds(30))
				.header("X-Concord-Test-Run", "run-off")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("https://concord.dev/problems/load-testing-disabled");
		assertThat(this.jdbc.queryForObject("select count(*) from parcel where label like 'tagged-%'", Integer.class))
			.isZero();

		// A tagged event that reached a real topic is not applied either: it is kept as a
		// dead letter, tag and all.
		String label = "tagged-event-" + UUID.randomUUID();
		UUID id = UUID.randomUUID();
		try (KafkaProducer<String, byte[]> producer = producer()) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, id.toString(),
					("{\"parcelId\":\"" + id + "\",\"label\":\"" + label + "\"}").getBytes(StandardCharsets.UTF_8));
			Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/concord/test",
					"ce_type", "concord.test.ParcelRegistered", "ce_subject", id.toString(), "ce_testrun", "run-off",
					"content-type", "application/json")
				.forEach((name, value) -> record.headers()
					.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
			producer.send(record).get();
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.jdbc.queryForList("select reason from dead_letter where record_key = ?",
							String.class, id.toString()))
						.singleElement()
						.asString()
						.contains("load testing is switched off"));
		assertThat(arrivals(label)).isZero();
	}

	private String outboxStatus(UUID aggregateId) {
		List<String> statuses = this.jdbc.queryForList(
				"select status from event_publication where serialized_event like ?", String.class,
				"%" + aggregateId + "%");
		return statuses.isEmpty() ? "NONE" : statuses.get(0);
	}

	private int outboxAttempts(UUID aggregateId) {
		List<Integer> attempts = this.jdbc.queryForList(
				"select coalesce(completion_attempts, 0) from event_publication where serialized_event like ?",
				Integer.class, "%" + aggregateId + "%");
		return attempts.isEmpty() ? 0 : attempts.get(0);
	}

	// Completed publications are deleted, not kept: the whole table empties, so it stays
	// bounded.
	private int outboxBacklog() {
		return this.jdbc.queryForObject("select count(*) from event_publication", Integer.class);
	}

	private int arrivals(String label) {
		List<Integer> rows = this.jdbc.queryForList("select arrivals from parcel_tally where label = ?", Integer.class,
				label);
		return rows.isEmpty() ? 0 : rows.get(0);
	}

	private int attempts(long deadLetterId) {
		return this.jdbc.queryForObject("select attempts from dead_letter where id = ?", Integer.class, deadLetterId);
	}

	private List<Long> deadLetterIds(UUID aggregateId) {
		return this.jdbc.queryForList("select id from dead_letter where record_key = ?", Long.class,
				aggregateId.toString());
	}

	private HttpResponse<String> http(String method, String path) throws Exception {
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.build()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void resend(ReceivedEvent event) throws Exception {
		try (KafkaProducer<String, byte[]> producer = producer()) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, event.key(), event.payload());
			event.attributes()
				.forEach((name, value) -> record.headers()
					.add(new RecordHeader(name.equals("datacontenttype") ? "content-type" : "ce_" + name,
							value.getBytes(StandardCharsets.UTF_8))));
			producer.send(record).get();
		}
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.get().kafkaBootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	private static void createTopic(String kafka, String name) {
		try (var admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, 3, (short) 1))).all().get();
		}
		catch (Exception ex) {
			if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
