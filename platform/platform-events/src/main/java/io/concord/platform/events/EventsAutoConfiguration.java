package io.concord.platform.events;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
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
@EnableConfigurationProperties(EventsProperties.class)
@Import(DeadLetterController.class)
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
					(event) -> RoutingTarget.forTarget(CloudEventMapper.contractOf(event).topic())
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
	KafkaAdmin.NewTopics concordTopics(EventsProperties properties, Environment environment) {
		List<NewTopic> topics = new java.util.ArrayList<>();
		properties.publishes()
			.forEach((topic) -> topics.add(TopicBuilder.name(topic).partitions(properties.partitions()).build()));
		topics.add(TopicBuilder.name(deadLetterTopic(properties, environment)).partitions(1).build());
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	@Bean
	ProcessedEvents processedEvents(JdbcTemplate jdbc, ObjectProvider<Clock> clock, EventsProperties properties) {
		return new ProcessedEvents(jdbc, clock.getIfAvailable(Clock::systemUTC), properties.inboxRetention());
	}

	@Bean
	EventDispatcher eventDispatcher(List<EventHandler<?>> handlers, ProcessedEvents processedEvents,
			PlatformTransactionManager transactionManager, JsonMapper json, MeterRegistry meters) {
		return new EventDispatcher(handlers, processedEvents, new TransactionTemplate(transactionManager), json,
				meters);
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
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, failure) -> new TopicPartition(topic, -1));
		publisher.setFailIfSendResultIsError(true);
		return new DeadLetters(jdbc, publisher, json, clock.getIfAvailable(Clock::systemUTC));
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
			DefaultErrorHandler concordEventErrorHandler, EventsProperties properties, Environment environment) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory
			.createContainer(properties.subscribes().toArray(String[]::new));
		container.getContainerProperties().setGroupId(applicationName(environment));
		container.getContainerProperties().setMessageListener((MessageListener<String, byte[]>) dispatcher::dispatch);
		container.setCommonErrorHandler(concordEventErrorHandler);
		container.setConcurrency(properties.consumerConcurrency());
		return container;
	}

	static String deadLetterTopic(EventsProperties properties, Environment environment) {
		return (properties.deadLetterTopic() != null) ? properties.deadLetterTopic()
				: "concord." + applicationName(environment) + ".dead-letters";
	}

	private static String applicationName(Environment environment) {
		return environment.getRequiredProperty("spring.application.name");
	}

}
