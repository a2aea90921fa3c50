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

/**
 * One application of the stack, run as its own JVM from its executable jar; or a job
 * process of an application (another main class of the same jar, no HTTP port), ready
 * once its log says so.
 */
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

	/**
	 * Another main class of an application's executable jar (Spring Boot's
	 * PropertiesLauncher with {@code loader.main}), ready when its log shows
	 * {@code readyLine}.
	 */
	static ServiceProcess startJob(String name, Path jar, String mainClass, List<String> arguments, String readyLine,
			Map<String, String> environment, Path logDirectory, List<String> jvmOptions) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-Dloader.main=" + mainClass);
		command.add("-cp");
		command.add(jar.toString());
		command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		Path log = logDirectory.resolve(name + ".log");
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		long logged = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
		return new ServiceProcess(name, -1, LOG_LINE + logged + ":" + readyLine, builder.start(), log);
	}

	/** A job's readiness: a line in its log (after the offset it started at). */
	private static final String LOG_LINE = "log:";

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	/** Where it can be reached, or for a job what it does and where it logs. */
	String describe() {
		return isJob() ? "running (log " + this.log + ")" : "ready on " + url();
	}

	boolean isJob() {
		return this.readinessPath.startsWith(LOG_LINE);
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
			if (isJob()) {
				if (logShowsReady()) {
					return;
				}
				pause();
				continue;
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

	private boolean logShowsReady() {
		String ready = this.readinessPath.substring(LOG_LINE.length());
		long offset = Long.parseLong(ready.substring(0, ready.indexOf(':')));
		String line = ready.substring(ready.indexOf(':') + 1);
		try {
			byte[] bytes = java.nio.file.Files.readAllBytes(this.log);
			return offset <= bytes.length && new String(bytes, (int) offset, bytes.length - (int) offset,
					java.nio.charset.StandardCharsets.UTF_8)
				.contains(line);
		}
		catch (IOException ex) {
			return false;
		}
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
