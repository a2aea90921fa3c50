package io.concord.gateway;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a request while the service is down or too slow:
 * an immediate 503 problem with Retry-After, instead of piling requests onto a failing
 * service.
 */
@RestController
class ServiceUnavailableFallback {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServiceUnavailableFallback.class);

	private final Duration openFor;

	ServiceUnavailableFallback(GatewayProperties properties) {
		this.openFor = properties.circuitBreaker().openFor();
	}

	@RequestMapping("/fallback/{service}")
	Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(
				org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		ContentTooLargeException tooLarge = (cause != null) ? ContentTooLargeException.in(cause) : null;
		if (tooLarge != null) {
			// The client's body was cut off on its way to the service: its fault, not the
			// service's.
			return Problems.contentTooLarge(exchange, tooLarge.maxBytes());
		}
		if (cause != null) {
			log.warn("{} unavailable: {}", service, cause.toString());
		}
		// Soon enough to be let through within seconds of the service's return (an open
		// breaker tries again after openFor), cheap to refuse while it is still away.
		exchange.getResponse()
			.getHeaders()
			.set("Retry-After", String.valueOf(Math.max(1, Math.min(2, this.openFor.toSeconds()))));
		return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
				service + " is not answering; try again shortly.");
	}

}
