package io.concord.platform.events;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.concord.platform.web.LoadTestingProperties;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.TestRunData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationFilter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the event mechanisms into a service: outbox externalization of
 * {@link IntegrationEvent}s as CloudEvents, the topics the service owns, and the
 * idempotent consumer with retries and dead letters for the topics it subscribes to.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({ EventsProperties.class, LoadTestingProperties.class })
@Import({ DeadLetterController.class, OperationsController.class })
public class EventsAutoConfiguration {

	@Bean
	CloudEventMapper cloudEventMapper(JsonMapper json, Environment environment) {
		return new CloudEventMapper(json, applicationName(environment));
	}

	/** Integration events go to their topic, keyed by aggregate id, as CloudEvents. */
	@Bean
	EventExternalizationConfiguration eventExternalizationConfiguration(CloudEventMapper mapper) {
		return EventExternalizationConfiguration.externalizing()
			.select((event) -> event instanceof IntegrationEvent
					&& event.getClass().isAnnotationPresent(PublishedEvent.class))
			.route(IntegrationEvent.class,
					// Tagged events (shadow traffic) go to the shadow topic, never the
					// real one: partners never see them (ADR-25).
					(event) -> RoutingTarget
						.forTarget(event.metadata().topic(CloudEventMapper.contractOf(event).topic()))
						.andKey(event.metadata().aggregateId()))
			.mapping(IntegrationEvent.class, mapper::toCloudEvent)
			// Concurrent sends: one-at-a-time sends drained the outbox at 87 events/s
			// while the API
			// took 261 writes/s (bench/). Consumers order an aggregate's events by
			// aggregateversion.
			.serializeExternalization(false)
			.build();
	}

	@Bean
	OutboxRelay outboxRelay(FailedEventPublications failed, JdbcTemplate jdbc, MeterRegistry meters) {
		return new OutboxRelay(failed, jdbc, meters);
	}

	@Bean
	KafkaAdmin.NewTopics concordTopics(EventsProperties properties, LoadTestingProperties loadTesting,
			Environment environment) {
		List<NewTopic> topics = new java.util.ArrayList<>();
		properties.publishes()
			.forEach((topic) -> topics.add(TopicBuilder.name(topic).partitions(properties.partitions()).build()));
		topics.add(TopicBuilder.name(deadLetterTopic(properties, environment)).partitions(1).build());
		if (loadTesting.enabled()) {
			// The shadow topics of what this service publishes and reads, and of its dead
			// letters: only while load testing is on.
			java.util.Set<String> shadows = new java.util.LinkedHashSet<>();
			properties.publishes().forEach((topic) -> shadows.add(TestRun.shadowTopic(topic)));
			properties.subscribes().forEach((topic) -> shadows.add(TestRun.shadowTopic(topic)));
			shadows
				.forEach((topic) -> topics.add(TopicBuilder.name(topic).partitions(properties.partitions()).build()));
			topics.add(TopicBuilder.name(TestRun.shadowTopic(deadLetterTopic(properties, environment)))
				.partitions(1)
				.build());
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	/** Purging a test run also removes its dead letters. */
	@Bean
	TestRunData testRunDeadLetters() {
		return new TestRunData("dead_letter", "delete from dead_letter where topic like '" + TestRun.SHADOW_TOPIC_PREFIX
				+ "%' and headers::jsonb ->> 'ce_" + CloudEventMapper.TEST_RUN + "' = ?");
	}

	@Bean
	ProcessedEvents processedEvents(JdbcTemplate jdbc, ObjectProvider<Clock> clock, EventsProperties properties) {
		return new ProcessedEvents(jdbc, clock.getIfAvailable(Clock::systemUTC), properties.inboxRetention());
	}

	@Bean
	EventDispatcher eventDispatcher(List<EventHandler<?>> handlers, ProcessedEvents processedEvents,
			PlatformTransactionManager transactionManager, JsonMapper json, MeterRegistry meters,
			LoadTestingProperties loadTesting) {
		return new EventDispatcher(handlers, processedEvents, new TransactionTemplate(transactionManager), json, meters,
				loadTesting.enabled());
	}

	@Bean
	ParkedEvents parkedEvents(DeadLetters deadLetters, EventDispatcher dispatcher, MeterRegistry meters,
			EventsProperties properties) {
		return new ParkedEvents(deadLetters, dispatcher, meters, properties.parkedRetryInterval(),
				properties.parkedMaxAge());
	}

	@Bean
	DeadLetters deadLetters(JdbcTemplate jdbc, KafkaProperties kafka, EventsProperties properties,
			Environment environment, JsonMapper json, ObjectProvider<Clock> clock) {
		// Dead letters are raw bytes, so they get a producer of their own (the main one
		// writes CloudEvents).
		Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
		String topic = deadLetterTopic(properties, environment);
		// A tagged event's dead letter keeps its tag (the headers) and goes to the shadow
		// dead-letter topic.
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, failure) -> new TopicPartition(
						(record.headers().lastHeader("ce_" + CloudEventMapper.TEST_RUN) != null)
								? TestRun.shadowTopic(topic) : topic,
						-1));
		publisher.setFailIfSendResultIsError(true);
		return new DeadLetters(jdbc, publisher, json, clock.getIfAvailable(Clock::systemUTC),
				properties.retry().maxRetries() + 1);
	}

