package io.concord.platform.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.web.TestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow traffic (ADR-25) with load testing switched on: the tag of a request travels to
 * its rows, its outbox row, the CloudEvent's {@code testrun} extension (a Kafka header)
 * on the shadow topic and never the real one, the consumer's context, what the consumer
 * writes and the event it publishes in turn; dead letters keep it; the purge removes the
 * run's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.load-testing.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShadowTrafficIntegrationTests {

	private static final String TOPIC = "concord.test.events.v1";

	private static final String SHADOW_TOPIC = "shadow." + TOPIC;

	private static final String SHADOW_DEAD_LETTERS = "shadow.concord.platform-events-test.dead-letters";

	private static PublishedEvents real;

	private static PublishedEvents shadow;

	private static PublishedEvents shadowDeadLetters;

	@Autowired
	EventsTestApplication.Parcels parcels;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@LocalServerPort
	int port;

	@BeforeAll
	static void openTopics() {
		String kafka = TestInfrastructure.get().kafkaBootstrapServers();
		for (String topic : List.of(TOPIC, SHADOW_TOPIC, SHADOW_DEAD_LETTERS)) {
			createTopic(kafka, topic);
		}
		real = PublishedEvents.from(kafka, TOPIC);
		shadow = PublishedEvents.from(kafka, SHADOW_TOPIC);
		shadowDeadLetters = PublishedEvents.from(kafka, SHADOW_DEAD_LETTERS);
	}

	@AfterAll
	static void closeTopics() {
		real.close();
		shadow.close();
		shadowDeadLetters.close();
	}

	@Test
	void theTagTravelsFromTheRequestThroughTheShadowTopicToTheConsumerAndItsNextEvent() throws Exception {
		String label = "relay-" + UUID.randomUUID();
		HttpResponse<String> registered = post("/test/parcels/" + label, "run-propagation");
		assertThat(registered.statusCode()).isEqualTo(200);
		String id = registered.body().replace("\"", "");
		assertThat(column("select test_run from parcel where id = ?::uuid", id)).isEqualTo("run-propagation");

		ReceivedEvent event = shadow
			.await((e) -> id.equals(e.subject()) && "concord.test.ParcelRegistered".equals(e.type()), 1)
			.get(0);
		assertThat(event.attribute("testrun")).as("the ce_testrun Kafka header").isEqualTo("run-propagation");
		// The consumer handled it as part of the run: its row is tagged, and the event it
		// published in turn is tagged and on the shadow topic too.
		ReceivedEvent next = shadow
			.await((e) -> id.equals(e.subject()) && "concord.test.ParcelCounted".equals(e.type()), 1)
			.get(0);
		assertThat(next.attribute("testrun")).isEqualTo("run-propagation");
		await().untilAsserted(() -> assertThat(column("select test_run from parcel_tally where label = ?", label))
			.isEqualTo("run-propagation"));
		assertThat(real.received()).as("nothing of the run on the real topic").noneMatch((e) -> id.equals(e.subject()));
	}

	@Test
	void theOutboxRowCarriesTheTestRun() {
		String label = "outbox-" + UUID.randomUUID();
		String stored = TestRun.callWith("run-outbox",
				() -> new TransactionTemplate(this.transactions).execute((tx) -> {
					UUID id = this.parcels.register(label, false);
					return this.jdbc.queryForObject(
							"select serialized_event from event_publication where serialized_event like ?",
							String.class, "%" + id + "%");
				}));
		assertThat(stored).contains("\"testRun\":\"run-outbox\"");
	}

	@Test
	void untaggedTrafficStaysRealWhileLoadTestingIsOn() throws Exception {
		HttpResponse<String> registered = post("/test/parcels/real-" + UUID.randomUUID(), null);
		assertThat(registered.statusCode()).isEqualTo(200);
		String id = registered.body().replace("\"", "");
		ReceivedEvent event = real.await((e) -> id.equals(e.subject()), 1).get(0);
		assertThat(event.attributes()).doesNotContainKey("testrun");
		assertThat(column("select test_run from parcel where id = ?::uuid", id)).isNull();
		assertThat(shadow.received()).noneMatch((e) -> id.equals(e.subject()));
	}

	@Test
	void aTaggedDeadLetterKeepsItsTagAndThePurgeRemovesTheRunsRows() throws Exception {
		String run = "run-purge-" + UUID.randomUUID().toString().substring(0, 8);
		String poison = "poison-" + UUID.randomUUID();
		String id = post("/test/parcels/" + poison, run).body().replace("\"", "");
		String counted = post("/test/parcels/relay-" + UUID.randomUUID(), run).body().replace("\"", "");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForList("select headers from dead_letter where record_key = ? and topic = ?",
							String.class, id, SHADOW_TOPIC))
				.singleElement()
				.asString()
				.contains("\"ce_testrun\":\"" + run + "\""));
		ReceivedEvent dead = shadowDeadLetters.await((e) -> id.equals(e.key()), 1).get(0);
		assertThat(dead.attribute("testrun")).isEqualTo(run);
		await().untilAsserted(() -> assertThat(
				this.jdbc.queryForObject("select count(*) from parcel_tally where test_run = ?", Integer.class, run))
			.isEqualTo(1));

		HttpResponse<String> purged = send("DELETE", "/admin/test/test-runs/" + run, null);
		assertThat(purged.statusCode()).isEqualTo(200);
		assertThat(purged.body()).contains("\"parcel\":2").contains("\"parcel_tally\":1").contains("\"dead_letter\":1");
		assertThat(this.jdbc.queryForObject("select count(*) from parcel where id in (?::uuid, ?::uuid)", Integer.class,
				id, counted))
			.isZero();
		assertThat(send("DELETE", "/admin/test/test-runs/Not_A_Run", null).statusCode()).isEqualTo(400);
	}

	@Test
	void aMalformedTagIsRefused() throws Exception {
		HttpResponse<String> refused = post("/test/parcels/bad-" + UUID.randomUUID(), "Run With Spaces");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("https://concord.dev/problems/test-run-invalid");
	}

	private String column(String sql, String arg) {
		List<String> values = this.jdbc.queryForList(sql, String.class, arg);
		return values.isEmpty() ? "(no row)" : values.get(0);
	}

	private HttpResponse<String> post(String path, String testRun) throws Exception {
		return send("POST", path, testRun);
	}

	private HttpResponse<String> send(String method, String path, String testRun) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (testRun != null) {
			request.header(TestRun.HEADER, testRun);
		}
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.build()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
