package io.concord.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.concord.platform.infra.KafkaServer;
import io.concord.platform.infra.PostgresServer;

/**
 * Starts and stops the whole stack: one PostgreSQL with a database per service, one
 * Kafka, the four services, inventory-service's forecast job process and the gateway.
 * Used by the {@code concord} command and by the system tests, so what the tests exercise
 * is what a developer runs.
 */
public final class LocalStack implements AutoCloseable {

	/** The services in start order, with their local ports and database names. */
	static final Map<String, Integer> SERVICE_PORTS = new LinkedHashMap<>();

	static {
		SERVICE_PORTS.put("member-service", 8081);
		SERVICE_PORTS.put("inventory-service", 8082);
		SERVICE_PORTS.put("promotion-service", 8083);
		SERVICE_PORTS.put("fulfillment-service", 8084);
	}

	/**
	 * inventory-service's forecast job process: the same jar, another main class,
	 * watching for requested and nightly forecast runs (training never runs in the
	 * service's JVM).
	 */
	static final String FORECAST_JOB = "inventory-forecast-job";

	static final String FORECAST_JOB_MAIN = "io.concord.inventory.demand.ForecastJob";

	/** What the job logs once it watches. */
	static final String FORECAST_JOB_READY = "Forecast job watching";

	/** The ops console (behind the gateway at {@code /ops/}). */
	static final int CONSOLE_PORT = 8085;

	/** The development staff OIDC issuer (local stack only). */
	static final int STAFF_ISSUER_PORT = 9000;

	/**
	 * Marks every application as the local stack: they run on development secrets and dev
	 * tools, which they refuse anywhere else.
	 */
	static final String LOCAL_ENVIRONMENT = "CONCORD_ENVIRONMENT";

	/**
	 * The names of the secrets a connector to the local stack's simulated marketplace
	 * uses ({@code apiSecretRef}, {@code webhookSecretRef}), and their values: the shop
	 * is opened with the same key and webhook secret.
	 */
	public static final String MARKETPLACE_API_SECRET_REF = "local-marketplace-api";

	public static final String MARKETPLACE_API_KEY = "local-marketplace-api-key-0001";

	public static final String MARKETPLACE_WEBHOOK_SECRET_REF = "local-marketplace-webhook";

	public static final String MARKETPLACE_WEBHOOK_SECRET = "local-marketplace-webhook-secret-0001";

	/**
	 * The gateway's management port (actuator: Prometheus, metrics), before the offset.
	 */
	static final int GATEWAY_MANAGEMENT_PORT = 8180;

	/**
	 * @param dataDirectory where PostgreSQL, Kafka and the logs live
	 * @param servicesDirectory where the applications' executable jars are
	 * @param fresh wipe the data first
	 * @param gatewayPort the gateway's port
	 * @param portOffset added to every service port (lets tests run beside a developer's
	 * stack)
	 * @param postgresPort PostgreSQL's port (0: any free one)
	 * @param kafkaPort Kafka's port (0: any free one)
	 * @param jvmOptions options for every application's JVM
	 * @param links how each service reaches PostgreSQL, Kafka and its partner services
	 * (direct, or through something in between that injects faults)
	 * @param console whether the ops console runs too (the fault and load stacks leave it
	 * off)
	 * @param forecastJob whether inventory-service's forecast job process runs too (the
	 * fault and load stacks leave it off: its training would skew their measurements)
	 */
	public record Settings(Path dataDirectory, Path servicesDirectory, boolean fresh, int gatewayPort, int portOffset,
			int postgresPort, int kafkaPort, List<String> jvmOptions, Links links, boolean console,
			boolean forecastJob) {

		/**
		 * Small heaps and the quick-starting JIT tier: a laptop runs six JVMs at once.
		 */
		static final List<String> FAST_START = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Dspring.output.ansi.enabled=never");

		/** Full JIT, as in production: for measurements. */
		public static final List<String> FULL_SPEED = List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC",
				"-Dspring.output.ansi.enabled=never");

		public static Settings defaults(Path dataDirectory, Path servicesDirectory) {
			return new Settings(dataDirectory, servicesDirectory, false, 8080, 0, 15432, 19092, FAST_START,
					Links.DIRECT, true, true);
		}

