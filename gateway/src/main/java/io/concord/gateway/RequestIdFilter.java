package io.concord.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every request gets an {@code X-Request-Id} (the caller's if well-formed, else a new
 * one), passed to the service and echoed to the caller, so one id follows a request
 * through every log line.
 */
@Component
class RequestIdFilter implements GlobalFilter, Ordered {

	static final String HEADER = "X-Request-Id";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String requestId = (given != null && SAFE.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((headers) -> headers.set(HEADER, requestId))
			.build();
		exchange.getResponse().getHeaders().set(HEADER, requestId);
		return chain.filter(exchange.mutate().request(request).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
