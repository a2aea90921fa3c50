package io.concord.platform.web;

import java.time.Clock;
import java.time.Duration;

import io.concord.platform.instances.ServiceInstances;

import jakarta.validation.Validator;
import org.springdoc.core.models.GroupedOpenApi;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the shared web conventions in every servlet service. */
// Before Boot's MVC auto-configuration, so that its generic problem handler backs off for
// ours.
// Before Boot's task scheduling, so that its scheduler backs off for ours; after its task
// execution, whose applicationTaskExecutor backs off for any Executor (our scheduler is
// one):
// inventory-service's forecast runs need that executor.
@AutoConfiguration(
		beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
				"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" },
		afterName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ IdempotencyProperties.class, BodySizeLimits.class, WebhookProperties.class,
		LoadTestingProperties.class })
@EnableScheduling
@Import(TestRunPurge.class)
public class WebConventionsAutoConfiguration implements WebMvcConfigurer {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The scheduler of the service's {@code @Scheduled} jobs: a pool, so that a long job
	 * never holds back the others. With virtual threads on, Boot's default
	 * ({@code SimpleAsyncTaskScheduler}) runs every fixed-delay job on its one scheduler
	 * thread: a connector pulling a page of orders held back the stock pusher for 20 s,
	 * and any long job delays the instance heartbeat that decides when another replica
	 * takes over a placement. {@code concord.scheduling.pool-size} (default 8) bounds how
	 * many jobs run at once.
	 */
	@Bean(name = "taskScheduler", destroyMethod = "shutdown")
	@ConditionalOnMissingBean(TaskScheduler.class)
	ThreadPoolTaskScheduler taskScheduler(@Value("${concord.scheduling.pool-size:8}") int poolSize) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(poolSize);
		scheduler.setThreadNamePrefix("scheduling-");
		// Jobs in flight finish (or see the interrupt) before the context closes.
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationSeconds(10);
		return scheduler;
	}

	/**
	 * The public face of the service's API: storefront ({@code /api/**}) and partner
	 * ({@code /webhooks/**}) operations, served at {@code /v3/api-docs/public} and
	 * published by the gateway at {@code /openapi/{service}}. The full document
	 * ({@code /v3/api-docs}, with admin, internal and dev operations) reaches staff only,
	 * through {@code /admin/{service}/openapi}.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "publicOpenApi")
	GroupedOpenApi publicOpenApi() {
		return GroupedOpenApi.builder().group("public").pathsToMatch("/api/**", "/webhooks/**").build();
	}

	@Bean
	ProblemDetailsHandler problemDetailsHandler() {
		return new ProblemDetailsHandler();
	}

	@Bean
	SignedWebhooks signedWebhooks(JsonMapper json, Validator validator, Clock clock, WebhookProperties properties) {
		return new SignedWebhooks(json, validator, clock, properties);
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	// Right after the request id (so the 413 carries it) and before security: an
	// oversized body is refused before anything reads it.
	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(BodySizeLimits limits,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(limits, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Right after the request id, before security: a request past its deadline costs
	 * nothing.
	 */
	@Bean
	FilterRegistrationBean<RequestDeadlineFilter> requestDeadlineFilter(
			@Value("${concord.web.default-request-budget:30s}") Duration defaultBudget,
			@Value("${concord.web.max-request-budget:60s}") Duration maxBudget,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<RequestDeadlineFilter> registration = new FilterRegistrationBean<>(
				new RequestDeadlineFilter(defaultBudget, maxBudget, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * After the request id and deadline, before security: a tagged request while load
	 * testing is off is refused before anything else looks at it (ADR-25).
	 */
	@Bean
	FilterRegistrationBean<TestRunFilter> testRunFilter(LoadTestingProperties loadTesting,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<TestRunFilter> registration = new FilterRegistrationBean<>(
				new TestRunFilter(loadTesting.enabled(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/**
	 * Applied to the transaction manager by Boot, like the idempotency guard: tagged
	 * transactions tag the rows they create.
	 */
	@Bean
	TestRunTransactions testRunTransactions(JdbcTemplate jdbc) {
		return new TestRunTransactions(jdbc);
	}

	/** Calls to other services carry the current test run. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
	static class TestRunForwardingConfiguration {

		@Bean
		org.springframework.boot.restclient.RestClientCustomizer testRunForwarding() {
			TestRunForwarding forwarding = new TestRunForwarding();
			return (builder) -> builder.requestInterceptor(forwarding);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ServiceInstances serviceInstances(JdbcTemplate jdbc,
			@Value("${concord.instances.stale-after:5s}") Duration staleAfter) {
		return new ServiceInstances(jdbc, staleAfter);
	}

	@Bean
	IdempotencyRecords idempotencyRecords(JdbcTemplate jdbc, IdempotencyProperties properties,
			ServiceInstances instances, Clock clock) {
		return new IdempotencyRecords(jdbc, properties, instances, clock);
	}

	/**
	 * Applied to the transaction manager by Boot (a TransactionExecutionListener bean).
	 */
	@Bean
	IdempotentEffectGuard idempotentEffectGuard(IdempotencyRecords records) {
		return new IdempotentEffectGuard(records);
	}

	// After security (order -100) so the key is scoped to the authenticated caller.
	@Bean
	FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(IdempotencyRecords records,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems, BodySizeLimits limits) {
		FilterRegistrationBean<IdempotencyKeyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyKeyFilter(records, problems, limits));
		registration.setOrder(10);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new IdempotencyKeyInterceptor());
	}

}
