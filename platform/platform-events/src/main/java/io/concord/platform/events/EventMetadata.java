package io.concord.platform.events;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

/**
 * What every integration event carries besides its facts. The event id is fixed when the
 * event is created and stored with it in the outbox, so a re-sent event keeps its id and
 * consumers can drop the duplicate.
 *
 * @param eventId unique id of this event (the CloudEvents {@code id})
 * @param occurredAt when the fact happened (the CloudEvents {@code time})
 * @param aggregateId the aggregate the event is about (the {@code subject} and the Kafka
 * key)
 * @param aggregateVersion the aggregate's version after the change; consumers use it to
 * detect events that arrive out of order
 * @param testRun the load-test run the event belongs to (the CloudEvents extension
 * {@code testrun}; such an event goes to the shadow topic), null for real events
 */
public record EventMetadata(UUID eventId, Instant occurredAt, String aggregateId, long aggregateVersion,
		@Nullable String testRun) {

	/** Metadata of a real (untagged) event. */
	public EventMetadata(UUID eventId, Instant occurredAt, String aggregateId, long aggregateVersion) {
		this(eventId, occurredAt, aggregateId, aggregateVersion, null);
	}

	/** Metadata of a new event, tagged with the current {@link TestRun} if any. */
	public static EventMetadata of(Object aggregateId, long aggregateVersion, Instant occurredAt) {
		return new EventMetadata(UUID.randomUUID(), occurredAt, String.valueOf(aggregateId), aggregateVersion,
				TestRun.current());
	}

	/** The topic the event goes to: its own, or its shadow topic when tagged. */
	String topic(String contractTopic) {
		return (this.testRun != null) ? TestRun.shadowTopic(contractTopic) : contractTopic;
	}

}
