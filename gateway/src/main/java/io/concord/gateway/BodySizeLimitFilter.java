package io.concord.gateway;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses bodies over {@code concord.gateway.max-body-size} with 413 before they reach a
 * service.
 */
@Component
class BodySizeLimitFilter implements GlobalFilter, Ordered {

	private final long maxBytes;

	BodySizeLimitFilter(GatewayProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > this.maxBytes) {
			return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request too large",
					"The request body may be at most " + this.maxBytes + " bytes.");
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
