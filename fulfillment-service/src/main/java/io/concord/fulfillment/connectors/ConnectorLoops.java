package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The connectors' background work on threads of their own: the stock and price pusher,
 * the re-sync check, and the order jobs (pull, retries, tracking) each on its own thread,
 * with failures logged quietly while a dependency is down. A long pull delays only the
 * next pull, never the pusher: when they shared a thread at peak (the one-thread
 * scheduler the platform has since replaced by a pool), the pusher waited about 20 s and
 * the platform went on selling on its stale view (the cross-channel system test oversold
 * 64 units on an 8-unit buffer).
 */
@Component
class ConnectorLoops implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConnectorLoops.class);

	private final ConnectorPusher pusher;

	private final StockResync resync;

	private final ConnectorOrderJobs orderJobs;

	private final Duration pushInterval;

	private final Duration resyncCheck;

	private final Duration jobsInterval;

	private @Nullable ScheduledExecutorService loops;

	ConnectorLoops(ConnectorPusher pusher, StockResync resync, ConnectorOrderJobs orderJobs,
			@Value("${concord.fulfillment.connectors.push-interval:200ms}") Duration pushInterval,
			@Value("${concord.fulfillment.connectors.resync-check:5s}") Duration resyncCheck,
			@Value("${concord.fulfillment.jobs.interval:5s}") Duration jobsInterval) {
		this.pusher = pusher;
		this.resync = resync;
		this.orderJobs = orderJobs;
		this.pushInterval = pushInterval;
		this.resyncCheck = resyncCheck;
		this.jobsInterval = jobsInterval;
	}

	@Override
	public synchronized void start() {
		AtomicInteger threads = new AtomicInteger();
		ScheduledExecutorService started = Executors.newScheduledThreadPool(3, (task) -> {
			Thread thread = new Thread(task, "connector-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		every(started, this.pushInterval, "push", this.pusher::pushDue);
		every(started, this.resyncCheck, "re-sync", this.resync::resyncDue);
		every(started, this.jobsInterval, "order jobs", this.orderJobs::run);
		this.loops = started;
	}

	private static void every(ScheduledExecutorService loops, Duration delay, String name, Runnable work) {
		// While the database or a platform is down every round fails the same way: the
		// first failure is logged with its stack, then one line a minute.
		long[] quietUntil = { 0 };
		int[] failures = { 0 };
		loops.scheduleWithFixedDelay(() -> {
			try {
				work.run();
				if (failures[0] > 0) {
					log.info("Connectors: {} rounds work again after {} failed", name, failures[0]);
					failures[0] = 0;
					quietUntil[0] = 0;
				}
			}
			catch (RuntimeException ex) {
				// A failed round must not end the loop (the executor would drop it).
				failures[0]++;
				long now = System.nanoTime();
				if (failures[0] == 1) {
					log.warn("Connectors: {} round failed", name, ex);
					quietUntil[0] = now + TimeUnit.MINUTES.toNanos(1);
				}
				else if (now - quietUntil[0] >= 0) {
					log.warn("Connectors: {} rounds still failing ({} so far): {}", name, failures[0], ex.toString());
					quietUntil[0] = now + TimeUnit.MINUTES.toNanos(1);
				}
			}
		}, delay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.loops != null) {
			this.loops.shutdownNow();
			try {
				this.loops.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.loops = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.loops != null;
	}

}
