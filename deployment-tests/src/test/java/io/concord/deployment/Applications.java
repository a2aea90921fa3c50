package io.concord.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the applications themselves say, read from their sources: name, port, topics, and
 * the settings that must come from the environment in production.
 */
record Applications(String name, Map<String, String> properties) {

	/** The four services and the gateway: what compose and Kubernetes run. */
	static final List<String> NAMES = List.of("gateway", "member-service", "inventory-service", "promotion-service",
			"fulfillment-service");

	/**
	 * Issuers every application trusts (platform-security TrustedIssuers): their defaults
	 * point at localhost, so production sets them, and the staff audience, without which
	 * an application refuses to start outside the local stack.
	 */
	static final List<String> TRUSTED_ISSUERS = List.of("CONCORD_SECURITY_MEMBER_JWK_SET_URI",
			"CONCORD_SECURITY_STAFF_ISSUER", "CONCORD_SECURITY_STAFF_JWK_SET_URI", "CONCORD_SECURITY_STAFF_AUDIENCE");

	/** Marks the local stack, where development secrets and dev tools are allowed. */
	static final String ENVIRONMENT = "CONCORD_ENVIRONMENT";

	/** Every development secret in the repository carries it; production refuses it. */
	static final String DEVELOPMENT_MARKER = "local-dev-only";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

	/**
	 * A setting production must provide: the property and the environment variables that
	 * set it (its relaxed-binding name and any variable its placeholder reads).
	 */
	record Requirement(String property, Set<String> variables) {
	}

	static Applications of(String name) {
		Map<String, String> flat = new LinkedHashMap<>();
		flatten("", Yaml.one(Manifests.ROOT.resolve(name + "/src/main/resources/application.yml")), flat);
		return new Applications(name, flat);
	}

	static List<Applications> all() {
		return NAMES.stream().map(Applications::of).toList();
	}

	int port() {
		return Integer.parseInt(this.properties.get("server.port"));
	}

	/**
	 * Where the actuator listens: {@code management.server.port} (its placeholder's
	 * default) when the application gives it a port of its own, else the server port.
	 */
	int managementPort() {
		String configured = this.properties.get("management.server.port");
		if (configured == null) {
			return port();
		}
		Matcher placeholder = PLACEHOLDER.matcher(configured);
		return Integer.parseInt(placeholder.matches() ? placeholder.group(2) : configured);
	}

	boolean hasManagementPort() {
		return managementPort() != port();
	}

	/**
	 * The liveness and readiness paths on the server port: Spring Boot's additional paths
	 * when the actuator has a port of its own, else the actuator's health groups.
	 */
	String livenessPath() {
		return additionalProbePaths() ? "/livez" : "/actuator/health/liveness";
	}

	String readinessPath() {
		return additionalProbePaths() ? "/readyz" : "/actuator/health/readiness";
	}

	private boolean additionalProbePaths() {
		return "true".equals(this.properties.get("management.endpoint.health.probes.add-additional-paths"));
	}

	List<String> publishes() {
		return topics("concord.events.publishes");
	}

	List<String> subscribes() {
		return topics("concord.events.subscribes");
	}

	/** Services with events have a dead-letter topic (platform-events' naming). */
	List<String> deadLetterTopics() {
		return this.properties.containsKey("concord.events.publishes")
				|| this.properties.containsKey("concord.events.subscribes")
						? List.of("concord." + this.properties.get("spring.application.name") + ".dead-letters")
						: List.of();
	}

	/**
	 * Settings whose development default cannot run in production: anything pointing at
	 * localhost, and passwords, secrets and keys.
	 */
	List<Requirement> requirements() {
		List<Requirement> requirements = new ArrayList<>();
		this.properties.forEach((key, raw) -> {
			String last = key.substring(key.lastIndexOf('.') + 1);
			String resolved = PLACEHOLDER.matcher(raw).replaceAll((m) -> (m.group(2) != null) ? m.group(2) : "");
			if (resolved.contains("localhost") || last.matches(".*(password|secret|-key)")) {
				Set<String> variables = new LinkedHashSet<>();
				variables.add(environmentName(key));
				// Spring also binds the form with dashes as underscores
				// (SPRING_KAFKA_BOOTSTRAP_SERVERS).
				variables.add(environmentName(key.replace('-', '_')));
				Matcher placeholder = PLACEHOLDER.matcher(raw);
				while (placeholder.find()) {
					String variable = placeholder.group(1);
					variables.add(variable.equals(variable.toUpperCase()) ? variable : environmentName(variable));
				}
				requirements.add(new Requirement(key, variables));
			}
		});
		for (String issuer : TRUSTED_ISSUERS) {
			requirements.add(new Requirement(issuer, Set.of(issuer)));
		}
		return requirements;
	}

	/**
	 * Spring's relaxed binding: {@code concord.member.privacy.lookup-key} →
	 * CONCORD_MEMBER_PRIVACY_LOOKUPKEY.
	 */
	static String environmentName(String property) {
		return property.replace(".", "_").replace("-", "").replace("[", "_").replace("]", "").toUpperCase();
	}

	/**
	 * The platform's web defaults (probes, exposure, shutdown) every application
	 * inherits.
	 */
	static Properties platformWebDefaults() {
		Properties defaults = new Properties();
		try (var in = Files.newInputStream(Manifests.ROOT
			.resolve("platform/platform-web/src/main/resources/META-INF/concord/web-defaults.properties"))) {
			defaults.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return defaults;
	}

	/** The container user the images run as (Jib, parent pom). */
	static String imageUser() {
		Matcher user = Pattern.compile("<user>([^<]+)</user>")
			.matcher(Kustomize.read(Manifests.ROOT.resolve("pom.xml")));
		if (!user.find()) {
			throw new AssertionError("The parent pom configures no image user");
		}
		return user.group(1);
	}

	/** The image name an application's build produces (Jib, parent pom). */
	static String imageRepository(String application) {
		String pom = Kustomize.read(Manifests.ROOT.resolve("pom.xml"));
		Matcher registry = Pattern.compile("<concord.image.registry>([^<]+)</concord.image.registry>").matcher(pom);
		Matcher to = Pattern.compile("<to>\\s*<image>([^<]+)</image>").matcher(pom);
		if (!registry.find() || !to.find()) {
			throw new AssertionError("The parent pom names no image");
		}
		String image = to.group(1)
			.replace("${concord.image.registry}", registry.group(1))
			.replace("${project.artifactId}", application);
		return image.substring(0, image.lastIndexOf(':'));
	}

	private List<String> topics(String key) {
		String value = this.properties.get(key);
		return (value == null) ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
	}

	private static void flatten(String prefix, Object value, Map<String, String> into) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), into);
			}
		}
		else if (value != null) {
			into.put(prefix, String.valueOf(value));
		}
	}

}
