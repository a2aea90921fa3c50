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

	private final Map<String, ClientListener> clientListeners;

	private KafkaRaftServer server;

	private KafkaServer(Path logDirectory, int port, int controllerPort, Map<String, ClientListener> clientListeners) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
		this.clientListeners = clientListeners;
	}

	/**
	 * A listener of its own for one client, reached through something in between (a
	 * fault-injecting proxy): the broker listens on {@code port} and tells that client to
	 * come back at {@code advertisedPort}, so every connection of that client, not only
	 * the bootstrap one, passes through the proxy.
	 */
	public record ClientListener(int port, int advertisedPort) {
	}

	/**
	 * Formats the log directory if needed and starts the broker.
	 * @param logDirectory where the broker keeps its data; {@code null} for a temporary
	 * one
	 * @param port the client port, or 0 for any free port
	 * @param fresh whether to wipe an existing log directory first
	 */
	public static KafkaServer start(Path logDirectory, int port, boolean fresh) {
		return start(logDirectory, port, fresh, Map.of());
	}

	/**
	 * Like {@link #start(Path, int, boolean)}, with a listener per named client reached
	 * through a proxy listening on the given advertised port (see
	 * {@link ClientListener}).
	 * @param proxiedClients client name (letters, digits, underscores) to the port its
	 * proxy listens on
	 */
	public static KafkaServer start(Path logDirectory, int port, boolean fresh, Map<String, Integer> proxiedClients) {
		try {
			Path directory = (logDirectory != null) ? logDirectory : Files.createTempDirectory("concord-kafka");
			if (fresh) {
				Directories.deleteRecursively(directory);
			}
			Files.createDirectories(directory);
			Path portsFile = directory.resolve("concord-ports.properties");
			Properties remembered = rememberedPorts(portsFile, port, proxiedClients.keySet());
			Map<String, ClientListener> listeners = new java.util.TreeMap<>();
			proxiedClients.forEach((client, advertised) -> listeners.put(client, new ClientListener(
					Integer.parseInt(remembered.getProperty("listener." + client + ".port")), advertised)));
			KafkaServer kafka = new KafkaServer(directory, Integer.parseInt(remembered.getProperty("port")),
					Integer.parseInt(remembered.getProperty("controller.port")), Map.copyOf(listeners));
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

	/** The listener of a proxied client (see {@link #start(Path, int, boolean, Map)}). */
	public ClientListener clientListener(String client) {
		ClientListener listener = this.clientListeners.get(client);
		if (listener == null) {
			throw new IllegalArgumentException("No listener for client " + client);
		}
		return listener;
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
		StringBuilder listeners = new StringBuilder(
				"PLAINTEXT://localhost:" + this.port + ",CONTROLLER://localhost:" + this.controllerPort);
		StringBuilder advertised = new StringBuilder("PLAINTEXT://localhost:" + this.port);
		StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		this.clientListeners.forEach((client, listener) -> {
			String name = listenerName(client);
			listeners.append(',').append(name).append("://localhost:").append(listener.port());
			advertised.append(',').append(name).append("://localhost:").append(listener.advertisedPort());
			protocols.append(',').append(name).append(":PLAINTEXT");
		});
		config.put("listeners", listeners.toString());
		config.put("advertised.listeners", advertised.toString());
		config.put("listener.security.protocol.map", protocols.toString());
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
	private static String listenerName(String client) {
		if (!client.matches("[A-Za-z][A-Za-z0-9_]{0,40}")) {
			throw new IllegalArgumentException("Not a listener name: " + client);
		}
		return "CLIENT_" + client.toUpperCase(java.util.Locale.ROOT);
	}

	private static Properties rememberedPorts(Path file, int requestedPort, java.util.Set<String> clients)
			throws IOException {
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
		for (String client : clients) {
			String key = "listener." + client + ".port";
			properties.setProperty(key, properties.getProperty(key, String.valueOf(freePort())));
		}
		try (var out = Files.newOutputStream(file)) {
			properties.store(out, "Ports of the local Kafka broker");
		}
		return properties;
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
