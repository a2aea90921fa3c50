package io.concord.platform.transactions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mechanics of group commit: batches commit once, callers learn their own outcome
 * after the commit, a failing batch is retried request by request, and full queues shed
 * load. (The services' integration tests run it on PostgreSQL.)
 */
class GroupCommitTests {

	private final CountingTransactions transactions = new CountingTransactions();

	private final List<GroupCommit<?, ?>> started = new ArrayList<>();

	@AfterEach
	void stop() {
		this.started.forEach(GroupCommit::stop);
	}

	@Test
	void requestsWaitingTogetherShareOneCommitAndEachGetsItsOwnAnswer() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<Integer, Integer> doubling = start(new GroupCommit.Settings(1, 100, 1000), (requests) -> {
			await(release);
			batchSizes.add(requests.size());
			return requests.stream()
				.map((r) -> (r % 7 == 0) ? new GroupCommit.Outcome.Refused<Integer>(new IllegalArgumentException("7"))
						: new GroupCommit.Outcome.Done<>(r * 2))
				.map((o) -> (GroupCommit.Outcome<Integer>) o)
				.toList();
		});
		List<CompletableFuture<Integer>> answers = new ArrayList<>();
		for (int i = 1; i <= 50; i++) {
			answers.add(doubling.submit("same-lane", i));
		}
		release.countDown();
		for (int i = 1; i <= 50; i++) {
			if (i % 7 == 0) {
				int request = i;
				assertThatThrownBy(() -> answers.get(request - 1).get(5, TimeUnit.SECONDS))
					.hasCauseInstanceOf(IllegalArgumentException.class);
			}
			else {
				assertThat(answers.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo(i * 2);
			}
		}
		assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
		assertThat(this.transactions.commits.get()).as("waiting requests were committed together")
			.isEqualTo(batchSizes.size())
			.isLessThan(50);
	}

	@Test
	void aBatchNeverMixesTestRunsWithRealTrafficAndRunsUnderItsCallersTestRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> mixed = Collections.synchronizedList(new ArrayList<>());
		List<String> runsSeen = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<String, String> echo = start(new GroupCommit.Settings(1, 100, 1000), (requests) -> {
			await(release);
			String run = io.concord.platform.web.TestRun.current();
			runsSeen.add(String.valueOf(run));
			// Each request names the run it was submitted under: all must be the batch's.
			requests.stream().filter((r) -> !r.equals(String.valueOf(run))).forEach(mixed::add);
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<String>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String run = switch (i % 3) {
				case 0 -> null;
				case 1 -> "run-a";
				default -> "run-b";
			};
			answers.add(
					io.concord.platform.web.TestRun.callWith(run, () -> echo.submit("same-lane", String.valueOf(run))));
		}
		release.countDown();
		for (CompletableFuture<String> answer : answers) {
			answer.get(5, TimeUnit.SECONDS);
		}
		assertThat(mixed).as("requests served in another run's batch").isEmpty();
		assertThat(runsSeen).contains("null", "run-a", "run-b");
		assertThat(io.concord.platform.web.TestRun.current()).isNull();
	}

	@Test
	void aBatchThatFailsIsRetriedOneByOneSoOnlyTheCulpritFails() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<String, String> picky = start(new GroupCommit.Settings(1, 100, 1000), (requests) -> {
			await(release);
			if (requests.contains("poison")) {
				throw new IllegalStateException("constraint violated");
			}
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<String>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		CompletableFuture<String> good = picky.submit("k", "good");
		CompletableFuture<String> poison = picky.submit("k", "poison");
		CompletableFuture<String> alsoGood = picky.submit("k", "also good");
		release.countDown();
		assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("good");
		assertThat(alsoGood.get(5, TimeUnit.SECONDS)).isEqualTo("also good");
		assertThatThrownBy(() -> poison.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasMessageContaining("constraint violated");
		assertThat(this.transactions.rollbacks.get()).isPositive();
	}

	@Test
	void aFullQueueRefusesAtOnceAndAStoppedOneRefusesEverything() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<Integer, Integer> slow = start(new GroupCommit.Settings(1, 1, 2), (requests) -> {
			entered.countDown();
			await(release);
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<Integer>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		CompletableFuture<Integer> inHand = slow.submit("k", 0);
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		List<CompletableFuture<Integer>> answers = new ArrayList<>();
		for (int i = 1; i < 10; i++) {
			answers.add(slow.submit("k", i));
		}
		// One in the worker's hands, two queued, the other seven refused without waiting.
		assertThat(answers.subList(2, 9)).allMatch(CompletableFuture::isCompletedExceptionally);
		assertThat(answers.subList(0, 2)).noneMatch(CompletableFuture::isDone);
		release.countDown();
		slow.stop();
		assertThat(slow.submit("k", 99)).isCompletedExceptionally();
		assertThat(inHand.get(5, TimeUnit.SECONDS)).isZero();
		assertThat(answers.get(0).get(5, TimeUnit.SECONDS)).as("queued before stopping: still served").isEqualTo(1);
		assertThat(answers.get(1).get(5, TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void requestsOfOneKeyStayInOrderInOneLane() throws Exception {
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<String, String> lanes = start(new GroupCommit.Settings(4, 3, 1000), (requests) -> {
			seen.addAll(requests);
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<String>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			answers.add(lanes.submit("member-42", "tap-" + i));
		}
		for (CompletableFuture<String> answer : answers) {
			answer.get(5, TimeUnit.SECONDS);
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			expected.add("tap-" + i);
		}
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	@Test
	@org.junit.jupiter.api.DisplayName("L7: a lane survives an Error in a batch; its callers learn of it and the next batch is served")
	void l7_aLaneSurvivesAnErrorAndItsCallersLearnOfIt() throws Exception {
		GroupCommit<String, String> fragile = start(new GroupCommit.Settings(1, 10, 100), (requests) -> {
			if (requests.contains("overflow")) {
				throw new StackOverflowError("deep recursion in a batch");
			}
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<String>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		CompletableFuture<String> overflow = fragile.submit("k", "overflow");
		assertThatThrownBy(() -> overflow.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(StackOverflowError.class);
		assertThat(fragile.submit("k", "next").get(5, TimeUnit.SECONDS)).isEqualTo("next");
		assertThat(fragile.liveLanes()).isEqualTo(1);
		assertThat(fragile.laneFailures()).isEqualTo(1);
	}

	@Test
	void aRequestWhoseCallerStoppedWaitingIsNeverServed() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> served = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<String, String> busy = start(new GroupCommit.Settings(1, 1, 100), (requests) -> {
			entered.countDown();
			await(release);
			served.addAll(requests);
			return requests.stream()
				.map((r) -> (GroupCommit.Outcome<String>) new GroupCommit.Outcome.Done<>(r))
				.toList();
		});
		CompletableFuture<String> first = busy.submit("k", "first");
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> busy.call("k", "abandoned", java.time.Duration.ofMillis(100),
				() -> new IllegalStateException("timed out")))
			.hasMessage("timed out");
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(busy.submit("k", "later").get(5, TimeUnit.SECONDS)).isEqualTo("later");
		assertThat(served).containsExactly("first", "later");
	}

	private <R, T> GroupCommit<R, T> start(GroupCommit.Settings settings, GroupCommit.Batch<R, T> batch) {
		GroupCommit<R, T> commits = new GroupCommit<>("test", new TransactionTemplate(this.transactions), settings,
				() -> new IllegalStateException("saturated"), batch);
		commits.start();
		this.started.add(commits);
		return commits;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Counts commits and rollbacks; the mechanism under test is the batching. */
	static final class CountingTransactions extends AbstractPlatformTransactionManager {

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger rollbacks = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits.incrementAndGet();
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rollbacks.incrementAndGet();
		}

	}

}
