package io.concord.platform.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.web.TestRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations figures move with what they measure, against real PostgreSQL and Kafka:
 * a publication left unpublished is backlog with its age, events the consumer has not
 * read yet are lag (gone once it reads them), and requests show per endpoint with their
 * errors and latency, shadow traffic apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsIntegrationTests {

	private static final String TOPIC = "concord.test.events.v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	EventsTestApplication.Parcels parcels;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ConcurrentMessageListenerContainer<String, byte[]> consumer;

	@LocalServerPort
	int port;

	@BeforeAll
	static void openTopic() {
		try (var admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					TestInfrastructure.get().kafkaBootstrapServers()))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 3, (short) 1))).all().get();
		}
		catch (Exception ex) {
			if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
				throw new IllegalStateException(ex);
			}
		}
	}

	@Test
	void anUnpublishedPublicationIsBacklogWithItsAge() throws Exception {
		UUID id = UUID.randomUUID();
		// As if Kafka had not acknowledged it for 90 seconds.
		this.jdbc
			.update("""
					insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
					  completion_attempts)
					values (?, 'operations-test', 'java.lang.String', '"stuck"', now() - interval '90 seconds', 'PUBLISHED', 1)""",
					id);
		try {
			JsonNode outbox = figures().path("outbox");
			assertThat(outbox.path("unpublished").asLong()).isGreaterThanOrEqualTo(1);
			assertThat(outbox.path("oldestAgeSeconds").asLong()).isBetween(90L, 600L);
		}
		finally {
			this.jdbc.update("delete from event_publication where id = ?", id);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(figures().path("outbox").path("unpublished").asLong()).isZero());
		assertThat(figures().path("outbox").path("oldestAgeSeconds").asLong()).isZero();
	}

	@Test
	void eventsTheConsumerHasNotReadAreLagUntilItReadsThem() throws Exception {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lag()).isZero());
		this.consumer.stop();
		try {
			for (int i = 0; i < 3; i++) {
				this.parcels.register("lagging-" + UUID.randomUUID(), false);
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lag()).isGreaterThanOrEqualTo(3));
			JsonNode consumer = consumerOf(figures());
			assertThat(consumer.path("group").asString()).isEqualTo("platform-events-test");
			assertThat(consumer.path("shadow").asBoolean()).isFalse();
		}
		finally {
			this.consumer.start();
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lag()).isZero());
	}

	@Test
	void requestsShowPerEndpointWithErrorsLatencyAndShadowTrafficApart() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(call("POST", "/test/parcels/counted-" + i, null).statusCode()).isEqualTo(200);
		}
		assertThat(call("GET", "/admin/test/dead-letters?status=NONSENSE", null).statusCode()).isEqualTo(400);
		// Load testing is off here: a tagged request is refused, and still counted as
		// shadow.
		assertThat(call("POST", "/test/parcels/tagged", "run-1").statusCode()).isEqualTo(403);
		JsonNode http = figures().path("http");
		assertThat(http.path("windowSeconds").asLong()).isEqualTo(300);
		JsonNode parcels = endpoint(http, "POST", "/test/parcels/{label}", "real");
		assertThat(parcels.path("requests").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(parcels.path("perSecond").asDouble()).isPositive();
		assertThat(parcels.path("serverErrors").asLong()).isZero();
		assertThat(parcels.path("p95Ms").asDouble()).isPositive();
		assertThat(parcels.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(parcels.path("p95Ms").asDouble());
		assertThat(endpoint(http, "GET", "/admin/test/dead-letters", "real").path("clientErrors").asLong())
			.isGreaterThanOrEqualTo(1);
		assertThat(http.path("endpoints").valueStream())
			.anySatisfy((endpoint) -> assertThat(endpoint.path("traffic").asString()).isEqualTo("shadow"));
	}

	private long lag() throws Exception {
		JsonNode consumer = consumerOf(figures());
		return (consumer == null) ? -1 : consumer.path("lag").asLong();
	}

	private static JsonNode consumerOf(JsonNode figures) {
		assertThat(figures.path("consumersError").isNull()).as(figures.toString()).isTrue();
		return figures.path("consumers")
			.valueStream()
			.filter((consumer) -> consumer.path("topic").asString().equals(TOPIC))
			.findFirst()
			.orElse(null);
	}

	private static JsonNode endpoint(JsonNode http, String method, String uri, String traffic) {
		return http.path("endpoints")
			.valueStream()
			.filter((endpoint) -> endpoint.path("method").asString().equals(method)
					&& endpoint.path("uri").asString().equals(uri)
					&& endpoint.path("traffic").asString().equals(traffic))
			.findFirst()
			.orElseThrow(() -> new AssertionError(method + " " + uri + " (" + traffic + ") not in " + http));
	}

	private JsonNode figures() throws Exception {
		HttpResponse<String> answer = call("GET", "/admin/test/operations", null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	private HttpResponse<String> call(String method, String path, String testRun) throws Exception {
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

}
