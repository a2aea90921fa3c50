package io.concord.deployment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the applications: images, every production setting, start
 * order on health, one database per service as the services name them, the topics they
 * use, Prometheus scraping each of them and Grafana given the dashboard.
 */
class ComposeTests {

	private final Map<String, Object> compose = Manifests.compose();

	private final Map<String, Object> services = Yaml.map(this.compose, "services");

	@Test
	void everyComposeAndSupportFileParses() throws Exception {
		assertThat(this.services).containsKeys("postgres", "kafka", "kafka-init", "dev-staff-issuer", "prometheus",
				"grafana");
		try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files
			.walk(Manifests.ROOT.resolve("deploy"))) {
			for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
				String name = file.getFileName().toString();
				if (name.endsWith(".yml") || name.endsWith(".yaml")) {
					assertThat(Yaml.all(file)).as(file.toString()).isNotEmpty();
				}
				else if (name.endsWith(".json")) {
					assertThat(tools.jackson.databind.json.JsonMapper.builder()
						.build()
						.readTree(java.nio.file.Files.readString(file))
						.isObject()).as(file.toString()).isTrue();
				}
			}
		}
	}

	@Test
	void theApplicationsRunTheirImagesWithEverySettingProductionNeeds() {
		for (Applications application : Applications.all()) {
			Map<String, Object> service = Yaml.map(this.services, application.name());
			assertThat(service.get("image"))
				.isEqualTo(Applications.imageRepository(application.name()) + ":" + Manifests.VERSION);
			Map<String, Object> environment = Yaml.map(service, "environment");
			for (Applications.Requirement requirement : application.requirements()) {
				assertThat(requirement.variables())
					.as("compose (%s): %s must be set", application.name(), requirement.property())
					.anyMatch((variable) -> environment.containsKey(variable)
							&& !String.valueOf(environment.get(variable)).contains("localhost"));
			}
		}
		assertThat(Yaml.map(this.services, "dev-staff-issuer").get("image"))
			.isEqualTo(Applications.imageRepository("dev-staff-issuer") + ":" + Manifests.VERSION);
	}

	@Test
	@DisplayName("M3: every application requires the staff audience, the one the development issuer writes")
	void m3_everyApplicationRequiresTheStaffAudienceItsIssuerWrites() {
		Object written = Yaml.map(Yaml.map(this.services, "dev-staff-issuer"), "environment")
			.get("CONCORD_DEV_STAFF_ISSUER_AUDIENCE");
		assertThat(written).as("the development issuer's aud").isNotNull();
		for (Applications application : Applications.all()) {
			assertThat(Yaml.map(Yaml.map(this.services, application.name()), "environment")).as(application.name())
				.containsEntry("CONCORD_SECURITY_STAFF_AUDIENCE", written);
		}
	}

	@Test
	@DisplayName("M12: compose runs as production and commits no secret: .env.example holds none, generate-env.sh makes them")
	void m12_composeRunsAsProductionAndCommitsNoSecret() throws Exception {
		for (Map.Entry<String, Object> service : this.services.entrySet()) {
			Map<String, Object> environment = Yaml.map(Yaml.cast(service.getValue()), "environment");
			assertThat(String.valueOf(environment.get(Applications.ENVIRONMENT))).as(service.getKey())
				.doesNotContainIgnoringCase("local");
			assertThat(String.valueOf(environment)).as(service.getKey())
				.doesNotContain(Applications.DEVELOPMENT_MARKER);
		}
		java.nio.file.Path example = Manifests.ROOT.resolve(".env.example");
		Map<String, String> settings = envFile(Kustomize.read(example));
		assertThat(Kustomize.read(example)).doesNotContain(Applications.DEVELOPMENT_MARKER);
		// Every secret compose requires is in .env.example, empty: compose refuses to
		// start on it.
		Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?")
			.matcher(Kustomize.read(Manifests.ROOT.resolve("docker-compose.yml")));
		Set<String> secrets = new LinkedHashSet<>();
		while (required.find()) {
			if (required.group(1).matches(".*(PASSWORD|SECRET|_KEY)")) {
				secrets.add(required.group(1));
			}
		}
		assertThat(secrets).contains("MEMBER_PRIVACY_ENCRYPTION_KEY", "MEMBER_PRIVACY_SIGNING_KEY_ENCRYPTION_KEY",
				"FULFILLMENT_SECRETS_ENCRYPTION_KEY", "MEMBER_DB_PASSWORD");
		for (String secret : secrets) {
			assertThat(settings).as(".env.example: " + secret).containsEntry(secret, "");
		}
		settings.forEach((name, value) -> {
			if (name.matches(".*(PASSWORD|SECRET|_KEY)")) {
				assertThat(value).as(".env.example: " + name + " is a placeholder").isEmpty();
			}
		});

		java.nio.file.Path script = Manifests.ROOT.resolve("scripts/generate-env.sh");
		assertThat(java.nio.file.Files.isExecutable(script)).as("scripts/generate-env.sh").isTrue();
		Assumptions.assumeTrue(onPath("openssl") && onPath("bash"), "generate-env.sh needs bash and openssl");
		java.nio.file.Path generated = java.nio.file.Files.createTempDirectory("concord-env").resolve(".env");
		Process run = new ProcessBuilder("bash", script.toString(), generated.toString()).redirectErrorStream(true)
			.start();
		assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as(new String(run.getInputStream().readAllBytes())).isZero();
		Map<String, String> env = envFile(java.nio.file.Files.readString(generated));
		Set<String> values = new LinkedHashSet<>();
		for (String secret : secrets) {
			assertThat(env.get(secret)).as(secret).isNotBlank().doesNotContain(Applications.DEVELOPMENT_MARKER);
			assertThat(values.add(env.get(secret))).as(secret + " is its own").isTrue();
			if (secret.endsWith("_KEY")) {
				String key = env.get(secret);
				if (secret.equals("FULFILLMENT_SECRETS_ENCRYPTION_KEY")) {
					// fulfillment seals with a key id in front: <key id>:<base64>
					assertThat(key).as(secret).matches("[a-z0-9-]+:.+");
					key = key.substring(key.indexOf(':') + 1);
				}
				assertThat(java.util.Base64.getDecoder().decode(key)).as(secret).hasSize(32);
			}
		}
		assertThat(env).containsEntry("CONCORD_DEV_TOOLS_ENABLED", "false");
		assertThat(java.nio.file.Files.getPosixFilePermissions(generated)).containsExactlyInAnyOrder(
				java.nio.file.attribute.PosixFilePermission.OWNER_READ,
				java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		assertThat(new ProcessBuilder("bash", script.toString(), generated.toString()).start().waitFor())
			.as("an existing .env is never overwritten")
			.isNotZero();
	}

	private static Map<String, String> envFile(String text) {
		Map<String, String> settings = new java.util.LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		return settings;
	}

	private static boolean onPath(String command) {
		return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
			.anyMatch((directory) -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(directory, command)));
	}

	@Test
	void servicesStartAfterTheirDatabaseAndTopicsAreReady() {
		for (String infrastructure : List.of("postgres", "kafka")) {
			assertThat(Yaml.map(this.services, infrastructure)).as(infrastructure).containsKey("healthcheck");
		}
		for (Applications application : Applications.all()) {
			if (application.name().equals("gateway")) {
				continue;
			}
			Map<String, Object> dependsOn = Yaml.map(Yaml.map(this.services, application.name()), "depends_on");
			assertThat(Yaml.at(dependsOn, "postgres.condition")).as(application.name()).isEqualTo("service_healthy");
			assertThat(Yaml.at(dependsOn, "kafka-init.condition")).as(application.name())
				.isEqualTo("service_completed_successfully");
		}
	}

	@Test
	void eachServiceHasTheDatabaseItsSettingsName() {
		String init = Kustomize.read(Manifests.ROOT.resolve("deploy/compose/postgres/init.sh"));
		int pools = 0;
		for (Applications application : Applications.all()) {
			Map<String, Object> environment = Yaml.map(Yaml.map(this.services, application.name()), "environment");
			Object url = environment.get("SPRING_DATASOURCE_URL");
			if (url == null) {
				continue;
			}
			Matcher jdbc = Pattern.compile("jdbc:postgresql://postgres:5432/([a-z_]+)").matcher((String) url);
			assertThat(jdbc.matches()).as(url.toString()).isTrue();
			assertThat(init).contains("concord_create_database " + jdbc.group(1) + " "
					+ environment.get("SPRING_DATASOURCE_USERNAME") + " ");
			pools += Integer.parseInt(String.valueOf(environment.getOrDefault("DB_POOL_SIZE", "20")));
		}
		String command = String.valueOf(Yaml.map(this.services, "postgres").get("command"));
		Matcher maxConnections = Pattern.compile("max_connections=(\\d+)").matcher(command);
		assertThat(maxConnections.find()).isTrue();
		assertThat(pools).as("every pool fits PostgreSQL's connections")
			.isLessThan(Integer.parseInt(maxConnections.group(1)));
	}

	@Test
	void kafkaInitCreatesTheTopicsTheServicesUse() {
		Set<String> expected = new LinkedHashSet<>();
		for (Applications application : Applications.all()) {
			expected.addAll(application.publishes());
			expected.addAll(application.subscribes());
			expected.addAll(application.deadLetterTopics());
		}
		Set<String> created = new LinkedHashSet<>();
		Matcher topic = Pattern.compile("(?m)^topic (\\S+) (\\d+) ")
			.matcher(Kustomize.read(Manifests.ROOT.resolve("deploy/compose/kafka/create-topics.sh")));
		while (topic.find()) {
			created.add(topic.group(1));
		}
		assertThat(created).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(String.valueOf(Yaml.map(this.services, "kafka").get("environment")))
			.contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
	}

	@Test
	void prometheusScrapesEveryApplicationAndGrafanaHasTheDashboard() {
		Map<String, Object> prometheus = Yaml.one(Manifests.ROOT.resolve("deploy/compose/prometheus/prometheus.yml"));
		for (Applications application : Applications.all()) {
			assertThat(Yaml.list(prometheus, "scrape_configs")).as(application.name()).anySatisfy((c) -> {
				Map<String, Object> job = Yaml.cast(c);
				assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
				assertThat(String.valueOf(job.get("static_configs")))
					.contains(application.name() + ":" + application.managementPort());
			});
		}
		assertThat(String.valueOf(Yaml.map(this.services, "grafana").get("volumes")))
			.contains("./deploy/grafana/dashboards:");
	}

	@Test
	void theReadinessCheckAsksEveryApplicationAndOnlyApiPortsArePublished() {
		String readiness = String.valueOf(Yaml.at(Yaml.map(this.services, "readiness"), "healthcheck.test"));
		for (Applications application : Applications.all()) {
			assertThat(readiness).as(application.name())
				.contains("http://" + application.name() + ":" + application.port() + application.readinessPath());
			Object published = Yaml.map(this.services, application.name()).get("ports");
			if (application.hasManagementPort()) {
				assertThat(String.valueOf(published)).as("%s: its management port is not published", application.name())
					.doesNotContain(String.valueOf(application.managementPort()));
			}
		}
	}

	@Test
	void clientsReachTheComposeGatewayDirectlySoItTrustsNoForwardedAddress() {
		Map<String, Object> environment = Yaml.map(Yaml.map(this.services, "gateway"), "environment");
		assertThat(String.valueOf(environment.getOrDefault("CONCORD_GATEWAY_TRUSTED_PROXY_HOPS", "0"))).isEqualTo("0");
		assertThat(environment).doesNotContainKey("SERVER_FORWARD_HEADERS_STRATEGY");
	}

}
