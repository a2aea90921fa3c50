package io.concord.gateway;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Admission control for the midnight peak: once the gateway works on its browse share of
 * {@code max-in-flight} requests, browsing is shed (503 with Retry-After) while checkout
 * is still admitted up to the full limit, so orders keep flowing when the catalogue is
 * stormed.
 */
@Component
class LoadSheddingFilter implements GlobalFilter, Ordered {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final int maxInFlight;

	private final int browseLimit;

	LoadSheddingFilter(GatewayProperties properties, MeterRegistry meters) {
		this.maxInFlight = properties.shedding().maxInFlight();
		this.browseLimit = Math.max(1, this.maxInFlight * properties.shedding().browseSharePercent() / 100);
		Gauge.builder("concord.gateway.in_flight", this.inFlight, AtomicInteger::get)
			.description("Requests the gateway is working on")
			.register(meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		boolean priority = RouteClass.of(exchange.getRequest()) == RouteClass.CHECKOUT;
		int limit = priority ? this.maxInFlight : this.browseLimit;
		if (this.inFlight.incrementAndGet() > limit) {
			this.inFlight.decrementAndGet();
			exchange.getResponse().getHeaders().set("Retry-After", "1");
			return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded",
					"The shop is very busy; checkout is served first. Retry in a moment.");
		}
		return chain.filter(exchange).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 30;
	}

}
