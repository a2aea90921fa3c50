package io.concord.platform.events;

import java.time.Instant;
import java.util.UUID;

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
 */
public record EventMetadata(UUID eventId, Instant occurredAt, String aggregateId, long aggregateVersion) {

	public static EventMetadata of(Object aggregateId, long aggregateVersion, Instant occurredAt) {
		return new EventMetadata(UUID.randomUUID(), occurredAt, String.valueOf(aggregateId), aggregateVersion);
	}

}
