package io.concord.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One line per request on the {@code concord.access} logger: method, path, status,
 * duration, route, kind of client and request id. Deliberately without query strings
 * (they can carry phone numbers or e-mail addresses), headers (tokens, API keys),
 * addresses or bodies: the request id leads to the services' logs when more is needed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AccessLogFilter implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger("concord.access");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!log.isInfoEnabled()) {
			return chain.filter(exchange);
		}
		long started = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> log(exchange, started));
	}

	private static void log(ServerWebExchange exchange, long started) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object client = exchange.getAttributes().getOrDefault(RateLimitFilter.CLIENT_KIND, "-");
		log.info("{} {} {} {}ms route={} client={} requestId={}", exchange.getRequest().getMethod().name(),
				exchange.getRequest().getPath().value(), (status != null) ? status.value() : 0,
				(System.nanoTime() - started) / 1_000_000, (route != null) ? route.getId() : "-", client,
				exchange.getRequest().getHeaders().getFirst(RequestIdFilter.HEADER));
	}

}
