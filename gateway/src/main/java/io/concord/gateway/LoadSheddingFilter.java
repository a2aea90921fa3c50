package io.concord.gateway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Admission control for the midnight peak. The gateway admits at most a limit of requests
 * at once: browsing may use its share of the limit, checkout all of it, so orders keep
 * flowing when the catalogue is stormed, and a payment callback is always admitted (it
 * completes a checkout already admitted); the rest is refused at once (503 with
 * Retry-After) instead of queueing until every caller times out. The limit adapts to the
 * services' latency (Netflix concurrency-limits, additive increase and multiplicative
 * decrease against a latency target): when answers slow down because work queues behind a
 * full CPU, it shrinks; when they are quick again, it grows, up to {@code max-in-flight}.
 * The peak rehearsal found why a fixed limit is not enough: at 2,000 in flight, an
 * overloaded two-core stack answered nothing for 15 s.
 */
@Component
class LoadSheddingFilter implements GlobalFilter, Ordered {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Limit limit;

	private final int browseSharePercent;

	private final Counter shed;

	private final LongSupplier nanoTime;

	@Autowired
	LoadSheddingFilter(GatewayProperties properties, MeterRegistry meters) {
		this(properties, meters, System::nanoTime);
	}

	LoadSheddingFilter(GatewayProperties properties, MeterRegistry meters, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		GatewayProperties.Shedding shedding = properties.shedding();
		int max = shedding.maxInFlight();
		this.limit = shedding.adaptive() ? AIMDLimit.newBuilder()
			.initialLimit(Math.min(shedding.initialLimit(), max))
			.minLimit(Math.min(shedding.minLimit(), max))
			.maxLimit(max)
			.backoffRatio(0.9)
			.timeout(shedding.latencyTarget().toNanos(), TimeUnit.NANOSECONDS)
			.build() : FixedLimit.of(max);
		this.browseSharePercent = shedding.browseSharePercent();
		Gauge.builder("concord.gateway.in_flight", this.inFlight, AtomicInteger::get)
			.description("Requests the gateway is working on")
			.register(meters);
		Gauge.builder("concord.gateway.admission_limit", this.limit, Limit::getLimit)
			.description("Requests the gateway admits at once (checkout; browsing gets its share)")
			.register(meters);
		this.shed = Counter.builder("concord.gateway.shed")
			.description("Requests refused as overloaded")
			.register(meters);
	}

	/** The number of requests checkout may have in flight now. */
	int currentLimit() {
		return this.limit.getLimit();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		boolean priority = RouteClass.of(exchange.getRequest()) == RouteClass.CHECKOUT;
		int limit = this.limit.getLimit();
		int allowed = priority ? limit : Math.max(1, limit * this.browseSharePercent / 100);
		int inFlight = this.inFlight.incrementAndGet();
		if (inFlight > allowed && !RouteClass.isPaymentCallback(exchange.getRequest())) {
			this.inFlight.decrementAndGet();
			this.shed.increment();
			exchange.getResponse().getHeaders().set("Retry-After", "1");
			return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded",
					"The shop is very busy; checkout is served first. Retry in a moment.");
		}
		long started = this.nanoTime.getAsLong();
		// Ops' reports and imports are slow by nature, not because the shop is full.
		boolean sampled = RouteClass.of(exchange.getRequest()) != RouteClass.ADMIN;
		return chain.filter(exchange).doFinally((signal) -> {
			this.inFlight.decrementAndGet();
			// A timeout or an unavailable service is the overload the limit must feel.
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			boolean dropped = signal == SignalType.ON_ERROR
					|| (status != null && (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()
							|| status.value() == HttpStatus.GATEWAY_TIMEOUT.value()));
			if (sampled && signal != SignalType.CANCEL) {
				this.limit.onSample(started, this.nanoTime.getAsLong() - started, inFlight, dropped);
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 30;
	}

}
