package io.concord.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events on a topic exactly as another service would (binary-mode CloudEvents), so a
 * consumer can be tested without starting its publisher.
 */
public final class EventFixtures {

	private EventFixtures() {
	}

	/** The CloudEvent to send; {@link #withId} lets a test send the same event twice. */
	public record OutgoingEvent(String id, String type, String subject, long aggregateVersion, int schemaVersion,
			String dataJson) {

		public static OutgoingEvent of(String type, String subject, String dataJson) {
			return new OutgoingEvent(UUID.randomUUID().toString(), type, subject, 1, 1, dataJson);
		}

		public OutgoingEvent withId(String eventId) {
			return new OutgoingEvent(eventId, this.type, this.subject, this.aggregateVersion, this.schemaVersion,
					this.dataJson);
		}

		public OutgoingEvent withSchemaVersion(int version) {
			return new OutgoingEvent(this.id, this.type, this.subject, this.aggregateVersion, version, this.dataJson);
		}

	}

	public static void send(String topic, OutgoingEvent event) {
		send(topic, event, null);
	}

	/**
	 * Sends {@code event} as part of load-test run {@code testRun} (the {@code testrun}
	 * extension, ADR-25) when one is given.
	 */
	public static void send(String topic, OutgoingEvent event, String testRun) {
		String[] parts = event.type().split("\\.");
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(),
				event.dataJson().getBytes(StandardCharsets.UTF_8));
		Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", event.id(), "ce_type", event.type(),
				"ce_source", "/concord/test-fixture", "ce_subject", event.subject(), "ce_time",
				Instant.now().toString(), "ce_aggregateversion", String.valueOf(event.aggregateVersion()),
				"ce_schemaversion", String.valueOf(event.schemaVersion()), "ce_dataschema", EventContracts.SCHEMA_BASE
						+ parts[1] + "/" + parts[parts.length - 1] + ".v" + event.schemaVersion() + ".schema.json",
				"content-type", "application/json");
		headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		if (testRun != null) {
			record.headers().add("ce_testrun", testRun.getBytes(StandardCharsets.UTF_8));
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not send " + event, ex);
		}
	}

}
