package io.concord.platform.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run
 * in-process from the Kafka server jars. Unlike a throw-away test broker it keeps its log
 * directory and port, so it can be stopped and started again: the local stack keeps its
 * data across restarts, and tests can take Kafka away and bring it back.
 */
public final class KafkaServer implements AutoCloseable {

	private final Path logDirectory;

	private final int port;

	private final int controllerPort;

	private KafkaRaftServer server;

	private KafkaServer(Path logDirectory, int port, int controllerPort) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
	}

	/**
	 * Formats the log directory if needed and starts the broker.
	 * @param logDirectory where the broker keeps its data; {@code null} for a temporary
	 * one
	 * @param port the client port, or 0 for any free port
	 * @param fresh whether to wipe an existing log directory first
	 */
	public static KafkaServer start(Path logDirectory, int port, boolean fresh) {
		try {
			Path directory = (logDirectory != null) ? logDirectory : Files.createTempDirectory("concord-kafka");
			if (fresh) {
				Directories.deleteRecursively(directory);
			}
			Files.createDirectories(directory);
			Path portsFile = directory.resolve("concord-ports.properties");
			int[] ports = rememberedPorts(portsFile, port);
			KafkaServer kafka = new KafkaServer(directory, ports[0], ports[1]);
			kafka.formatIfNeeded();
			kafka.start();
			return kafka;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public Path logDirectory() {
		return this.logDirectory;
	}

	/** Starts a stopped broker again on the same port with the same data. */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		KafkaRaftServer raft = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
		raft.startup();
		this.server = raft;
		awaitReady();
	}

	/** Stops the broker; its data and port are kept for {@link #start()}. */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		this.server.shutdown();
		this.server.awaitShutdown();
		this.server = null;
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	@Override
	public void close() {
		stop();
	}

	private Map<String, Object> config() {
		Map<String, Object> config = new HashMap<>();
		config.put("process.roles", "broker,controller");
		config.put("node.id", "1");
		config.put("controller.quorum.voters", "1@localhost:" + this.controllerPort);
		config.put("listeners",
				"PLAINTEXT://localhost:" + this.port + ",CONTROLLER://localhost:" + this.controllerPort);
		config.put("advertised.listeners", "PLAINTEXT://localhost:" + this.port);
		config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		config.put("controller.listener.names", "CONTROLLER");
		config.put("inter.broker.listener.name", "PLAINTEXT");
		config.put("log.dirs", this.logDirectory.toString());
		config.put("num.partitions", "3");
		config.put("auto.create.topics.enable", "true");
		config.put("offsets.topic.replication.factor", "1");
		config.put("offsets.topic.num.partitions", "5");
		config.put("transaction.state.log.replication.factor", "1");
		config.put("transaction.state.log.min.isr", "1");
		config.put("share.coordinator.state.topic.replication.factor", "1");
		config.put("share.coordinator.state.topic.min.isr", "1");
		config.put("group.initial.rebalance.delay.ms", "0");
		config.put("log.flush.interval.messages", "1");
		// A small machine: keep the broker's own thread pools and segment files modest.
		config.put("num.network.threads", "2");
		config.put("num.io.threads", "4");
		config.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
		config.put("controlled.shutdown.enable", "false");
		return config;
	}

	private void formatIfNeeded() throws IOException {
		if (Files.exists(this.logDirectory.resolve("meta.properties"))) {
			return;
		}
		Formatter formatter = new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setClusterId(Uuid.randomUuid().toString())
			.setNodeId(1)
			.setControllerListenerName("CONTROLLER")
			.setMetadataLogDirectory(this.logDirectory.toString())
			.setDirectories(java.util.List.of(this.logDirectory.toString()))
			.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
			.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
		try {
			formatter.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not format Kafka log directory " + this.logDirectory, ex);
		}
	}

	private void awaitReady() {
		Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				60000);
		try (Admin client = Admin.create(admin)) {
			client.describeCluster().nodes().get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers(), ex);
		}
	}

	// The ports are part of the broker's identity (the metadata log records its
	// listeners),
	// so a restarted broker must come back on the same ones.
	private static int[] rememberedPorts(Path file, int requestedPort) throws IOException {
		Properties properties = new Properties();
		if (Files.exists(file)) {
			try (var in = Files.newInputStream(file)) {
				properties.load(in);
			}
		}
		int port = requestedPort > 0 ? requestedPort
				: Integer.parseInt(properties.getProperty("port", String.valueOf(freePort())));
		int controllerPort = Integer.parseInt(properties.getProperty("controller.port", String.valueOf(freePort())));
		properties.setProperty("port", String.valueOf(port));
		properties.setProperty("controller.port", String.valueOf(controllerPort));
		try (var out = Files.newOutputStream(file)) {
			properties.store(out, "Ports of the local Kafka broker");
		}
		return new int[] { port, controllerPort };
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public String toString() {
		return "Kafka(" + bootstrapServers() + ", " + this.logDirectory + ")";
	}

}
