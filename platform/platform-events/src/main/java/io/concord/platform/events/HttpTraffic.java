package io.concord.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.observation.ObservationFilter;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Requests per endpoint over the last {@link #WINDOW}, from Micrometer's
 * {@code http.server.requests}: its counts are cumulative, so a sample is kept every
 * {@link #SAMPLE_EVERY} and a rate is the difference to the oldest sample in the window.
 * Latency percentiles (p95, p99) are Micrometer's own, decaying over the same window
 * ({@link #percentiles()}). Shadow traffic (a request tagged with {@link TestRun#HEADER})
 * is counted apart ({@link #trafficTag()}).
 */
class HttpTraffic {

	static final String METER = "http.server.requests";

	/** How far back rates and percentiles reach. */
	static final Duration WINDOW = Duration.ofMinutes(5);

	static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);

	/** The busiest endpoints answered. */
	static final int ENDPOINTS = 40;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Deque<Sample> samples = new ArrayDeque<>();

	private record Key(String method, String uri, String traffic) {
	}

	private record Sample(Instant at, Map<Key, long[]> counts) {
	}

	HttpTraffic(MeterRegistry meters, Clock clock) {
		this.meters = meters;
		this.clock = clock;
		// Nothing counted before start: rates right after start are over the time since.
		this.samples.add(new Sample(clock.instant(), Map.of()));
	}

	/**
	 * Tags every server request {@code traffic=real|shadow}, so shadow load stays apart.
	 */
	static ObservationFilter trafficTag() {
		return (context) -> {
			if (context instanceof ServerRequestObservationContext server) {
				boolean shadow = server.getCarrier().getHeader(TestRun.HEADER) != null;
				context.addLowCardinalityKeyValue(KeyValue.of("traffic", shadow ? "shadow" : "real"));
			}
			return context;
		};
	}

	/** Client-side p95 and p99 of each endpoint's timers, decaying over the window. */
	static MeterFilter percentiles() {
		return new MeterFilter() {

			@Override
			public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (!id.getName().equals(METER)) {
					return config;
				}
				return DistributionStatisticConfig.builder()
					.percentiles(0.95, 0.99)
					.expiry(WINDOW)
					.bufferLength(5)
					.build()
					.merge(config);
			}

		};
	}

	@Scheduled(fixedDelayString = "PT15S")
	void sample() {
		Instant now = this.clock.instant();
		Map<Key, long[]> counts = counts();
		synchronized (this.samples) {
			this.samples.addLast(new Sample(now, counts));
			// Keep one sample older than the window: the baseline of its full length.
			while (this.samples.size() > 2
					&& !this.samples.stream().skip(1).findFirst().orElseThrow().at().isAfter(now.minus(WINDOW))) {
				this.samples.removeFirst();
			}
		}
	}

	List<OperationsFigures.Endpoint> endpoints() {
		Instant now = this.clock.instant();
		Sample baseline;
		synchronized (this.samples) {
			baseline = this.samples.stream()
				.filter((sample) -> !sample.at().isBefore(now.minus(WINDOW)))
				.findFirst()
				.orElse(this.samples.getLast());
		}
		double seconds = Math.max(1, Duration.between(baseline.at(), now).toMillis() / 1000.0);
		Map<Key, long[]> current = counts();
		Map<Key, Timer> fastest = slowestSuccessTimers();
		List<OperationsFigures.Endpoint> endpoints = new ArrayList<>();
		current.forEach((key, counts) -> {
			long[] before = baseline.counts().getOrDefault(key, new long[3]);
			long requests = counts[0] - before[0];
			if (requests <= 0) {
				return;
			}
			Timer timer = fastest.get(key);
			endpoints.add(new OperationsFigures.Endpoint(key.method(), key.uri(), key.traffic(), requests,
					Math.round(requests / seconds * 100) / 100.0, counts[1] - before[1], counts[2] - before[2],
					percentile(timer, 0.95), percentile(timer, 0.99)));
		});
		endpoints.sort(Comparator.comparingLong(OperationsFigures.Endpoint::requests).reversed());
		return endpoints.subList(0, Math.min(ENDPOINTS, endpoints.size()));
	}

	/** Cumulative requests, 4xx and 5xx per endpoint. */
	private Map<Key, long[]> counts() {
		Map<Key, long[]> counts = new HashMap<>();
		for (Timer timer : this.meters.find(METER).timers()) {
			long[] figures = counts.computeIfAbsent(key(timer), (key) -> new long[3]);
			long count = timer.count();
			figures[0] += count;
			String status = String.valueOf(timer.getId().getTag("status"));
			if (status.startsWith("4")) {
				figures[1] += count;
			}
			else if (status.startsWith("5")) {
				figures[2] += count;
			}
		}
		return counts;
	}

	/**
	 * Per endpoint, the successful answers' timer that counted most (percentiles cannot
	 * be merged across an endpoint's statuses).
	 */
	private Map<Key, Timer> slowestSuccessTimers() {
		Map<Key, Timer> timers = new HashMap<>();
		for (Timer timer : this.meters.find(METER).tag("outcome", "SUCCESS").timers()) {
			timers.merge(key(timer), timer, (a, b) -> (a.count() >= b.count()) ? a : b);
		}
		return timers;
	}

	private static Key key(Timer timer) {
		Meter.Id id = timer.getId();
		String traffic = id.getTag("traffic");
		return new Key(String.valueOf(id.getTag("method")), String.valueOf(id.getTag("uri")),
				(traffic != null) ? traffic : "real");
	}

	private static @Nullable Double percentile(@Nullable Timer timer, double percentile) {
		if (timer == null) {
			return null;
		}
		for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
			if (value.percentile() == percentile) {
				double millis = value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
				return Double.isNaN(millis) ? null : Math.round(millis * 10) / 10.0;
			}
		}
		return null;
	}

}
