package io.concord.gateway;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.concord.platform.security.TokenAuthorities;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Token buckets (Bucket4j) per client (member id from a validated token, else API key,
 * else address) and route class; over the limit answers 429 problem+json with
 * Retry-After. Buckets live in this replica (a bounded cache): with N replicas behind a
 * load balancer each enforces its share; a limit that must hold exactly across replicas
 * uses Bucket4j's PostgreSQL or Redis proxy manager instead (docs/ARCHITECTURE.md,
 * ADR-12).
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

	static final String API_KEY = "X-Api-Key";

	/** Exchange attribute: member, staff, api-key or ip (for the access log). */
	static final String CLIENT_KIND = RateLimitFilter.class.getName() + ".clientKind";

	private final GatewayProperties.RateLimits limits;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	RateLimitFilter(GatewayProperties properties) {
		this.limits = properties.rateLimits();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal()
			.map(RateLimitFilter::signedIn)
			.defaultIfEmpty(ClientKey.anonymous(exchange))
			.flatMap((client) -> admit(exchange, chain, client));
	}

	private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, ClientKey client) {
		exchange.getAttributes().put(CLIENT_KIND, client.kind());
		RouteClass routeClass = RouteClass.of(exchange.getRequest());
		String key = routeClass + "|" + client.kind() + ":" + client.id();
		Bucket bucket = this.buckets.get(key, (k) -> newBucket(this.limits.of(routeClass)));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			exchange.getResponse()
				.getHeaders()
				.set("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
			return chain.filter(exchange);
		}
		long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfter));
		return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
				"The " + routeClass.name().toLowerCase() + " limit for this client is reached; retry after "
						+ retryAfter + " s.");
	}

	/**
	 * Who is asking, for limits: a member or staff id, else an API key, else an address.
	 */
	record ClientKey(String kind, String id) {

		static ClientKey anonymous(ServerWebExchange exchange) {
			String apiKey = exchange.getRequest().getHeaders().getFirst(API_KEY);
			if (apiKey != null && !apiKey.isBlank()) {
				return new ClientKey("api-key", apiKey);
			}
			InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
			return new ClientKey("ip",
					(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown");
		}

	}

	// A validated token: members are limited one by one, wherever they connect from.
	private static ClientKey signedIn(Principal principal) {
		boolean member = (principal instanceof Authentication authentication) && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()));
		return new ClientKey(member ? "member" : "staff", principal.getName());
	}

	private static Bucket newBucket(GatewayProperties.Limit limit) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(limit.capacity())
				.refillGreedy(limit.perSecond(), Duration.ofSeconds(1))
				.build())
			.build();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
