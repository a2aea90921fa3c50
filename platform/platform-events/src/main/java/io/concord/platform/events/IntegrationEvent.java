package io.concord.platform.events;

/**
 * An event other services and partners may consume. Implementations are records annotated
 * with {@link PublishedEvent}; publish them with Spring's
 * {@code ApplicationEventPublisher} inside the transaction that makes the change.
 */
public interface IntegrationEvent {

	EventMetadata metadata();

}