	@Bean
	DefaultErrorHandler concordEventErrorHandler(DeadLetters deadLetters, EventsProperties properties) {
		EventsProperties.Retry retry = properties.retry();
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(UnprocessableEventException.class);
		return handler;
	}

	@Bean
	@ConditionalOnExpression("!'${concord.events.subscribes:}'.isEmpty()")
	ConcurrentMessageListenerContainer<String, byte[]> concordEventListenerContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, EventDispatcher dispatcher,
			DefaultErrorHandler concordEventErrorHandler, EventsProperties properties,
			LoadTestingProperties loadTesting, Environment environment) {
		List<String> topics = new java.util.ArrayList<>(properties.subscribes());
		if (loadTesting.enabled()) {
			// Shadow traffic: the tagged events of the same topics (ADR-25).
			properties.subscribes().forEach((topic) -> topics.add(TestRun.shadowTopic(topic)));
		}
		ConcurrentMessageListenerContainer<String, byte[]> container = factory
			.createContainer(topics.toArray(String[]::new));
		container.getContainerProperties().setGroupId(applicationName(environment));
		container.getContainerProperties().setMessageListener((MessageListener<String, byte[]>) dispatcher::dispatch);
		container.setCommonErrorHandler(concordEventErrorHandler);
		container.setConcurrency(properties.consumerConcurrency());
		return container;
	}

	/** The consumer group's lag per topic, for the operations figures. */
	@Bean
	ConsumerLags consumerLags(KafkaAdmin kafkaAdmin, EventsProperties properties, LoadTestingProperties loadTesting,
			Environment environment) {
		List<String> topics = new java.util.ArrayList<>(properties.subscribes());
		if (loadTesting.enabled()) {
			properties.subscribes().forEach((topic) -> topics.add(TestRun.shadowTopic(topic)));
		}
		return new ConsumerLags(() -> Admin.create(kafkaAdmin.getConfigurationProperties()),
				applicationName(environment), topics);
	}

	@Bean
	HttpTraffic httpTraffic(MeterRegistry meters, ObjectProvider<Clock> clock) {
		return new HttpTraffic(meters, clock.getIfAvailable(Clock::systemUTC));
	}

	/** HTTP requests tagged real or shadow, so load tests show apart (ADR-25). */
	@Bean
	ObservationFilter concordTrafficTag() {
		return HttpTraffic.trafficTag();
	}

	/** p95 and p99 per endpoint for the operations figures. */
	@Bean
	MeterFilter concordHttpPercentiles() {
		return HttpTraffic.percentiles();
	}

	static String deadLetterTopic(EventsProperties properties, Environment environment) {
		return (properties.deadLetterTopic() != null) ? properties.deadLetterTopic()
				: "concord." + applicationName(environment) + ".dead-letters";
	}

	private static String applicationName(Environment environment) {
		return environment.getRequiredProperty("spring.application.name");
	}

}
