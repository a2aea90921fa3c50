package io.concord.platform.web;

import java.time.Duration;

/**
 * How long the current request may still take. The gateway gives every request a budget
 * (its own timeout) in {@value #HEADER}; each service turns it into a deadline when the
 * request arrives, waits for nothing longer (queues, partner calls) and passes what is
 * left on to the services it calls. So nobody keeps working on a request whose caller has
 * already given up, and retries never pile up behind abandoned work. Relative budgets,
 * not clock times, travel between hosts, so clock skew does not matter.
 */
public final class RequestDeadline {

	/** The remaining budget of a request in milliseconds. */
	public static final String HEADER = "X-Request-Timeout-Ms";

	private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

	private RequestDeadline() {
	}

	/**
	 * What is left of the current request's budget, or {@code otherwise} outside a
	 * request with a budget (a scheduled job, a test).
	 */
	public static Duration remainingOr(Duration otherwise) {
		Long deadline = DEADLINE_NANOS.get();
		return (deadline != null) ? Duration.ofNanos(deadline - System.nanoTime()) : otherwise;
	}

	/** {@code wanted}, or less if the request's budget ends sooner (never below zero). */
	public static Duration atMost(Duration wanted) {
		Duration remaining = remainingOr(wanted);
		Duration capped = (remaining.compareTo(wanted) < 0) ? remaining : wanted;
		return capped.isNegative() ? Duration.ZERO : capped;
	}

	/** Whether the current request's budget has run out. */
	public static boolean expired() {
		Long deadline = DEADLINE_NANOS.get();
		return deadline != null && deadline - System.nanoTime() <= 0;
	}

	/** The deadline as a {@link System#nanoTime()} value, or null outside a budget. */
	public static Long nanos() {
		return DEADLINE_NANOS.get();
	}

	static void start(Duration budget) {
		DEADLINE_NANOS.set(System.nanoTime() + budget.toNanos());
	}

	static void end() {
		DEADLINE_NANOS.remove();
	}

}
