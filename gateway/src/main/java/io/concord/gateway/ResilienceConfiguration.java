package io.concord.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One circuit breaker and time limiter per downstream service, configured from
 * {@link GatewayProperties}.
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
				.build())
			.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(breaker.timeout()).build())
			.build());
	}

}
