package io.concord.gateway;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.concord.platform.security.TokenAuthorities;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Token buckets (Bucket4j) per client and route class; over the limit answers 429
 * problem+json with Retry-After. The client is the member or staff id of a validated
 * token, else a registered API key ({@link ApiKeys}), else the client address
 * ({@link ClientAddresses}): never a raw header value, so nobody mints buckets at will.
 * Buckets live in this replica (a bounded cache): with N replicas behind a load balancer
 * each enforces its share; a limit that must hold exactly across replicas uses Bucket4j's
 * PostgreSQL or Redis proxy manager instead (docs/ARCHITECTURE.md, ADR-12).
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

	/** Exchange attribute: member, staff, api-key or ip (for the access log). */
	static final String CLIENT_KIND = RateLimitFilter.class.getName() + ".clientKind";

	private final GatewayProperties.RateLimits limits;

	private final ApiKeys apiKeys;

	private final ClientAddresses addresses;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	RateLimitFilter(GatewayProperties properties, ApiKeys apiKeys, ClientAddresses addresses, MeterRegistry meters) {
		this.limits = properties.rateLimits();
		this.apiKeys = apiKeys;
		this.addresses = addresses;
		Gauge.builder("concord.gateway.rate_limit.buckets", this, RateLimitFilter::bucketCount)
			.description("Per-client token buckets held (bounded)")
			.register(meters);
	}

	long bucketCount() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal()
			.map(this::signedIn)
			.defaultIfEmpty(anonymous(exchange))
			.flatMap((client) -> admit(exchange, chain, client));
	}

	private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, ClientKey client) {
		exchange.getAttributes().put(CLIENT_KIND, client.kind());
		RouteClass routeClass = RouteClass.of(exchange.getRequest());
		String key = routeClass + "|" + client.kind() + ":" + client.id();
		Bucket bucket = this.buckets.get(key, (k) -> this.limits.of(routeClass).times(client.multiplier()).bucket());
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
				"The " + routeClass.name().toLowerCase(Locale.ROOT) + " limit for this client is reached; retry after "
						+ retryAfter + " s.");
	}

	/** Without a token: a registered API key, else the address. */
	private ClientKey anonymous(ServerWebExchange exchange) {
		String presented = exchange.getRequest().getHeaders().getFirst(ApiKeys.HEADER);
		if (presented != null) {
			GatewayProperties.ApiKey registered = this.apiKeys.find(presented).orElse(null);
			if (registered != null) {
				return new ClientKey("api-key", registered.id(), registered.limitMultiplier());
			}
		}
		return new ClientKey("ip", this.addresses.of(exchange), 1);
	}

	// A validated token: members are limited one by one, wherever they connect from; a
	// channel's backend speaks for all its shoppers.
	private ClientKey signedIn(Principal principal) {
		java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> authorities = (principal instanceof Authentication authentication)
				? authentication.getAuthorities() : List.of();
		if (authorities.stream().anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()))) {
			return new ClientKey("member", principal.getName(), 1);
		}
		if (authorities.stream()
			.anyMatch((authority) -> authority.getAuthority().startsWith(TokenAuthorities.CHANNEL_AUTHORITY_PREFIX))) {
			return new ClientKey("channel", principal.getName(), this.limits.channelClientMultiplier());
		}
		return new ClientKey("staff", principal.getName(), 1);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	/** Who is asking, for limits. */
	record ClientKey(String kind, String id, int multiplier) {
	}

}
