package io.concord.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One application of the stack, run as its own JVM from its executable jar. */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final String readinessPath;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, int port, String readinessPath, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.readinessPath = readinessPath;
		this.process = process;
		this.log = log;
	}

	static ServiceProcess start(String name, Path jar, int port, String readinessPath, Map<String, String> environment,
			Path logDirectory, List<String> jvmOptions) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		Path log = logDirectory.resolve(name + ".log");
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		return new ServiceProcess(name, port, readinessPath, builder.start(), log);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	Path log() {
		return this.log;
	}

	/** Waits until the application reports ready, failing fast if it died. */
	void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				HttpResponse<String> readiness = HTTP
					.send(HttpRequest.newBuilder(URI.create(url() + this.readinessPath))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (readiness.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			pause();
		}
		throw new IllegalStateException(this.name + " was not ready within " + timeout + "; see " + this.log);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL, and waits until the process is gone. */
	void kill() {
		try {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Asks for a graceful shutdown (SIGTERM), then insists. */
	void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(500); // polling a child process's readiness: there is nothing to
								// await on
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
