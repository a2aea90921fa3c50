package io.concord.gateway;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every routed request its budget: how long the gateway will wait for the service
 * ({@code concord.gateway.circuit-breaker.timeout}) less a margin for the answer's way
 * back, in {@value #HEADER} (a smaller budget the client sent is kept). The services wait
 * no longer than that in queues and partner calls and pass on what is left, so no work
 * goes on for a caller that has given up (security review M6).
 */
@Component
class RequestDeadlineFilter implements GlobalFilter, Ordered {

	static final String HEADER = "X-Request-Timeout-Ms";

	private static final Duration MARGIN = Duration.ofMillis(500);

	private final long budgetMillis;

	RequestDeadlineFilter(GatewayProperties properties) {
		this.budgetMillis = Math.max(100, properties.circuitBreaker().timeout().minus(MARGIN).toMillis());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long budget = this.budgetMillis;
		String sent = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (sent != null) {
			try {
				budget = Math.max(0, Math.min(budget, Long.parseLong(sent.trim())));
			}
			catch (NumberFormatException ex) {
				// not a number: the gateway's own budget
			}
		}
		String value = String.valueOf(budget);
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((headers) -> headers.set(HEADER, value))
			.build();
		return chain.filter(exchange.mutate().request(request).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 40;
	}

}
