package io.concord.platform.web;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The pool the service's {@code @Scheduled} jobs run on (see
 * {@link WebConventionsAutoConfiguration#scheduledJobsPool}).
 */
public final class ScheduledJobsPool implements SchedulingConfigurer, DisposableBean {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	ScheduledJobsPool(int poolSize) {
		this.scheduler.setPoolSize(poolSize);
		this.scheduler.setThreadNamePrefix("scheduling-");
		// Jobs in flight finish (or see the interrupt) before the context closes.
		this.scheduler.setWaitForTasksToCompleteOnShutdown(true);
		this.scheduler.setAwaitTerminationSeconds(10);
		this.scheduler.initialize();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.setTaskScheduler(this.scheduler);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
