package io.concord.platform.events;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publishes topics this service publishes; created up front with
 * {@code partitions} partitions
 * @param subscribes topics this service consumes with its {@link EventHandler}s
 * @param partitions partitions of the topics created here (production creates them with
 * its own tooling)
 * @param consumerConcurrency consumer threads; more than the partitions is wasted
 * @param retry bounded retries before an event goes to dead letters
 * @param deadLetterTopic where failed events go; defaults to
 * {@code concord.<application>.dead-letters}
 * @param inboxRetention how long processed event ids are kept (longer than any topic's
 * retention)
 * @param resubmitInterval how often publications that failed (e.g. Kafka down) are sent
 * again
 * @param parkedRetryInterval how often an event that came before its prerequisite is
 * tried again
 * @param parkedMaxAge how long such an event may wait before it is a dead letter for ops
 */
@ConfigurationProperties("concord.events")
public record EventsProperties(@DefaultValue List<String> publishes, @DefaultValue List<String> subscribes,
		@DefaultValue("3") int partitions, @DefaultValue("2") int consumerConcurrency, @DefaultValue Retry retry,
		String deadLetterTopic, @DefaultValue("P14D") Duration inboxRetention,
		@DefaultValue("PT5S") Duration resubmitInterval, @DefaultValue("PT10S") Duration parkedRetryInterval,
		@DefaultValue("P1D") Duration parkedMaxAge) {

	/**
	 * @param maxRetries retries after the first attempt
	 * @param initialInterval first backoff
	 * @param multiplier backoff growth
	 * @param maxInterval longest backoff
	 */
	public record Retry(@DefaultValue("4") int maxRetries, @DefaultValue("200ms") Duration initialInterval,
			@DefaultValue("2.0") double multiplier, @DefaultValue("5s") Duration maxInterval) {

	}

}