		public Settings fresh(boolean value) {
			return new Settings(this.dataDirectory, this.servicesDirectory, value, this.gatewayPort, this.portOffset,
					this.postgresPort, this.kafkaPort, this.jvmOptions, this.links, this.console, this.forecastJob);
		}

		public Settings ports(int gateway, int offset, int postgres, int kafka) {
			return new Settings(this.dataDirectory, this.servicesDirectory, this.fresh, gateway, offset, postgres,
					kafka, this.jvmOptions, this.links, this.console, this.forecastJob);
		}

		public Settings jvm(List<String> options) {
			return new Settings(this.dataDirectory, this.servicesDirectory, this.fresh, this.gatewayPort,
					this.portOffset, this.postgresPort, this.kafkaPort, List.copyOf(options), this.links, this.console,
					this.forecastJob);
		}

		public Settings links(Links value) {
			return new Settings(this.dataDirectory, this.servicesDirectory, this.fresh, this.gatewayPort,
					this.portOffset, this.postgresPort, this.kafkaPort, this.jvmOptions, value, this.console,
					this.forecastJob);
		}

		public Settings console(boolean value) {
			return new Settings(this.dataDirectory, this.servicesDirectory, this.fresh, this.gatewayPort,
					this.portOffset, this.postgresPort, this.kafkaPort, this.jvmOptions, this.links, value,
					this.forecastJob);
		}

