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
public record GatewayProperties(@DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue CircuitBreaker circuitBreaker) {

	/**
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumCalls calls before the rate counts
	 * @param failureRatePercent failure rate that opens the breaker
	 * @param openFor how long an open breaker refuses calls before trying again
	 * @param halfOpenCalls trial calls in the half-open state
	 * @param timeout the longest a downstream call may take
	 */
	public record CircuitBreaker(@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumCalls,
			@DefaultValue("50") float failureRatePercent, @DefaultValue("10s") Duration openFor,
			@DefaultValue("3") int halfOpenCalls, @DefaultValue("10s") Duration timeout) {

	}

}
