package io.concord.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.concord.platform.web.TestRun;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands each received CloudEvent to the handlers of its type, each in its own transaction
 * together with the inbox row that makes redelivery harmless. Events of types nobody here
 * handles are skipped: topics carry many types and gain new ones.
 */
public class EventDispatcher {

	private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

	private final Map<String, List<EventHandler<?>>> handlersByType;

	private final ProcessedEvents processedEvents;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final boolean loadTesting;

	EventDispatcher(List<EventHandler<?>> handlers, ProcessedEvents processedEvents, TransactionTemplate transactions,
			JsonMapper json, MeterRegistry meters, boolean loadTesting) {
		this.loadTesting = loadTesting;
		this.handlersByType = handlers.stream().collect(Collectors.groupingBy(EventHandler::eventType));
		this.processedEvents = processedEvents;
		this.transactions = transactions;
		this.json = json;
		this.meters = meters;
	}

	public void dispatch(ConsumerRecord<String, byte[]> record) {
		CloudEvent event = read(record);
		List<EventHandler<?>> handlers = this.handlersByType.getOrDefault(event.getType(), List.of());
		// A tagged event is handled as part of its test run: what the handler writes and
		// publishes is tagged too (shadow rows, shadow topics).
		String testRun = testRun(event);
		TestRun.runWith(testRun, () -> {
			for (EventHandler<?> handler : handlers) {
				apply(handler, event);
			}
		});
	}

	private @Nullable String testRun(CloudEvent event) {
		Object value = event.getExtension(CloudEventMapper.TEST_RUN);
		if (value == null) {
			return null;
		}
		String runId = value.toString();
		if (!TestRun.isValid(runId)) {
			throw new UnprocessableEventException(
					"Event " + event.getId() + " has a malformed " + CloudEventMapper.TEST_RUN + " extension");
		}
		if (!this.loadTesting) {
			// Fails closed: shadow traffic is never applied while load testing is off;
			// the
			// record is kept as a dead letter (with its tag) instead.
			throw new UnprocessableEventException(
					"Event " + event.getId() + " belongs to test run " + runId + " but load testing is switched off");
		}
		return runId;
	}

	private <T> void apply(EventHandler<T> handler, CloudEvent event) {
		InboundEvent<T> inbound = toInbound(handler, event);
		try {
			this.transactions.executeWithoutResult((status) -> {
				if (this.processedEvents.markProcessed(handler.name(), event.getId())) {
					handler.handle(inbound);
				}
				else {
					log.debug("Skipping event {} already applied by {}", event.getId(), handler.name());
				}
			});
		}
		catch (OutOfOrderEventException ex) {
			// Said out loud, never dropped: retried, then parked and re-driven.
			this.meters.counter("concord.events.out_of_order", "handler", handler.name(), "type", event.getType())
				.increment();
			log.info("{} before its prerequisite ({}): {}; will retry", event.getType(), handler.name(),
					ex.getMessage());
			throw ex;
		}
	}

	private <T> InboundEvent<T> toInbound(EventHandler<T> handler, CloudEvent event) {
		int schemaVersion = intExtension(event, CloudEventMapper.SCHEMA_VERSION, 1);
		if (schemaVersion > handler.maxSchemaVersion()) {
			throw new UnprocessableEventException("Schema version " + schemaVersion + " of " + event.getType()
					+ " is newer than " + handler.name() + " understands (" + handler.maxSchemaVersion() + ")");
		}
		T data;
		try {
			data = (event.getData() != null) ? this.json.readValue(event.getData().toBytes(), handler.dataType())
					: null;
		}
		catch (JacksonException ex) {
			throw new UnprocessableEventException("Data of event " + event.getId() + " is not a valid "
					+ handler.dataType().getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
		if (data == null) {
			throw new UnprocessableEventException("Event " + event.getId() + " has no data");
		}
		Instant time = (event.getTime() != null) ? event.getTime().toInstant() : Instant.EPOCH;
		return new InboundEvent<>(event.getId(), event.getType(), String.valueOf(event.getSource()), event.getSubject(),
				longExtension(event, CloudEventMapper.AGGREGATE_VERSION), schemaVersion, time, data);
	}

	private static CloudEvent read(ConsumerRecord<String, byte[]> record) {
		try {
			return KafkaMessageFactory.createReader(record).toEvent();
		}
		catch (RuntimeException ex) {
			throw new UnprocessableEventException("Record " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + " is not a CloudEvent", ex);
		}
	}

	private static long longExtension(CloudEvent event, String name) {
		Object value = event.getExtension(name);
		try {
			return (value != null) ? Long.parseLong(value.toString()) : 0L;
		}
		catch (NumberFormatException ex) {
			throw new UnprocessableEventException(
					"Extension " + name + " of event " + event.getId() + " is not a number", ex);
		}
	}

	private static int intExtension(CloudEvent event, String name, int fallback) {
		Object value = event.getExtension(name);
		return (value != null) ? (int) longExtension(event, name) : fallback;
	}

}
