package io.concord.platform.transactions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.concord.platform.web.RequestDeadline;
import io.concord.platform.web.TestRun;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Serves requests in batches, one transaction per batch.
 *
 * <p>
 * At a peak every request wants the same few rows. Served one transaction per request,
 * each one holds those rows' locks across its round trips and its own commit (a WAL
 * flush), and the rows serve one request per commit. Here a few workers ("lanes") each
 * drain whatever requests are waiting, hand them to the batch function in arrival order
 * inside one transaction, and commit once: a batch of a hundred costs little more than
 * one request, and at low load a batch is one request. Callers learn their outcome only
 * after the commit. If a batch fails as a whole it is retried request by request, so one
 * bad request cannot fail the others. The queues are bounded: beyond them the caller gets
 * the saturation error at once instead of waiting without bound.
 *
 * <p>
 * Requests with the same key go to the same lane, so requests that lock the same rows
 * (one member's claims, say) never wait for each other's commits in two lanes.
 *
 * @param <R> the request
 * @param <T> the answer to one request
 */
public final class GroupCommit<R, T> implements SmartLifecycle, MeterBinder {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	/** What became of one request of a batch. */
	public sealed interface Outcome<T> {

		/** Served: the answer, given to the caller after commit. */
		record Done<T>(T value) implements Outcome<T> {
		}

		/**
		 * Refused for a reason of its own (out of stock, sold out, ...): the batch still
		 * commits; the caller gets the exception.
		 */
		record Refused<T>(RuntimeException reason) implements Outcome<T> {
		}

		/**
		 * Answered by a read after commit (e.g. a repeated request reads what exists).
		 */
		record AfterCommit<T>(Supplier<T> read) implements Outcome<T> {
		}

	}

	/**
	 * The work of one batch, inside its transaction: one outcome per request, in order.
	 */
	@FunctionalInterface
	public interface Batch<R, T> {

		List<Outcome<T>> apply(List<R> requests);

	}

	/**
	 * @param lanes workers, each with its own queue
	 * @param maxBatch the most requests one transaction serves
	 * @param queueCapacity requests waiting per lane before callers are refused
	 */
	public record Settings(int lanes, int maxBatch, int queueCapacity) {
	}

	/**
	 * A queued request; {@code deadlineNanos} (a {@link System#nanoTime()} value, or
	 * null) is when its caller stops waiting: past it, the request is skipped.
	 */
	private record Pending<R, T>(R request, CompletableFuture<T> result, Long deadlineNanos, String testRun) {

		boolean abandoned() {
			return this.result.isDone() || (this.deadlineNanos != null && this.deadlineNanos - System.nanoTime() <= 0);
		}

	}

	private final String name;

	private final TransactionTemplate transactions;

	private final Batch<R, T> batch;

	private final Settings settings;

	private final Supplier<RuntimeException> saturated;

	private final List<BlockingQueue<Pending<R, T>>> queues = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private final java.util.concurrent.atomic.AtomicLong laneFailures = new java.util.concurrent.atomic.AtomicLong();

	public GroupCommit(String name, TransactionTemplate transactions, Settings settings,
			Supplier<RuntimeException> saturated, Batch<R, T> batch) {
		this.name = name;
		this.transactions = transactions;
		this.settings = settings;
		this.saturated = saturated;
		this.batch = batch;
		for (int i = 0; i < settings.lanes(); i++) {
			this.queues.add(new ArrayBlockingQueue<>(settings.queueCapacity()));
		}
	}

	/**
	 * Queues a request in the lane of {@code key}. The future completes after the batch
	 * commits (exceptionally for a refusal or a failure). A caller that stops waiting
	 * should cancel it: cancelled requests are skipped.
	 */
	public CompletableFuture<T> submit(Object key, R request) {
		return submit(key, request, null);
	}

	private CompletableFuture<T> submit(Object key, R request, Long deadlineNanos) {
		CompletableFuture<T> result = new CompletableFuture<>();
		BlockingQueue<Pending<R, T>> queue = this.queues.get(Math.floorMod(key.hashCode(), this.queues.size()));
		// The caller's test run goes with the request: a batch serves one run (or real
		// traffic) only, so shadow rows and events are never mixed with real ones.
		if (!this.running || !queue.offer(new Pending<>(request, result, deadlineNanos, TestRun.current()))) {
			result.completeExceptionally(this.saturated.get());
		}
		return result;
	}

	/**
	 * Submits a request and waits for its outcome: the answer, or the refusal or failure
	 * rethrown as it was raised. After {@code timeout} the request is cancelled (skipped
	 * if its batch has not started) and {@code onTimeout}'s exception is thrown; the
	 * caller repeats an idempotent request to learn what happened.
	 */
	public T call(Object key, R request, Duration timeout, Supplier<RuntimeException> onTimeout) {
		// Never wait longer than the caller's own deadline: past it nobody reads the
		// answer, and the lane skips the request instead of serving it.
		Duration wait = RequestDeadline.atMost(timeout);
		long deadline = System.nanoTime() + wait.toNanos();
		CompletableFuture<T> result = submit(key, request, deadline);
		try {
			return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			result.cancel(false);
			throw onTimeout.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void work(BlockingQueue<Pending<R, T>> queue) {
		List<Pending<R, T>> pending = new ArrayList<>(this.settings.maxBatch());
		while (this.running || !queue.isEmpty()) {
			try {
				Pending<R, T> first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				pending.add(first);
				queue.drainTo(pending, this.settings.maxBatch() - 1);
				process(pending);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				pending.forEach((p) -> p.result().completeExceptionally(this.saturated.get()));
				return;
			}
			catch (Throwable ex) {
				// An Error (stack overflow, out of memory in a big batch) must not kill
				// the
				// lane: its callers get the failure, the lane serves the next batch.
				this.laneFailures.incrementAndGet();
				log.error("A {} lane failed on a batch of {}; the lane goes on", this.name, pending.size(), ex);
				pending.forEach((p) -> p.result().completeExceptionally(ex));
			}
			finally {
				pending.clear();
			}
		}
	}

	private void process(List<Pending<R, T>> pending) {
		List<Pending<R, T>> live = pending.stream().filter((p) -> !p.abandoned()).toList();
		pending.stream()
			.filter((p) -> !p.result().isDone() && p.abandoned())
			.forEach((p) -> p.result().completeExceptionally(this.saturated.get()));
		if (live.isEmpty()) {
			return;
		}
		Map<String, List<Pending<R, T>>> byRun = new LinkedHashMap<>();
		for (Pending<R, T> request : live) {
			byRun.computeIfAbsent(Objects.requireNonNullElse(request.testRun(), ""), (run) -> new ArrayList<>())
				.add(request);
		}
		byRun.forEach((run, requests) -> TestRun.runWith(run.isEmpty() ? null : run, () -> commit(requests)));
	}

	private void commit(List<Pending<R, T>> live) {
		List<Outcome<T>> outcomes;
		try {
			outcomes = this.transactions.execute((status) -> {
				List<Outcome<T>> results = this.batch.apply(live.stream().map(Pending::request).toList());
				if (results.size() != live.size()) {
					throw new IllegalStateException(
							"The batch answered " + results.size() + " outcomes for " + live.size() + " requests");
				}
				return results;
			});
		}
		catch (RuntimeException ex) {
			if (live.size() == 1) {
				live.getFirst().result().completeExceptionally(ex);
				return;
			}
			log.warn("A batch of {} {} failed ({}); retrying them one by one", live.size(), this.name, ex.toString());
			live.forEach((p) -> commit(List.of(p)));
			return;
		}
		for (int i = 0; i < live.size(); i++) {
			complete(live.get(i).result(), outcomes.get(i));
		}
	}

	private void complete(CompletableFuture<T> result, Outcome<T> outcome) {
		try {
			switch (outcome) {
				case Outcome.Done<T> done -> result.complete(done.value());
				case Outcome.Refused<T> refused -> result.completeExceptionally(refused.reason());
				case Outcome.AfterCommit<T> read -> result.complete(read.read().get());
			}
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

	/** Requests waiting in every lane (a gauge of how far behind the lanes are). */
	public int queued() {
		return this.queues.stream().mapToInt(BlockingQueue::size).sum();
	}

	/** Batches whose lane caught an unexpected failure (each survived it). */
	public long laneFailures() {
		return this.laneFailures.get();
	}

	/** Lanes whose worker is alive (all of them, while running). */
	public int liveLanes() {
		return (int) this.threads.stream().filter(Thread::isAlive).count();
	}

	/**
	 * Queue depth, live lanes and survived lane failures per group commit, so a backlog
	 * or a dead lane shows on the dashboard (bound by Boot, the group commit being a
	 * bean).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("concord.groupcommit.queued", this, GroupCommit::queued)
			.tag("name", this.name)
			.description("Requests waiting in the lanes of a group commit")
			.register(registry);
		Gauge.builder("concord.groupcommit.lanes.live", this, GroupCommit::liveLanes)
			.tag("name", this.name)
			.description("Lanes whose worker runs")
			.register(registry);
		FunctionCounter.builder("concord.groupcommit.lane.failures", this, GroupCommit::laneFailures)
			.tag("name", this.name)
			.description("Batches a lane failed on unexpectedly (and survived)")
			.register(registry);
	}

	@Override
	public int getPhase() {
		// Started before and stopped after the web server, so requests it is still
		// finishing at shutdown are served.
		return DEFAULT_PHASE - 4096;
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.queues.size(); i++) {
			BlockingQueue<Pending<R, T>> queue = this.queues.get(i);
			this.threads.add(Thread.ofPlatform().name(this.name + "-" + i).daemon().start(() -> work(queue)));
		}
	}

	@Override
	public void stop() {
		// Requests already queued are still served; new ones are refused.
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
