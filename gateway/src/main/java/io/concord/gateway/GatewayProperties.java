package io.concord.gateway;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body accepted, counted on the bytes that arrive
 * (a declared Content-Length over it is refused at once)
 * @param maxUriLength the longest request target (path and query) accepted
 * @param maxHeaderSize the most request header bytes (names and values) accepted
 * @param drainLimit how much of a body the gateway reads and discards before it answers a
 * request itself (401, 403, 413, 429, ...), so that the connection stays usable; a longer
 * body is cut off and the connection closed
 * @param drainTimeout how long such a body may take to arrive before the connection is
 * closed instead
 * @param trustedProxyHops how many proxies in front of the gateway append to
 * X-Forwarded-For (0: clients connect directly and the header is ignored; 1: behind one
 * ingress, whose appended entry is the client address)
 * @param apiKeys registered API keys: a caller showing one is limited as that key, any
 * other value is ignored
 * @param addressLimits limits per client address that every request passes before any
 * token is looked at
 * @param jwks how the member and staff issuers' published keys are cached
 * @param circuitBreaker how a downstream service is judged down and retried
 */
@ConfigurationProperties("concord.gateway")
public record GatewayProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("8KB") DataSize maxUriLength,
		@DefaultValue("16KB") DataSize maxHeaderSize, @DefaultValue("2MB") DataSize drainLimit,
		@DefaultValue("5s") Duration drainTimeout, @DefaultValue("0") int trustedProxyHops,
		@DefaultValue CircuitBreaker circuitBreaker, @DefaultValue RateLimits rateLimits,
		@DefaultValue AddressLimits addressLimits, @DefaultValue Shedding shedding, @DefaultValue Jwks jwks,
		@DefaultValue List<ApiKey> apiKeys) {

	public GatewayProperties {
		if (trustedProxyHops < 0) {
			throw new IllegalArgumentException("concord.gateway.trusted-proxy-hops must not be negative");
		}
	}

	/**
	 * Requests per client (member or staff id from a validated token, else registered API
	 * key, else address) and route class: a bucket of {@code capacity} refilled at
	 * {@code perSecond}. A sales channel's backend (a client with a {@code channel:}
	 * role) registers and signs in all of its channel's shoppers, so its limits are
	 * {@code channelClientMultiplier} times a shopper's.
	 */
	public record RateLimits(Limit browse, Limit checkout, Limit auth, Limit admin, Limit webhook,
			Integer channelClientMultiplier) {

		public RateLimits {
			channelClientMultiplier = (channelClientMultiplier != null) ? channelClientMultiplier : 100;
			browse = Limit.orDefault(browse, 100, 50);
			checkout = Limit.orDefault(checkout, 20, 5);
			auth = Limit.orDefault(auth, 10, 1);
			admin = Limit.orDefault(admin, 200, 100);
			webhook = Limit.orDefault(webhook, 500, 200);
		}

		Limit of(RouteClass routeClass) {
			return switch (routeClass) {
				case BROWSE -> this.browse;
				case CHECKOUT -> this.checkout;
				case AUTH -> this.auth;
				case ADMIN -> this.admin;
				case WEBHOOK -> this.webhook;
			};
		}

	}

	/**
	 * Per client address, before authentication. Generous, because many shoppers can
	 * share one address (carrier NAT, an office).
	 *
	 * @param requests every request from the address
	 * @param refused the requests from the address that were answered 401 or 403 (bogus
	 * or expired tokens, probing): once spent, the address gets 429 before any token work
	 */
	public record AddressLimits(Limit requests, Limit refused) {

		public AddressLimits {
			requests = Limit.orDefault(requests, 2000, 1000);
			refused = Limit.orDefault(refused, 200, 10);
		}

	}

	/**
	 * @param capacity burst size
	 * @param perSecond sustained rate (below 1 for slow refills: 0.1 is one every 10 s)
	 */
	public record Limit(long capacity, double perSecond) {

		/** The configured limit, its unset parts (0) taken from the default. */
		static Limit orDefault(@Nullable Limit configured, long capacity, double perSecond) {
			Limit limit = (configured == null) ? new Limit(capacity, perSecond)
					: new Limit((configured.capacity != 0) ? configured.capacity : capacity,
							(configured.perSecond != 0) ? configured.perSecond : perSecond);
			if (limit.capacity < 1 || !(limit.perSecond >= 1e-6 && limit.perSecond <= 1e9)) {
				throw new IllegalArgumentException(
						"A limit needs a capacity of at least 1 and a rate between 0.000001 and 10^9 per second");
			}
			return limit;
		}

		/** A Bucket4j token bucket of this size, refilled one token at a time, evenly. */
		Bucket bucket() {
			return Bucket.builder()
				.addLimit(Bandwidth.builder()
					.capacity(this.capacity)
					.refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / this.perSecond))))
					.build())
				.build();
		}

		Limit times(int multiplier) {
			return new Limit(Math.multiplyExact(this.capacity, multiplier), this.perSecond * multiplier);
		}

	}

	/**
	 * A client application's key. Only its SHA-256 is configured, so the configuration
	 * does not hold the key itself.
	 *
	 * @param id the name limits and logs use
	 * @param sha256 hex SHA-256 of the key the client sends in {@code X-Api-Key}
	 * @param limitMultiplier the key's limits are the per-client limits times this
	 */
	public record ApiKey(String id, String sha256, @DefaultValue("1") int limitMultiplier) {

		public ApiKey {
			if (id == null || id.isBlank() || sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
				throw new IllegalArgumentException("An API key needs an id and the 64 hex digits of its SHA-256");
			}
			if (limitMultiplier < 1) {
				throw new IllegalArgumentException("API key " + id + ": limit-multiplier must be at least 1");
			}
		}

	}

	/**
	 * @param maxInFlight requests the gateway works on at once, at most
	 * @param browseSharePercent the share of the limit other traffic may use, keeping the
	 * rest for checkout
	 * @param adaptive whether the limit follows the services' latency (additive increase,
	 * multiplicative decrease): it shrinks by a tenth for every answer slower than
	 * {@code latencyTarget} (or failed with 503/504) and grows by one for every quick one
	 * while the gateway is busy, never above {@code maxInFlight}; otherwise the limit is
	 * {@code maxInFlight}
	 * @param latencyTarget an answer slower than this means work queues behind a full CPU
	 * or pool (the checkout goal is a place p99 under 1 s)
	 * @param initialLimit the adaptive limit at start
	 * @param minLimit the adaptive limit never goes below this
	 */
	public record Shedding(@DefaultValue("2000") int maxInFlight, @DefaultValue("80") int browseSharePercent,
			@DefaultValue("true") boolean adaptive, @DefaultValue("1s") Duration latencyTarget,
			@DefaultValue("100") int initialLimit, @DefaultValue("16") int minLimit) {

	}

	/**
	 * @param ttl how long a fetched key set is used before it is fetched again, so a key
	 * removed at the issuer stops validating within this time
	 * @param minRefetchInterval a token naming an unknown key fetches the set again at
	 * most this often per issuer (and a failed fetch is not repeated sooner)
	 * @param connectTimeout connecting to the issuer
	 * @param responseTimeout the issuer's answer, in full
	 * @param maxSize the largest key set accepted
	 */
	public record Jwks(@DefaultValue("5m") Duration ttl, @DefaultValue("10s") Duration minRefetchInterval,
			@DefaultValue("2s") Duration connectTimeout, @DefaultValue("3s") Duration responseTimeout,
			@DefaultValue("256KB") DataSize maxSize) {

	}

	/**
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumCalls calls before the rate counts
	 * @param failureRatePercent failure rate that opens the breaker
	 * @param openFor how long an open breaker refuses calls before trying again: short,
	 * because every second a recovered service still gets refused is a second of lost
	 * checkouts at a peak (the fault suite measured 5 s of them after a restart), while a
	 * trial against a service still down costs a refused connection
	 * @param halfOpenCalls trial calls in the half-open state
	 * @param timeout the longest a downstream call may take
	 * @param maxConcurrentCalls the bulkhead: calls one gateway replica has open to one
	 * service at once; more answer 503 at once instead of queueing on a saturated service
	 */
	public record CircuitBreaker(@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumCalls,
			@DefaultValue("50") float failureRatePercent, @DefaultValue("2s") Duration openFor,
			@DefaultValue("10") int halfOpenCalls, @DefaultValue("10s") Duration timeout,
			@DefaultValue("500") int maxConcurrentCalls) {

	}

}
