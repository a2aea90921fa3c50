package io.concord.gateway;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's admission limit follows the services' latency: when answers slow down
 * because work queues, it admits fewer requests at once and refuses the rest at once,
 * long before the fixed ceiling. Time is the test's own, so the latencies are exact.
 */
class LoadSheddingTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final Deque<Answer> pending = new ArrayDeque<>();

	// The services behind the gateway: each request waits until the test answers it.
	private final GatewayFilterChain services = (exchange) -> {
		Sinks.Empty<Void> answer = Sinks.empty();
		this.pending.add(new Answer(answer, this.nanos.get()));
		return answer.asMono();
	};

	@Test
	void whenAnswersSlowDownUnderLoadTheLimitShrinksAndTheExcessIsRefusedAtOnce() {
		LoadSheddingFilter filter = filter(true);
		assertThat(filter.currentLimit()).isEqualTo(40);
		// Busy and healthy: 30 checkouts in flight, each answered in 50 ms.
		traffic(filter, 30, Duration.ofMillis(50), 2_000);
		int healthy = filter.currentLimit();
		assertThat(healthy).as("limit while healthy").isGreaterThanOrEqualTo(40);
		// The CPU is full: the same load now takes 1.5 s, past the 1 s target.
		traffic(filter, 30, Duration.ofMillis(1500), 30);
		// The checkouts still in flight answer as slowly.
		this.nanos.addAndGet(Duration.ofMillis(1500).toNanos());
		this.pending.forEach((answer) -> answer.sink().tryEmitEmpty());
		this.pending.clear();
		int overloaded = filter.currentLimit();
		assertThat(overloaded).as("limit after latency rose (healthy %d)", healthy).isLessThan(healthy / 2);
		// Checkout beyond the shrunk limit is refused at once, with far fewer than
		// max-in-flight (1,000) requests in flight.
		for (int i = 0; i < overloaded; i++) {
			filter.filter(checkout(), this.services).subscribe();
		}
		assertThat(this.pending).hasSize(overloaded);
		MockServerWebExchange refused = checkout();
		filter.filter(refused, this.services).block(Duration.ofSeconds(5));
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(this.pending).hasSize(overloaded);
		// A payment callback completes a checkout already admitted: never refused.
		MockServerWebExchange callback = MockServerWebExchange
			.from(MockServerHttpRequest.post("/webhooks/payments/testpay").build());
		filter.filter(callback, this.services).subscribe();
		assertThat(callback.getResponse().getStatusCode()).isNull();
		assertThat(this.pending).hasSize(overloaded + 1);
	}

	@Test
	void whenTheServicesRecoverTheLimitGrowsBack() {
		LoadSheddingFilter filter = filter(true);
		traffic(filter, 30, Duration.ofMillis(50), 2_000);
		traffic(filter, 30, Duration.ofMillis(1500), 30);
		int overloaded = filter.currentLimit();
		traffic(filter, 60, Duration.ofMillis(50), 300);
		assertThat(filter.currentLimit()).as("limit after recovery (overloaded %d)", overloaded)
			.isGreaterThan(2 * overloaded);
	}

	@Test
	void slowAdminReportsDoNotShrinkTheLimit() {
		LoadSheddingFilter filter = filter(true);
		for (int i = 0; i < 50; i++) {
			filter
				.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/admin/inventory/forecasts").build()),
						this.services)
				.subscribe();
		}
		this.nanos.addAndGet(Duration.ofSeconds(30).toNanos());
		this.pending.forEach((answer) -> answer.sink().tryEmitEmpty());
		assertThat(filter.currentLimit()).isEqualTo(40);
	}

	@Test
	void withoutAdaptationTheLimitIsTheCeiling() {
		LoadSheddingFilter filter = filter(false);
		traffic(filter, 30, Duration.ofMillis(1500), 300);
		assertThat(filter.currentLimit()).isEqualTo(1000);
	}

	// Keeps up to `concurrent` checkouts in flight; the oldest is answered `latency`
	// after
	// it arrived, then the next one arrives.
	private void traffic(LoadSheddingFilter filter, int concurrent, Duration latency, int requests) {
		for (int i = 0; i < requests; i++) {
			while (this.pending.size() < concurrent) {
				int before = this.pending.size();
				filter.filter(checkout(), this.services).subscribe();
				if (this.pending.size() == before) {
					break; // refused: the limit is below the offered concurrency
				}
			}
			Answer oldest = this.pending.poll();
			if (oldest == null) {
				continue;
			}
			this.nanos.set(Math.max(this.nanos.get(), oldest.arrivedAt() + latency.toNanos()));
			oldest.sink().tryEmitEmpty();
		}
	}

	private static MockServerWebExchange checkout() {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/api/orders").build());
	}

	private LoadSheddingFilter filter(boolean adaptive) {
		GatewayProperties properties = new Binder(new MapConfigurationPropertySource(
				Map.of("concord.gateway.shedding.max-in-flight", 1000, "concord.gateway.shedding.adaptive", adaptive,
						"concord.gateway.shedding.initial-limit", 40, "concord.gateway.shedding.min-limit", 4)))
			.bindOrCreate("concord.gateway", GatewayProperties.class);
		return new LoadSheddingFilter(properties, new SimpleMeterRegistry(), this.nanos::get);
	}

	private record Answer(Sinks.Empty<Void> sink, long arrivedAt) {
	}

}