		public Settings forecastJob(boolean value) {
			return new Settings(this.dataDirectory, this.servicesDirectory, this.fresh, this.gatewayPort,
					this.portOffset, this.postgresPort, this.kafkaPort, this.jvmOptions, this.links, this.console,
					value);
		}

	}

	private final Settings settings;

	private PostgresServer postgres;

	private KafkaServer kafka;

	private final List<ServiceProcess> processes = new ArrayList<>();

	/** How each service was launched, so it can be started again after a kill. */
	private final Map<String, Launch> launches = new HashMap<>();

	private record Launch(int port, Map<String, String> environment) {
	}

	/**
	 * How the services reach their dependencies. The fault tests put proxies in between;
	 * everyone else connects directly.
	 */
	public interface Links {

		Links DIRECT = new Links() {
		};

		/**
		 * Kafka clients that get a listener of their own, with the port of the proxy in
		 * front of it (see {@link KafkaServer.ClientListener}); asked before Kafka
		 * starts.
		 */
		default Map<String, Integer> kafkaClients() {
			return Map.of();
		}

		/** Called once Kafka runs, to connect the proxies in front of its listeners. */
		default void kafkaStarted(KafkaServer kafka) {
		}

		default String database(String service, String jdbcUrl) {
			return jdbcUrl;
		}

		default String kafka(String service, String bootstrapServers) {
			return bootstrapServers;
		}

		default String partner(String service, String partner, String url) {
			return url;
		}

	}

	private LocalStack(Settings settings) {
		this.settings = settings;
	}

	public static LocalStack start(Settings settings, Output out) {
		LocalStack stack = new LocalStack(settings);
		try {
			stack.startAll(out);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void startAll(Output out) {
		requireFreePorts();
		Path data = this.settings.dataDirectory();
		try {
			Files.createDirectories(data.resolve("logs"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		out.step("PostgreSQL", "starting (data in " + data.resolve("postgres") + ")");
		this.postgres = PostgresServer.start(data.resolve("postgres"), this.settings.postgresPort(),
				this.settings.fresh());
		SERVICE_PORTS.keySet().forEach((service) -> this.postgres.ensureDatabase(database(service)));
		out.step("PostgreSQL", "ready on port " + this.postgres.port());
		out.step("Kafka", "starting (KRaft, data in " + data.resolve("kafka") + ")");
		Links links = this.settings.links();
		this.kafka = KafkaServer.start(data.resolve("kafka"), this.settings.kafkaPort(), this.settings.fresh(),
				links.kafkaClients());
		links.kafkaStarted(this.kafka);
		out.step("Kafka", "ready on " + this.kafka.bootstrapServers());

		List<String> jvm = this.settings.jvmOptions();
		this.processes.add(launch("dev-staff-issuer", STAFF_ISSUER_PORT + this.settings.portOffset(),
				Map.of(LOCAL_ENVIRONMENT, "local", "CONCORD_DEV_STAFF_ISSUER_CONSOLE_REDIRECT_URIS",
						consoleUrl() + "login/oauth2/code/staff", "CONCORD_DEV_STAFF_ISSUER_CONSOLE_SIGNED_OUT_URIS",
						consoleUrl() + "signed-out"),
				jvm));
		SERVICE_PORTS.forEach((service, port) -> {
			Map<String, String> environment = new HashMap<>(trustedIssuers());
			environment.put(LOCAL_ENVIRONMENT, "local");
			environment.put("SPRING_DATASOURCE_URL", links.database(service, this.postgres.jdbcUrl(database(service))));
			environment.put("SPRING_DATASOURCE_USERNAME", this.postgres.username());
			environment.put("SPRING_DATASOURCE_PASSWORD", this.postgres.password());
			environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", links.kafka(service, this.kafka.bootstrapServers()));
			// The local stack's stand-in for SMS and mail: one-time codes are readable at
			// /dev/one-time-codes.
			environment.put("CONCORD_MEMBER_DEV_TOOLS_ENABLED", "true");
			// The local stack takes load-test (shadow) traffic; production leaves it off.
			environment.put("CONCORD_LOAD_TESTING_ENABLED", "true");
			if (service.equals("fulfillment-service")) {
				// The order flow calls inventory and promotion with its own identity, and
				// the
				// simulated payment provider calls back through the gateway.
				environment.put("CONCORD_FULFILLMENT_PARTNERS_INVENTORY_URL",
						links.partner(service, "inventory-service", serviceUrl("inventory-service")));
				environment.put("CONCORD_FULFILLMENT_PARTNERS_PROMOTION_URL",
						links.partner(service, "promotion-service", serviceUrl("promotion-service")));
				environment.put("CONCORD_FULFILLMENT_PARTNERS_MEMBER_URL",
						links.partner(service, "member-service", serviceUrl("member-service")));
				environment.put("CONCORD_FULFILLMENT_TOKEN_URI", staffIssuerUrl() + "/oauth2/token");
				environment.put("CONCORD_FULFILLMENT_DEV_TOOLS_ENABLED", "true");
				environment.put("CONCORD_FULFILLMENT_DEV_TOOLS_PAYMENT_CALLBACK_URL",
						gatewayUrl() + "/webhooks/payments/simulated");
				environment.put("CONCORD_FULFILLMENT_DEV_TOOLS_CARRIER_CALLBACK_BASE",
						gatewayUrl() + "/webhooks/carriers");
				// The secrets a connector to the simulated marketplace refers to (by
				// name;
				// production mounts its connectors' secrets from a Kubernetes Secret).
				environment.put("SPRING_APPLICATION_JSON", """
						{"concord": {"fulfillment": {"connectors": {"secrets": {
						  "%s": "%s", "%s": "%s"}}}}}""".formatted(MARKETPLACE_API_SECRET_REF, MARKETPLACE_API_KEY,
						MARKETPLACE_WEBHOOK_SECRET_REF, MARKETPLACE_WEBHOOK_SECRET));
			}
			this.processes.add(launch(service, port + this.settings.portOffset(), environment, jvm));
			if (service.equals("inventory-service") && this.settings.forecastJob()) {
				// Same settings, minus the port: it serves nothing. A modest heap; the
				// model's native memory is off-heap.
				Map<String, String> job = new HashMap<>(environment);
				job.put("CONCORD_INVENTORY_FORECASTING_JOB_POLL", "2s");
				this.processes.add(launchForecastJob(job));
			}
		});
		Map<String, String> gateway = new HashMap<>(trustedIssuers());
		gateway.put(LOCAL_ENVIRONMENT, "local");
		gateway.put("CONCORD_LOAD_TESTING_ENABLED", "true");
		gateway.put("CONCORD_SERVICES_MEMBER", serviceUrl("member-service"));
		gateway.put("CONCORD_SERVICES_INVENTORY", serviceUrl("inventory-service"));
		gateway.put("CONCORD_SERVICES_PROMOTION", serviceUrl("promotion-service"));
		gateway.put("CONCORD_SERVICES_FULFILLMENT", serviceUrl("fulfillment-service"));
		// Every local client (browser, demo, benchmark, system tests) shares 127.0.0.1:
		// per-client and per-address limits would throttle them together, so the local
		// stack raises them.
		gateway.put("SPRING_APPLICATION_JSON",
				"""
						{"concord": {"gateway": {"rate-limits": {
						  "browse": {"capacity": 100000, "per-second": 100000}, "checkout": {"capacity": 100000, "per-second": 100000},
						  "auth": {"capacity": 100000, "per-second": 100000}, "admin": {"capacity": 100000, "per-second": 100000},
						  "webhook": {"capacity": 100000, "per-second": 100000}},
						  "address-limits": {"requests": {"capacity": 1000000, "per-second": 1000000},
						  "refused": {"capacity": 100000, "per-second": 100000}}}}}""");
		// The gateway's actuator has a port of its own (offset like the others); its
		// readiness is /readyz on the API port.
		gateway.put("MANAGEMENT_SERVER_PORT", String.valueOf(GATEWAY_MANAGEMENT_PORT + this.settings.portOffset()));
		gateway.put("CONCORD_SERVICES_CONSOLE", "http://localhost:" + (CONSOLE_PORT + this.settings.portOffset()));
		this.processes.add(launch("gateway", this.settings.gatewayPort(), "/readyz", gateway, jvm));
		// The ops console: behind the gateway at /ops/, signing staff in at the issuer.
		if (this.settings.console()) {
			this.processes.add(launch("ops-console", CONSOLE_PORT + this.settings.portOffset(),
					"/ops/actuator/health/readiness", Map.of(LOCAL_ENVIRONMENT, "local", "CONCORD_CONSOLE_GATEWAY_URL",
							gatewayUrl(), "CONCORD_CONSOLE_STAFF_ISSUER", staffIssuerUrl()),
					jvm));
		}
		out.step("Applications", "starting " + this.processes.stream().map(ServiceProcess::name).toList() + " (logs in "
				+ data.resolve("logs") + ")");
		CompletableFuture.allOf(this.processes.stream().map((process) -> CompletableFuture.runAsync(() -> {
			process.awaitReady(Duration.ofMinutes(4));
			out.step(process.name(), process.describe());
		})).toArray(CompletableFuture[]::new)).join();
	}

	// A port still held (e.g. by an application left over from a run that was killed)
	// would
	// only show as a start failure minutes later: say so at once.
	private void requireFreePorts() {
		List<Integer> ports = new ArrayList<>();
		ports.add(this.settings.gatewayPort());
		ports.add(STAFF_ISSUER_PORT + this.settings.portOffset());
		SERVICE_PORTS.values().forEach((port) -> ports.add(port + this.settings.portOffset()));
		if (this.settings.console()) {
			ports.add(CONSOLE_PORT + this.settings.portOffset());
		}
		for (int port : ports) {
			try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new java.net.InetSocketAddress(port));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Port " + port + " is in use (another Concord stack, or an application "
						+ "left over from a killed run: `ss -ltnp | grep " + port + "` names it)");
			}
		}
	}

	private ServiceProcess launchForecastJob(Map<String, String> environment) {
		Path jar = this.settings.servicesDirectory().resolve("inventory-service.jar");
		this.launches.put(FORECAST_JOB, new Launch(-1, Map.copyOf(environment)));
		List<String> jvm = new ArrayList<>(this.settings.jvmOptions());
		jvm.add("-Xmx512m");
		try {
			return ServiceProcess.startJob(FORECAST_JOB, jar, FORECAST_JOB_MAIN, List.of(), FORECAST_JOB_READY,
					environment, this.settings.dataDirectory().resolve("logs"), jvm);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + FORECAST_JOB, ex);
		}
	}

	private ServiceProcess launch(String name, int port, Map<String, String> environment, List<String> jvm) {
		return launch(name, port, "/actuator/health/readiness", environment, jvm);
	}

	private ServiceProcess launch(String name, int port, String readinessPath, Map<String, String> environment,
			List<String> jvm) {
		Path jar = this.settings.servicesDirectory().resolve(name + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(
					"No executable jar for " + name + " at " + jar + " (build first: ./mvnw -DskipTests install)");
		}
		this.launches.put(name, new Launch(port, Map.copyOf(environment)));
		try {
			return ServiceProcess.start(name, jar, port, readinessPath, environment,
					this.settings.dataDirectory().resolve("logs"), jvm);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	// Every service and the gateway trust member-service's keys and the development staff
	// issuer, wherever the port offset put them.
	private Map<String, String> trustedIssuers() {
		return Map.of("CONCORD_SECURITY_MEMBER_JWK_SET_URI", serviceUrl("member-service") + "/api/auth/jwks",
				"CONCORD_SECURITY_STAFF_ISSUER", staffIssuerUrl(), "CONCORD_SECURITY_STAFF_JWK_SET_URI",
				staffIssuerUrl() + "/oauth2/jwks");
	}

	/** Where staff get tokens in the local stack ({@code POST /oauth2/token}). */
	public String staffIssuerUrl() {
		return "http://localhost:" + (STAFF_ISSUER_PORT + this.settings.portOffset());
	}

	/** A fresh staff token for the role, from the development issuer. */
	public String staffToken(String role) {
		return new Storefront(staffIssuerUrl()).staffToken(role);
	}

	/**
	 * A token of a newly registered member, signed in on the app (dev tools of the local
	 * stack).
	 */
	public String newMemberToken() {
		return newMemberToken("APP");
	}

	/**
	 * A token of a newly registered member, signed in on {@code channel} (the channel
	 * their orders sell on).
	 */
	public String newMemberToken(String channel) {
		return new DevMembers(new Storefront(gatewayUrl()), new Storefront(serviceUrl("member-service")),
				new Storefront(staffIssuerUrl()))
			.newMemberToken(channel);
	}

	public String gatewayUrl() {
		return "http://localhost:" + this.settings.gatewayPort();
	}

	/** The ops console, through the gateway (with the trailing slash). */
	public String consoleUrl() {
		return gatewayUrl() + "/ops/";
	}

	/** The gateway's actuator (not reachable through its API port). */
	public String gatewayManagementUrl() {
		return "http://localhost:" + (GATEWAY_MANAGEMENT_PORT + this.settings.portOffset());
	}

	public String serviceUrl(String service) {
		return "http://localhost:" + (SERVICE_PORTS.get(service) + this.settings.portOffset());
	}

	public KafkaServer kafka() {
		return this.kafka;
	}

	/** The PostgreSQL server (the fault tests crash and restart it). */
	public PostgresServer postgres() {
		return this.postgres;
	}

	/**
	 * Kills an application at once (SIGKILL: no shutdown hooks, nothing flushed), as a
	 * crashed host or an OOM kill would.
	 */
	public synchronized void kill(String application) {
		process(application).kill();
	}

	/**
	 * Starts a killed (or stopped) application again with the same port, data and
	 * settings, and waits until it is ready.
	 */
	public void restart(String application, Duration readyWithin) {
		ServiceProcess started;
		synchronized (this) {
			ServiceProcess old = process(application);
			if (old.isAlive()) {
				throw new IllegalStateException(application + " is still running");
			}
			Launch launch = this.launches.get(application);
			this.processes.remove(old);
			started = application.equals(FORECAST_JOB) ? launchForecastJob(launch.environment())
					: launch(application, launch.port(), launch.environment(), this.settings.jvmOptions());
			this.processes.add(started);
		}
		started.awaitReady(readyWithin);
	}

	private ServiceProcess process(String application) {
		return this.processes.stream()
			.filter((process) -> process.name().equals(application))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No application " + application));
	}

	public String jdbcUrl(String service) {
		return this.postgres.jdbcUrl(database(service));
	}

	public String databaseUser() {
		return this.postgres.username();
	}

	public String databasePassword() {
		return this.postgres.password();
	}

	public Path dataDirectory() {
		return this.settings.dataDirectory();
	}

	static String database(String service) {
		return service.replace('-', '_');
	}

	/** Stops the applications (gracefully, in parallel), then Kafka, then PostgreSQL. */
	@Override
	public synchronized void close() {
		CompletableFuture
			.allOf(this.processes.stream()
				.map((process) -> CompletableFuture.runAsync(process::stop))
				.toArray(CompletableFuture[]::new))
			.join();
		this.processes.clear();
		if (this.kafka != null) {
			this.kafka.close();
			this.kafka = null;
		}
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
		}
	}

	/** Where the stack reports progress. */
	public interface Output {

		void step(String what, String result);

		static Output silent() {
			return (what, result) -> {
			};
		}

	}

}
