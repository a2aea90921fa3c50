package io.concord.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one instance of a service answers at {@code <admin base path>/operations}: the
 * mechanics of its events and its HTTP traffic, no domain in it.
 *
 * @param service the application's name
 * @param instance which instance answered (each keeps its own HTTP figures)
 * @param at when the figures were read
 * @param outbox event publications not yet acknowledged by Kafka
 * @param deadLetters dead letters waiting for ops, by status
 * @param consumers the service's consumer group's lag per topic (empty when it consumes
 * nothing)
 * @param consumersError why the lag could not be read (Kafka out of reach), or null
 * @param http requests per endpoint over the last {@code http.windowSeconds}
 */
public record OperationsFigures(String service, String instance, Instant at, Outbox outbox,
		DeadLetterCounts deadLetters, List<ConsumerLag> consumers, @Nullable String consumersError, Http http) {

	/**
	 * @param unpublished publications not yet acknowledged by Kafka
	 * @param oldestAgeSeconds age of the oldest of them, 0 when there is none
	 */
	public record Outbox(long unpublished, long oldestAgeSeconds) {
	}

	/**
	 * @param parked failed events waiting for ops (replay)
	 * @param pending failed events still being retried
	 */
	public record DeadLetterCounts(long parked, long pending) {
	}

	/**
	 * @param group the consumer group (the application's name)
	 * @param topic the topic
	 * @param lag records on the topic the group has not committed yet
	 * @param shadow whether it is a shadow topic (load-test traffic, ADR-25)
	 */
	public record ConsumerLag(String group, String topic, long lag, boolean shadow) {
	}

	/**
	 * @param windowSeconds how far back the rates and percentiles reach
	 * @param endpoints the busiest endpoints first
	 */
	public record Http(long windowSeconds, List<Endpoint> endpoints) {

		static Http of(Duration window, List<Endpoint> endpoints) {
			return new Http(window.toSeconds(), endpoints);
		}

	}

	/**
	 * One endpoint's requests in the window, real and shadow traffic apart.
	 *
	 * @param method the HTTP method
	 * @param uri the endpoint's path template
	 * @param traffic {@code real} or {@code shadow} (tagged load-test requests)
	 * @param requests requests answered in the window
	 * @param perSecond requests per second in the window
	 * @param clientErrors 4xx answers in the window
	 * @param serverErrors 5xx answers in the window
	 * @param p95Ms 95th percentile latency of successful answers (decaying window), or
	 * null
	 * @param p99Ms 99th percentile latency of successful answers, or null
	 */
	public record Endpoint(String method, String uri, String traffic, long requests, double perSecond,
			long clientErrors, long serverErrors, @Nullable Double p95Ms, @Nullable Double p99Ms) {
	}

}
