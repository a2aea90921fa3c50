package io.concord.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * A burst of attempts from concurrent clients, all released at once, each timed: what
 * every contention benchmark measures.
 */
final class Load {

	/**
	 * @param lastSuccessSeconds when the last successful attempt finished (sold out,
	 * issued out), from the start
	 */
	record Run(String name, int succeeded, int refused, Latencies all, Latencies successes, double lastSuccessSeconds) {
	}

	private Load() {
	}

	/**
	 * Runs {@code attempts} attempts (numbered 0..attempts-1, in order as clients free
	 * up) from {@code clients} threads; an attempt answers true when it succeeded.
	 */
	static Run run(String name, int attempts, int clients, IntPredicate attempt) throws Exception {
		long[] all = new long[attempts];
		long[] successes = new long[attempts];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger succeeded = new AtomicInteger();
		AtomicLong lastSuccess = new AtomicLong();
		CountDownLatch start = new CountDownLatch(1);
		long began;
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			for (int c = 0; c < clients; c++) {
				pool.submit(() -> {
					start.await();
					for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
						long t0 = System.nanoTime();
						boolean ok = attempt.test(i);
						long t1 = System.nanoTime();
						all[i] = (t1 - t0) / 1000;
						if (ok) {
							successes[succeeded.getAndIncrement()] = (t1 - t0) / 1000;
							lastSuccess.accumulateAndGet(t1, Math::max);
						}
					}
					return null;
				});
			}
			began = System.nanoTime();
			start.countDown();
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		int ok = succeeded.get();
		return new Run(name, ok, attempts - ok, Latencies.of(all, seconds),
				Latencies.of(Arrays.copyOf(successes, ok), seconds), (lastSuccess.get() - began) / 1e9);
	}

}
