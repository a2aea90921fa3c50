package io.concord.gateway;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The first limit, per client address, before Spring Security looks at any token: every
 * request takes from the address's {@code requests} bucket, and every 401 or 403 answer
 * from its {@code refused} bucket. An address that spent either gets 429 with Retry-After
 * at once, so floods of bogus tokens (each a signature check, an unknown key a JWKS
 * lookup) or of refused requests cost the gateway almost nothing. The per-client limits
 * by route class ({@link RateLimitFilter}) come after authentication.
 * <p>
 * Buckets are keyed by address only ({@link ClientAddresses}: the socket peer or the
 * trusted proxy's entry, never a value the client chose), in a bounded cache.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class AddressLimitFilter implements WebFilter {

	private final ClientAddresses addresses;

	private final GatewayProperties.AddressLimits limits;

	private final Cache<String, AddressBuckets> buckets = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	AddressLimitFilter(ClientAddresses addresses, GatewayProperties properties) {
		this.addresses = addresses;
		this.limits = properties.addressLimits();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		AddressBuckets address = this.buckets.get(this.addresses.of(exchange),
				(key) -> new AddressBuckets(this.limits.requests().bucket(), this.limits.refused().bucket()));
		if (address.refused().getAvailableTokens() < 1) {
			return tooMany(exchange, address.refused().estimateAbilityToConsume(1).getNanosToWaitForRefill(),
					"Too many refused requests from this address");
		}
		ConsumptionProbe request = address.requests().tryConsumeAndReturnRemaining(1);
		if (!request.isConsumed()) {
			return tooMany(exchange, request.getNanosToWaitForRefill(), "Too many requests from this address");
		}
		exchange.getResponse().beforeCommit(() -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			if (status != null && (status.value() == 401 || status.value() == 403)) {
				address.refused().tryConsume(1);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private static Mono<Void> tooMany(ServerWebExchange exchange, long nanosToWait, String what) {
		long retryAfter = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
		exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfter));
		return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
				what + "; retry after " + retryAfter + " s.");
	}

	private record AddressBuckets(Bucket requests, Bucket refused) {
	}

}
