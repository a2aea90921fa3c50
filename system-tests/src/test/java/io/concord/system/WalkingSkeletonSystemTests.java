package io.concord.system;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import io.concord.local.DemoJourney;
import io.concord.local.LocalStack;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, black-box: the applications run as their own processes (the same
 * executable jars and launcher as {@code ./concord}, see {@link SystemStack}) on one real
 * PostgreSQL and one real Kafka. A member registered through the gateway is recorded by
 * member-service together with its MemberRegistered event (outbox), published to Kafka,
 * and consumed by promotion-service with exactly one effect.
 */
class WalkingSkeletonSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	static LocalStack stack;

	@BeforeAll
	static void startStack() {
		stack = SystemStack.get();
	}

	@Test
	void theDemoJourneyPassesEveryStepThroughTheGateway() {
		assertThat(new DemoJourney(stack, (step, result) -> System.out.println(step + " " + result)).run()).isTrue();
	}

	@Test
	void memberRegisteredThroughTheGatewayReachesPromotionServiceOnce() throws Exception {
		try (PublishedEvents memberEvents = PublishedEvents.from(stack.kafka().bootstrapServers(), MEMBER_EVENTS)) {
			String memberId = register("Skeleton", "WEB");
			ReceivedEvent event = memberEvents.await((e) -> memberId.equals(e.subject()), 1).get(0);
			EventContracts.assertConforms(event);
			await().atMost(Duration.ofSeconds(30)).until(() -> audienceRows(memberId) == 1);
			assertThat(gatewayGet("/admin/promotions/audience/" + memberId).statusCode()).isEqualTo(200);
			assertThat(processedCount(event.id())).isEqualTo(1);
			assertThat(deadLetters(memberId)).isZero();
		}
	}

	@Test
	void sameEventDeliveredTwiceHasOneEffect() throws Exception {
		try (PublishedEvents memberEvents = PublishedEvents.from(stack.kafka().bootstrapServers(), MEMBER_EVENTS)) {
			String memberId = register("Twice", "APP");
			ReceivedEvent event = memberEvents.await((e) -> memberId.equals(e.subject()), 1).get(0);
			await().atMost(Duration.ofSeconds(30)).until(() -> audienceRows(memberId) == 1);
			redeliver(event);
			memberEvents.await((e) -> memberId.equals(e.subject()), 2);
			// A later member on the same key's partition proves the redelivery has been
			// consumed.
			String marker = register("Marker", "APP");
			await().atMost(Duration.ofSeconds(30)).until(() -> audienceRows(marker) == 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(event.id()) == 1);
			assertThat(audienceRows(memberId)).isEqualTo(1);
			assertThat(deadLetters(memberId)).as("the duplicate was recognised, not failed").isZero();
		}
	}

	@Test
	void memberRegisteredWhileKafkaIsDownReachesPromotionServiceWhenKafkaReturns() throws Exception {
		String memberId;
		stack.kafka().stop();
		try {
			// A store's POS backend registers its shopper with its channel client token.
			memberId = register("Offline", "STORE", stack.staffToken("channel-store-pos"));
			assertThat(gatewayGet("/admin/members/" + memberId).statusCode())
				.as("the registration committed without Kafka")
				.isEqualTo(200);
			assertThat(audienceRows(memberId)).isZero();
		}
		finally {
			stack.kafka().start();
		}
		await().atMost(Duration.ofSeconds(90)).until(() -> audienceRows(memberId) == 1);
		assertThat(deadLetters(memberId)).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> outboxBacklog() == 0);
	}

	private static String register(String name, String channel) throws Exception {
		return register(name, channel, null);
	}

	private static String register(String name, String channel, String channelClientToken) throws Exception {
		HttpResponse<String> response = TestHttp.call(stack.gatewayUrl(), "POST", "/api/members", channelClientToken,
				"{\"displayName\":\"" + name + "\",\"channel\":\"" + channel + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).path("id").asString();
	}

	/** An admin read, as an ops viewer with a token from the development staff issuer. */
	private static HttpResponse<String> gatewayGet(String path) throws Exception {
		return TestHttp.call(stack.gatewayUrl(), "GET", path, stack.staffToken("ops-viewer"), null);
	}

	private static void redeliver(ReceivedEvent event) throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(MEMBER_EVENTS, event.key(), event.payload());
		event.attributes()
			.forEach((name, value) -> record.headers()
				.add(name.equals("datacontenttype") ? "content-type" : "ce_" + name,
						value.getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.send(record).get();
		}
	}

	private static int audienceRows(String memberId) throws Exception {
		return count("promotion-service", "select count(*) from audience_member where member_id = ?::uuid", memberId);
	}

	// The audience's handler; promotion-service's other handlers of the event (targeted
	// coupons) record the same id under their own names.
	private static int processedCount(String eventId) throws Exception {
		return count("promotion-service",
				"select count(*) from processed_event where event_id = ? and handler = 'MemberRegisteredHandler'",
				eventId);
	}

	private static int deadLetters(String memberId) throws Exception {
		return count("promotion-service", "select count(*) from dead_letter where record_key = ?", memberId);
	}

	private static int outboxBacklog() throws Exception {
		return count("member-service", "select count(*) from event_publication where completion_date is null", null);
	}

	private static int count(String service, String sql, String parameter) throws Exception {
		try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(service), stack.databaseUser(),
				stack.databasePassword()); PreparedStatement statement = connection.prepareStatement(sql)) {
			if (parameter != null) {
				statement.setString(1, parameter);
			}
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

}
