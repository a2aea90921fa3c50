package io.concord.gateway;

import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every error the gateway itself answers is problem+json, never an HTML page or a stack
 * trace.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

	// An issuer's keys are fetched again at most this often.
	private final String keysRetryAfter;

	ProblemErrorHandler(GatewayProperties properties) {
		this.keysRetryAfter = String.valueOf(Math.max(1, properties.jwks().minRefetchInterval().toSeconds()));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ContentTooLargeException tooLarge = ContentTooLargeException.in(failure);
		if (tooLarge != null) {
			return Problems.contentTooLarge(exchange, tooLarge.maxBytes());
		}
		if (IssuerKeys.SigningKeysUnavailableException.in(failure)) {
			exchange.getResponse().getHeaders().set("Retry-After", this.keysRetryAfter);
			return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
					"Service unavailable", "Access tokens cannot be checked right now; try again shortly.");
		}
		if (failure instanceof ResponseStatusException status) {
			HttpStatus resolved = HttpStatus.resolve(status.getStatusCode().value());
			HttpStatus code = (resolved != null) ? resolved : HttpStatus.INTERNAL_SERVER_ERROR;
			return Problems.write(exchange, code, slug(code), code.getReasonPhrase(), (code == HttpStatus.NOT_FOUND)
					? "No route for " + exchange.getRequest().getPath().value() : code.getReasonPhrase());
		}
		if (failure instanceof TimeoutException) {
			return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", "Gateway timeout",
					"The service did not answer in time.");
		}
		if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
			return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
					"Service unavailable", "The service cannot be reached; try again shortly.");
		}
		log.error("Unexpected gateway error on {}", exchange.getRequest().getPath().value(), failure);
		return Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"An unexpected error occurred. Quote the requestId when reporting it.");
	}

	private static String slug(HttpStatus status) {
		return (status == HttpStatus.NOT_FOUND) ? "not-found"
				: status.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
