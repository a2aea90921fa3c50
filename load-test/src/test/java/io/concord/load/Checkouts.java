package io.concord.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Every checkout of the step mode, by the step it started in: how long placing and paying
 * took and whether either failed unexpectedly. Tells Gatling when a step saturated the
 * checkout path (place p99 over the limit or more than 1% errors), so the run stops
 * there.
 */
final class Checkouts {

	/** One finished checkout: times in milliseconds, -1 where the step did not happen. */
	record Checkout(int step, long startedAtMillis, long placeMillis, boolean placeFailed, long payMillis,
			boolean payFailed, long finishedAtMillis) {

		boolean failed() {
			return this.placeFailed || this.payFailed;
		}

		boolean paid() {
			return this.payMillis >= 0 && !this.payFailed;
		}

	}

	/** What a step did (checkouts that started in it). */
	record StepStats(int step, double targetRate, long fromMillis, long toMillis, int started, int finished, int paid,
			int failed, long placeP50, long placeP99, long payP50, long payP99) {

		/**
		 * Failed checkouts of those that finished (the run may stop with some running).
		 */
		double errorRate() {
			return (this.finished == 0) ? 0 : (double) this.failed / this.finished;
		}

		double achievedPerSecond() {
			return this.paid / ((this.toMillis - this.fromMillis) / 1000.0);
		}

	}

	private final List<Checkout> checkouts = Collections.synchronizedList(new ArrayList<>());

	private final LoadSettings settings;

	private final AtomicIntegerArray started;

	private volatile long injectionStartMillis;

	private volatile int saturatedAt = -1;

	private volatile int evaluated = -1;

	Checkouts(LoadSettings settings) {
		this.settings = settings;
		this.started = new AtomicIntegerArray(settings.maxSteps() + 1);
	}

	void injectionStarts() {
		this.injectionStartMillis = System.currentTimeMillis();
	}

	long injectionStartMillis() {
		return this.injectionStartMillis;
	}

	/** The step at a time, or -1 during the warm-up (not measured). */
	int stepAt(long millis) {
		long intoSteps = millis - this.injectionStartMillis - this.settings.warmUp().toMillis();
		if (intoSteps < 0) {
			return -1;
		}
		return (int) Math.min(intoSteps / this.settings.stepDuration().toMillis(), this.settings.maxSteps());
	}

	double rateOf(int step) {
		return this.settings.rate() + step * this.settings.stepIncrement();
	}

	/** A checkout begins; its step. */
	int begin(long now) {
		int step = stepAt(now);
		if (step >= 0) {
			this.started.incrementAndGet(step);
		}
		return step;
	}

	void finish(Checkout checkout) {
		if (checkout.step() < 0) {
			return;
		}
		this.checkouts.add(checkout);
		evaluateFinishedSteps(checkout.finishedAtMillis());
	}

	/** The step that saturated the checkout path, or -1. */
	int saturatedAt() {
		return this.saturatedAt;
	}

	boolean saturated() {
		return this.saturatedAt >= 0;
	}

	/**
	 * Judges each step 5 s after it ended: checkouts still running then took at least
	 * that long, so they count as slower than the limit.
	 */
	private synchronized void evaluateFinishedSteps(long now) {
		int ended = stepAt(now - 5000) - 1;
		while (this.evaluated < ended && this.saturatedAt < 0) {
			this.evaluated++;
			StepStats stats = stats(this.evaluated);
			int running = stats.started() - stats.finished();
			boolean slow = stats.placeP99() > this.settings.p99Millis() || running > Math.max(0, stats.started() / 100);
			if (slow || stats.errorRate() > 0.01) {
				this.saturatedAt = this.evaluated;
				System.out.printf(
						"Step %d (%.0f checkouts/s) saturated the checkout path: place p99 %d ms, "
								+ "errors %.1f%%, %d still running%n",
						this.evaluated, rateOf(this.evaluated), stats.placeP99(), 100 * stats.errorRate(), running);
			}
		}
	}

	StepStats stats(int step) {
		List<Checkout> inStep;
		synchronized (this.checkouts) {
			inStep = this.checkouts.stream().filter((c) -> c.step() == step).toList();
		}
		long from = this.injectionStartMillis + this.settings.warmUp().toMillis()
				+ step * this.settings.stepDuration().toMillis();
		long to = from + this.settings.stepDuration().toMillis();
		return new StepStats(step, rateOf(step), from, to, this.started.get(step), inStep.size(),
				(int) inStep.stream().filter(Checkout::paid).count(),
				(int) inStep.stream().filter(Checkout::failed).count(),
				percentile(inStep.stream().mapToLong(Checkout::placeMillis).toArray(), 50),
				percentile(inStep.stream().mapToLong(Checkout::placeMillis).toArray(), 99),
				percentile(inStep.stream().mapToLong(Checkout::payMillis).filter((m) -> m >= 0).toArray(), 50),
				percentile(inStep.stream().mapToLong(Checkout::payMillis).filter((m) -> m >= 0).toArray(), 99));
	}

	/** The steps that ran (up to the saturated one, or all). */
	List<StepStats> steps() {
		List<StepStats> steps = new ArrayList<>();
		for (int step = 0; step < this.settings.maxSteps(); step++) {
			if (this.started.get(step) == 0) {
				break;
			}
			steps.add(stats(step));
			if (step == this.saturatedAt) {
				break;
			}
		}
		return steps;
	}

	static long percentile(long[] values, int percentile) {
		if (values.length == 0) {
			return -1;
		}
		long[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

}
