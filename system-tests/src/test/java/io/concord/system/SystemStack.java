package io.concord.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.concord.local.LocalStack;

/**
 * One local stack for every system test class in the JVM (starting it costs most of the
 * suite's time): the applications as their own processes, as {@code ./concord} runs them,
 * on ports offset from a developer's own stack. Stopped when the JVM exits.
 */
final class SystemStack {

	private static LocalStack stack;

	private static RuntimeException failedToStart;

	private SystemStack() {
	}

	static synchronized LocalStack get() {
		if (failedToStart != null) {
			throw failedToStart; // once is enough: every later class would wait minutes
									// too
		}
		if (stack == null) {
			Path data;
			try {
				data = Files.createTempDirectory("concord-system-tests");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			LocalStack.Settings settings = LocalStack.Settings
				.defaults(data, Path.of("target/services").toAbsolutePath())
				.fresh(true)
				.ports(28080, 20000, 0, 0);
			try {
				stack = LocalStack.start(settings, (what, result) -> System.out.println(what + ": " + result));
			}
			catch (RuntimeException ex) {
				failedToStart = ex;
				throw ex;
			}
			LocalStack started = stack;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				started.close();
				org.springframework.util.FileSystemUtils.deleteRecursively(data.toFile());
			}));
		}
		return stack;
	}

}
