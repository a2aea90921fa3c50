package io.concord.platform.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long fixed-delay job does not hold back the service's other jobs: the services run on
 * virtual threads, where Boot's default scheduler runs every fixed-delay job on one
 * thread.
 */
// The blocking test first: the long job blocks once, until the first test ends.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest
@Import(ScheduledJobsIntegrationTests.Jobs.class)
class ScheduledJobsIntegrationTests {

	@Autowired
	private Jobs jobs;

	@Autowired
	private ApplicationContext context;

	@AfterEach
	void release() {
		this.jobs.release.countDown();
	}

	@Test
	@Order(1)
	void aBlockedJobLeavesTheOthersRunning() throws InterruptedException {
		// The pool is no bean of its own: Boot's task executor stays (it backs off for
		// any Executor bean, which a scheduler is).
		assertThat(this.context.containsBean("applicationTaskExecutor")).isTrue();
		assertThat(this.jobs.blocking.await(10, TimeUnit.SECONDS)).as("the long job started").isTrue();
		int before = this.jobs.heartbeats.get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.jobs.heartbeats.get() >= before + 5);
	}

	@Test
	@Order(2)
	void aStoppedContextRunsNoJobs() {
		ConfigurableApplicationContext context = (ConfigurableApplicationContext) this.context;
		this.jobs.release.countDown();
		context.stop();
		try {
			// Let a round that was running end, then nothing more may run.
			await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
			int stopped = this.jobs.heartbeats.get();
			await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
			assertThat(this.jobs.heartbeats.get()).as("heartbeats while stopped").isEqualTo(stopped);
		}
		finally {
			context.start();
		}
		int resumed = this.jobs.heartbeats.get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.jobs.heartbeats.get() >= resumed + 3);
	}

	@TestConfiguration
	static class Jobs {

		final CountDownLatch blocking = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger heartbeats = new AtomicInteger();

		@Scheduled(fixedDelay = 50)
		void longJob() throws InterruptedException {
			this.blocking.countDown();
			// Held until the test ends (bounded, so a broken test cannot hang the build).
			this.release.await(30, TimeUnit.SECONDS);
		}

		@Scheduled(fixedDelay = 50)
		void heartbeat() {
			this.heartbeats.incrementAndGet();
		}

	}

}
