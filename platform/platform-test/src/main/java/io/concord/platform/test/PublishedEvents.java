package io.concord.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic the way a partner would, from the moment it was opened: tests assert on
 * what was really published to Kafka rather than on what the code meant to publish.
 */
public final class PublishedEvents implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();

	private PublishedEvents(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
				"read_committed"));
		List<TopicPartition> partitions = new ArrayList<>();
		Awaitility.await("topic " + topic + " exists").atMost(Duration.ofSeconds(30)).until(() -> {
			List<PartitionInfo> infos = this.consumer.partitionsFor(topic, Duration.ofSeconds(5));
			if (infos == null || infos.isEmpty()) {
				return false;
			}
			infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			return true;
		});
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
	}

	/** Starts reading {@code topic} from its current end. */
	public static PublishedEvents from(String bootstrapServers, String topic) {
		return new PublishedEvents(bootstrapServers, topic);
	}

	/**
	 * Waits until {@code count} events matching the filter have arrived and returns them.
	 */
	public List<ReceivedEvent> await(Predicate<ReceivedEvent> filter, int count) {
		Awaitility.await("events on the topic")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				poll();
				return matching(filter).size() >= count;
			});
		return matching(filter);
	}

	/** Everything received so far, after one more short poll. */
	public List<ReceivedEvent> received() {
		poll();
		return List.copyOf(this.received);
	}

	private List<ReceivedEvent> matching(Predicate<ReceivedEvent> filter) {
		return this.received.stream().filter(filter).toList();
	}

	private synchronized void poll() {
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
			Map<String, String> attributes = new LinkedHashMap<>();
			for (Header header : record.headers()) {
				if (header.key().startsWith("ce_") && header.value() != null) {
					attributes.put(header.key().substring(3), new String(header.value(), StandardCharsets.UTF_8));
				}
				if (header.key().equals("content-type") && header.value() != null) {
					attributes.put("datacontenttype", new String(header.value(), StandardCharsets.UTF_8));
				}
			}
			this.received.add(new ReceivedEvent(record.topic(), record.key(), attributes, record.value()));
		}
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
