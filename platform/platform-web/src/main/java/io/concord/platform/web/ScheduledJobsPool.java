package io.concord.platform.web;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The pool the service's {@code @Scheduled} jobs run on (see
 * {@link WebConventionsAutoConfiguration#scheduledJobsPool}). It takes part in the
 * context's lifecycle as the scheduler bean it replaces would: a stopped (or, in tests, a
 * paused cached) context runs no jobs — else an idle test context's jobs go on claiming
 * work from the shared database.
 */
public final class ScheduledJobsPool implements SchedulingConfigurer, SmartLifecycle, DisposableBean {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	ScheduledJobsPool(int poolSize) {
		this.scheduler.setPoolSize(poolSize);
		this.scheduler.setThreadNamePrefix("scheduling-");
		// No wait for termination at close: the repeating jobs never "complete", so every
		// context close waited out the whole timeout (10 s each, five minutes over the
		// test suite). Jobs in flight see the interrupt, as with Boot's own scheduler.
		this.scheduler.initialize();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.setTaskScheduler(this.scheduler);
	}

	@Override
	public void start() {
		this.scheduler.start();
	}

	@Override
	public void stop() {
		this.scheduler.stop();
	}

	@Override
	public void stop(Runnable callback) {
		this.scheduler.stop(callback);
	}

	@Override
	public boolean isRunning() {
		return this.scheduler.isRunning();
	}

	@Override
	public int getPhase() {
		return this.scheduler.getPhase();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
