package io.concord.gateway;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One circuit breaker, time limiter and bulkhead per name, configured from
 * {@link GatewayProperties}: one per downstream service, and payment and partner webhooks
 * apart from order placement ({@code fulfillment-webhooks}), so slow placements at a peak
 * cannot refuse the callbacks that pay for them.
 */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> serviceCircuitBreakers(GatewayProperties properties) {
		GatewayProperties.CircuitBreaker breaker = properties.circuitBreaker();
		return (factory) -> factory.configureDefault((id) -> new Resilience4JConfigBuilder(id)
			.circuitBreakerConfig(CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(breaker.slidingWindowSize())
				.minimumNumberOfCalls(breaker.minimumCalls())
				.failureRateThreshold(breaker.failureRatePercent())
				.waitDurationInOpenState(breaker.openFor())
				.permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
				.automaticTransitionFromOpenToHalfOpenEnabled(true)
				// A full bulkhead is the gateway protecting a busy service, not the
				// service failing.
				.ignoreExceptions(BulkheadFullException.class)
				// Nor is a client's oversized body (cut off on its way to the service).
				.ignoreException((failure) -> ContentTooLargeException.in(failure) != null)
				.build())
			.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(breaker.timeout()).build())
			.build());
	}

	/**
	 * The per-service bulkhead Spring Cloud CircuitBreaker puts around every call. Its
	 * default (25 concurrent calls) opened the breaker of a healthy member-service at 200
	 * concurrent registrations (found by bench/); peak traffic needs it sized.
	 */
	@Bean
	Customizer<ReactiveResilience4jBulkheadProvider> serviceBulkheads(GatewayProperties properties) {
		return (provider) -> provider.configureDefault(
				(id) -> new Resilience4jBulkheadConfigurationBuilder()
					.bulkheadConfig(BulkheadConfig.custom()
						.maxConcurrentCalls(properties.circuitBreaker().maxConcurrentCalls())
						.maxWaitDuration(Duration.ZERO)
						.build())
					.build());
	}

}
