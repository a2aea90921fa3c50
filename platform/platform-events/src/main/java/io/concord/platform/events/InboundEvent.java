package io.concord.platform.events;

import java.time.Instant;

/**
 * An event received from another service, with its data read into the handler's type.
 *
 * @param id the event id (what duplicates share)
 * @param type the CloudEvents type
 * @param source the publishing service
 * @param subject the aggregate id
 * @param aggregateVersion the aggregate's version after the change
 * @param schemaVersion the data schema version
 * @param time when the fact happened
 * @param data the facts
 */
public record InboundEvent<T>(String id, String type, String source, String subject, long aggregateVersion,
		int schemaVersion, Instant time, T data) {

}
