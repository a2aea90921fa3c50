package io.concord.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.concord.local.LocalStack;

/**
 * The stack under load: one given by its URLs, or a local stack the run starts itself
 * (and stops at the end) on ports of its own, apart from a developer's stack, the system
 * tests' and the fault suite's.
 */
final class Target implements AutoCloseable {

	static final int OWN_GATEWAY_PORT = 29080;

	/**
	 * Services on 29081-29084, the staff issuer on 30000, the gateway's actuator 29180.
	 */
	static final int OWN_PORT_OFFSET = 21000;

	final String gateway;

	final String staffIssuer;

	final String memberService;

	final String fulfillmentService;

	/** Each application's Prometheus endpoint, by application. */
	final Map<String, String> prometheus;

	final int postgresPort;

	final int kafkaPort;

	private final LocalStack stack;

	private final Path data;

	private Target(String gateway, String staffIssuer, String memberService, String fulfillmentService,
			Map<String, String> prometheus, int postgresPort, int kafkaPort, LocalStack stack, Path data) {
		this.gateway = gateway;
		this.staffIssuer = staffIssuer;
		this.memberService = memberService;
		this.fulfillmentService = fulfillmentService;
		this.prometheus = prometheus;
		this.postgresPort = postgresPort;
		this.kafkaPort = kafkaPort;
		this.stack = stack;
		this.data = data;
	}

	/**
	 * The gateway's URL before anything starts (Gatling's protocol needs it up front).
	 */
	static String gatewayUrl(LoadSettings settings) {
		return settings.startsOwnStack() ? "http://localhost:" + OWN_GATEWAY_PORT : settings.baseUrl();
	}

	static Target of(LoadSettings settings) {
		return settings.startsOwnStack() ? start(settings) : given(settings);
	}

	private static Target given(LoadSettings settings) {
		Map<String, String> prometheus = new LinkedHashMap<>();
		prometheus.put("gateway", settings.gatewayManagementUrl() + "/actuator/prometheus");
		prometheus.put("member-service", settings.memberServiceUrl() + "/actuator/prometheus");
		prometheus.put("inventory-service", settings.inventoryServiceUrl() + "/actuator/prometheus");
		prometheus.put("promotion-service", settings.promotionServiceUrl() + "/actuator/prometheus");
		prometheus.put("fulfillment-service", settings.fulfillmentServiceUrl() + "/actuator/prometheus");
		return new Target(settings.baseUrl(), settings.staffIssuerUrl(), settings.memberServiceUrl(),
				settings.fulfillmentServiceUrl(), prometheus, settings.postgresPort(), settings.kafkaPort(), null,
				null);
	}

	private static Target start(LoadSettings settings) {
		Path data;
		try {
			data = Files.createTempDirectory("concord-load-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		LocalStack.Settings stackSettings = LocalStack.Settings.defaults(data, settings.servicesDirectory())
			.fresh(true)
			.ports(OWN_GATEWAY_PORT, OWN_PORT_OFFSET, 0, 0)
			// What is measured is the shop; the ops console stays off.
			.console(false)
			.forecastJob(false);
		if (settings.fullSpeed()) {
			stackSettings = stackSettings.jvm(LocalStack.Settings.FULL_SPEED);
		}
		LocalStack stack = LocalStack.start(stackSettings, (what, result) -> System.out.println(what + ": " + result));
		Map<String, String> prometheus = new LinkedHashMap<>();
		prometheus.put("gateway", stack.gatewayManagementUrl() + "/actuator/prometheus");
		for (String service : new String[] { "member-service", "inventory-service", "promotion-service",
				"fulfillment-service" }) {
			prometheus.put(service, stack.serviceUrl(service) + "/actuator/prometheus");
		}
		return new Target(stack.gatewayUrl(), stack.staffIssuerUrl(), stack.serviceUrl("member-service"),
				stack.serviceUrl("fulfillment-service"), prometheus, stack.postgres().port(), stack.kafka().port(),
				stack, data);
	}

	/** Whether Kafka runs in this JVM (beside the load generator). */
	boolean kafkaInThisJvm() {
		return this.stack != null;
	}

	@Override
	public void close() {
		if (this.stack != null) {
			this.stack.close();
			// The applications' logs outlive the run, for whoever reads a failure.
			Path logs = this.data.resolve("logs");
			Path kept = Path.of("target/stack-logs");
			try (Stream<Path> files = Files.walk(logs)) {
				Files.createDirectories(kept);
				for (Path log : files.filter(Files::isRegularFile).toList()) {
					Files.copy(log, kept.resolve(log.getFileName().toString()),
							java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				}
			}
			catch (IOException ex) {
				System.err.println("Could not keep the logs: " + ex);
			}
			try (Stream<Path> files = Files.walk(this.data)) {
				for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
			catch (IOException ex) {
				System.err.println("Could not delete " + this.data + ": " + ex);
			}
		}
	}

}
