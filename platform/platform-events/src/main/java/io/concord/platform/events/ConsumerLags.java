package io.concord.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.concord.platform.web.TestRun;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The lag of the service's consumer group on each topic it reads: the end offsets less
 * what the group committed (a partition it never committed counts from its start). Read
 * with Kafka's admin client, every call bounded by {@link #TIMEOUT}.
 */
class ConsumerLags implements DisposableBean {

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final Supplier<Admin> adminFactory;

	private final String group;

	private final List<String> topics;

	private @Nullable Admin admin;

	ConsumerLags(Supplier<Admin> adminFactory, String group, List<String> topics) {
		this.adminFactory = adminFactory;
		this.group = group;
		this.topics = topics;
	}

	List<OperationsFigures.ConsumerLag> read() throws InterruptedException, ExecutionException, TimeoutException {
		if (this.topics.isEmpty()) {
			return List.of();
		}
		Admin kafka = admin();
		int millis = (int) TIMEOUT.toMillis();
		List<TopicPartition> partitions = new ArrayList<>();
		Map<String, KafkaFuture<TopicDescription>> described = kafka
			.describeTopics(this.topics, new DescribeTopicsOptions().timeoutMs(millis))
			.topicNameValues();
		for (String topic : this.topics) {
			try {
				described.get(topic)
					.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
					.partitions()
					.forEach((partition) -> partitions.add(new TopicPartition(topic, partition.partition())));
			}
			catch (ExecutionException ex) {
				// Not created yet (e.g. a shadow topic before the first load test): no
				// lag.
			}
		}
		if (partitions.isEmpty()) {
			return List.of();
		}
		Map<TopicPartition, OffsetAndMetadata> committed = kafka
			.listConsumerGroupOffsets(this.group, new ListConsumerGroupOffsetsOptions().timeoutMs(millis))
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		Map<TopicPartition, Long> ends = offsets(kafka, partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> starts = offsets(kafka, partitions, OffsetSpec.earliest());
		Map<String, Long> lag = new TreeMap<>();
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata commit = committed.get(partition);
			long from = (commit != null) ? commit.offset() : starts.getOrDefault(partition, 0L);
			lag.merge(partition.topic(), Math.max(0, ends.getOrDefault(partition, 0L) - from), Long::sum);
		}
		List<OperationsFigures.ConsumerLag> lags = new ArrayList<>();
		lag.forEach((topic, records) -> lags.add(new OperationsFigures.ConsumerLag(this.group, topic, records,
				topic.startsWith(TestRun.SHADOW_TOPIC_PREFIX))));
		return lags;
	}

	private static Map<TopicPartition, Long> offsets(Admin kafka, List<TopicPartition> partitions, OffsetSpec spec)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
		partitions.forEach((partition) -> wanted.put(partition, spec));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		kafka.listOffsets(wanted, new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()))
			.all()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = this.adminFactory.get();
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(TIMEOUT);
		}
	}

}
