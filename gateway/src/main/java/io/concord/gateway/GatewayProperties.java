package io.concord.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body accepted (by Content-Length)
 * @param circuitBreaker how a downstream service is judged down and retried
 */
@ConfigurationProperties("concord.gateway")
public record GatewayProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue CircuitBreaker circuitBreaker,
		@DefaultValue RateLimits rateLimits, @DefaultValue Shedding shedding) {

	/**
	 * Requests per client (member or staff id from a validated token, else API key, else
	 * address) and route class: a bucket of {@code capacity} refilled at
	 * {@code perSecond}.
	 */
	public record RateLimits(Limit browse, Limit checkout, Limit auth, Limit admin, Limit webhook) {

		public RateLimits {
			browse = (browse != null) ? browse : new Limit(100, 50);
			checkout = (checkout != null) ? checkout : new Limit(20, 5);
			auth = (auth != null) ? auth : new Limit(10, 1);
			admin = (admin != null) ? admin : new Limit(200, 100);
			webhook = (webhook != null) ? webhook : new Limit(500, 200);
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
	 * @param capacity burst size
	 * @param perSecond sustained rate
	 */
	public record Limit(long capacity, long perSecond) {

	}

	/**
	 * @param maxInFlight requests the gateway works on at once
	 * @param browseSharePercent the share of {@code maxInFlight} other traffic may use,
	 * keeping the rest for checkout
	 */
	public record Shedding(@DefaultValue("2000") int maxInFlight, @DefaultValue("80") int browseSharePercent) {

	}

	/**
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumCalls calls before the rate counts
	 * @param failureRatePercent failure rate that opens the breaker
	 * @param openFor how long an open breaker refuses calls before trying again
	 * @param halfOpenCalls trial calls in the half-open state
	 * @param timeout the longest a downstream call may take
	 * @param maxConcurrentCalls the bulkhead: calls one gateway replica has open to one
	 * service at once; more answer 503 at once instead of queueing on a saturated service
	 */
	public record CircuitBreaker(@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumCalls,
			@DefaultValue("50") float failureRatePercent, @DefaultValue("10s") Duration openFor,
			@DefaultValue("3") int halfOpenCalls, @DefaultValue("10s") Duration timeout,
			@DefaultValue("500") int maxConcurrentCalls) {

	}

}
