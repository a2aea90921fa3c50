package io.concord.platform.web;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The load-test run the current work belongs to (shadow traffic, ADR-25), or none. A
 * request carries it in {@value #HEADER}; the service binds it for the request's thread
 * ({@link TestRunFilter}), every transaction begun meanwhile writes it into the
 * {@code test_run} column of the rows it creates, integration events carry it (and go to
 * the shadow topics), calls to other services forward it, and consumers bind it again
 * while they handle a tagged event. Work handed to another thread takes it along
 * explicitly ({@link #callWith}).
 */
public final class TestRun {

	/** The request header that tags shadow traffic with its run id. */
	public static final String HEADER = "X-Concord-Test-Run";

	/** What a run id may look like (it lands in headers, topics' records and columns). */
	public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,39}";

	/** {@link #PATTERN}, compiled. */
	public static final Pattern ID = Pattern.compile(PATTERN);

	/** The prefix of the topics tagged events go to instead of the real ones. */
	public static final String SHADOW_TOPIC_PREFIX = "shadow.";

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	private TestRun() {
	}

	/** The current run id, or null for real traffic. */
	public static @Nullable String current() {
		return CURRENT.get();
	}

	/** Whether the current work is shadow traffic. */
	public static boolean active() {
		return CURRENT.get() != null;
	}

	public static boolean isValid(@Nullable String runId) {
		return runId != null && ID.matcher(runId).matches();
	}

	/** The shadow topic of {@code topic}: where its tagged events go. */
	public static String shadowTopic(String topic) {
		return SHADOW_TOPIC_PREFIX + topic;
	}

	/**
	 * Runs {@code work} as part of run {@code runId} (null: as real traffic), restoring
	 * what was bound before.
	 */
	public static <T> T callWith(@Nullable String runId, Supplier<T> work) {
		if (runId != null && !isValid(runId)) {
			throw new IllegalArgumentException("Not a test run id: " + runId);
		}
		String previous = CURRENT.get();
		set(runId);
		try {
			return work.get();
		}
		finally {
			set(previous);
		}
	}

	public static void runWith(@Nullable String runId, Runnable work) {
		callWith(runId, () -> {
			work.run();
			return null;
		});
	}

	/** {@code work} bound to the current run, for another thread to call. */
	public static <T> Callable<T> carried(Callable<T> work) {
		String runId = current();
		return () -> {
			String previous = CURRENT.get();
			set(runId);
			try {
				return work.call();
			}
			finally {
				set(previous);
			}
		};
	}

	/** {@code work} bound to the current run, for another thread to run. */
	public static Runnable carried(Runnable work) {
		String runId = current();
		return () -> runWith(runId, work);
	}

	private static void set(@Nullable String runId) {
		if (runId == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(runId);
		}
	}

}
