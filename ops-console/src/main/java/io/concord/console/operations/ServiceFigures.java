package io.concord.console.operations;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One service's operations figures as its admin API answered them (one instance's HTTP
 * figures), or why they could not be read.
 *
 * @param service the service's name
 * @param error why the figures could not be read, or null
 * @param backlog event publications not yet acknowledged by Kafka
 * @param oldestAgeSeconds age of the oldest of them
 * @param parked dead letters waiting for ops
 * @param pending dead letters still being retried
 * @param lags the consumer group's lag per topic
 * @param lagError why lag could not be read (Kafka out of reach), or null
 * @param windowSeconds how far back the HTTP figures reach
 * @param endpoints requests per endpoint in that window, busiest first
 */
public record ServiceFigures(String service, @Nullable String error, long backlog, long oldestAgeSeconds, long parked,
		long pending, List<Lag> lags, @Nullable String lagError, long windowSeconds, List<Endpoint> endpoints) {

	/** An outbox whose oldest unpublished event is older than this is stuck. */
	public static final long BACKLOG_AGE_LIMIT_SECONDS = 60;

	/** A consumer further behind than this many records is falling behind. */
	public static final long LAG_LIMIT = 1000;

	/** More than this share of 5xx answers (of real requests) misses the target. */
	public static final double SERVER_ERROR_LIMIT = 0.01;

	public record Lag(String topic, long lag, boolean shadow) {
	}

	public record Endpoint(String method, String uri, String traffic, long requests, double perSecond,
			long clientErrors, long serverErrors, @Nullable Double p95Ms, @Nullable Double p99Ms) {

		public boolean shadow() {
			return "shadow".equals(this.traffic);
		}

	}

	static ServiceFigures unreadable(String service, String error) {
		return new ServiceFigures(service, error, 0, 0, 0, 0, List.of(), null, 0, List.of());
	}

	/** Real (not load-test) requests per second. */
	public double realPerSecond() {
		return this.endpoints.stream().filter((e) -> !e.shadow()).mapToDouble(Endpoint::perSecond).sum();
	}

	/** Load-test (shadow) requests per second. */
	public double shadowPerSecond() {
		return this.endpoints.stream().filter(Endpoint::shadow).mapToDouble(Endpoint::perSecond).sum();
	}

	public long realRequests() {
		return this.endpoints.stream().filter((e) -> !e.shadow()).mapToLong(Endpoint::requests).sum();
	}

	public long realServerErrors() {
		return this.endpoints.stream().filter((e) -> !e.shadow()).mapToLong(Endpoint::serverErrors).sum();
	}

	public long realClientErrors() {
		return this.endpoints.stream().filter((e) -> !e.shadow()).mapToLong(Endpoint::clientErrors).sum();
	}

	/** 5xx among real requests, or null without requests. */
	public @Nullable Double serverErrorShare() {
		long requests = realRequests();
		return (requests > 0) ? (double) realServerErrors() / requests : null;
	}

	/** 4xx among real requests, or null without requests. */
	public @Nullable Double clientErrorShare() {
		long requests = realRequests();
		return (requests > 0) ? (double) realClientErrors() / requests : null;
	}

	public long realLag() {
		return this.lags.stream().filter((l) -> !l.shadow()).mapToLong(Lag::lag).sum();
	}

	public long shadowLag() {
		return this.lags.stream().filter(Lag::shadow).mapToLong(Lag::lag).sum();
	}

	/** Whether a target is missed: unreadable, stuck outbox, lag, or too many 5xx. */
	public boolean alert() {
		Double errors = serverErrorShare();
		return this.error != null || this.oldestAgeSeconds > BACKLOG_AGE_LIMIT_SECONDS || realLag() > LAG_LIMIT
				|| (errors != null && errors > SERVER_ERROR_LIMIT);
	}

}
