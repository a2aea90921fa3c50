package io.concord.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The kustomize overlays, rendered, against the applications' own configuration: images,
 * ports, probes and shutdown; every production setting provided; topics and ACLs as the
 * services publish and subscribe; network policies that let exactly the configured calls
 * through; databases and Kafka where the settings point.
 */
class KubernetesManifestsTests {

	private static final Pattern SERVICE_URL = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");

	@Test
	void everyManifestFileParses() throws Exception {
		try (Stream<Path> files = Files.walk(Manifests.ROOT.resolve("k8s"))) {
			List<Path> yaml = files.filter((f) -> f.toString().endsWith(".yaml")).toList();
			assertThat(yaml).hasSizeGreaterThan(20);
			for (Path file : yaml) {
				assertThat(Yaml.all(file)).as(file.toString()).isNotEmpty();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void overlaysRenderWithoutDuplicatesIntoTheNamespace(String overlay) throws Exception {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		Set<String> identities = new HashSet<>();
		for (Map<String, Object> resource : resources) {
			assertThat(resource).containsKeys("apiVersion", "kind", "metadata");
			String identity = resource.get("kind") + "/" + Manifests.name(resource);
			assertThat(identities.add(identity)).as("duplicate " + identity).isTrue();
			if (!"Namespace".equals(resource.get("kind"))) {
				assertThat(Yaml.at(resource, "metadata.namespace")).as(identity).isEqualTo("concord");
			}
		}
		for (String kind : List.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
				"ServiceMonitor", "NetworkPolicy", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster",
				"ScheduledBackup", "Ingress", "ConfigMap")) {
			assertThat(Manifests.ofKind(resources, kind)).as(kind).isNotEmpty();
		}
		assertThat(Manifests.ofKind(resources, "Secret")).as("no secret values are committed").isEmpty();
		// For reading (and comparing with kubectl kustomize where it is installed).
		Path rendered = Path.of("target/rendered/" + overlay + ".yaml");
		Files.createDirectories(rendered.getParent());
		Files.writeString(rendered, new org.yaml.snakeyaml.Yaml().dumpAll(resources.iterator()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void eachApplicationRunsAsItsBuildAndConfigurationSay(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		Map<?, ?> web = Applications.platformWebDefaults();
		assertThat(web.get("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(String.valueOf(web.get("management.endpoints.web.exposure.include"))).contains("health",
				"prometheus");
		int shutdownSeconds = Integer
			.parseInt(String.valueOf(web.get("spring.lifecycle.timeout-per-shutdown-phase")).replace("s", ""));
		String user = Applications.imageUser().split(":")[0];
		for (Applications application : Applications.all()) {
			String name = application.name();
			Map<String, Object> deployment = Manifests.find(resources, "Deployment", name)
				.orElseThrow(() -> new AssertionError("no Deployment " + name));
			Map<String, Object> pod = Manifests.podSpec(deployment).orElseThrow();
			Map<String, Object> container = Manifests.containers(deployment).get(0);
			String image = (String) container.get("image");
			assertThat(image.substring(0, image.lastIndexOf(':'))).as(name)
				.isEqualTo(Applications.imageRepository(name));
			assertThat(Yaml.list(container, "ports")).as(name + " port")
				.anySatisfy((p) -> assertThat(Yaml.cast(p)).containsEntry("containerPort", application.port())
					.containsEntry("name", "http"));
			// Probes check the port that serves traffic.
			assertThat(Yaml.at(container, "readinessProbe.httpGet.path")).as(name)
				.isEqualTo(application.readinessPath());
			assertThat(Yaml.at(container, "livenessProbe.httpGet.path")).as(name).isEqualTo(application.livenessPath());
			assertThat(Yaml.at(container, "startupProbe.httpGet.path")).as(name).isNotNull();
			for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
				assertThat(Yaml.at(container, probe + ".httpGet.port")).as(name + " " + probe).isEqualTo("http");
			}
			String scrapePort = application.hasManagementPort() ? "management" : "http";
			if (application.hasManagementPort()) {
				assertThat(Yaml.list(container, "ports")).as(name + " management port")
					.anySatisfy((p) -> assertThat(Yaml.cast(p)).containsEntry("name", "management")
						.containsEntry("containerPort", application.managementPort()));
			}
			for (String resource : List.of("requests.cpu", "requests.memory", "limits.memory")) {
				assertThat(Yaml.at(Yaml.map(container, "resources"), resource)).as(name + " " + resource).isNotNull();
			}
			int preStop = ((Number) Yaml.at(container, "lifecycle.preStop.sleep.seconds")).intValue();
			assertThat(((Number) pod.get("terminationGracePeriodSeconds")).intValue())
				.as(name + ": grace covers the preStop pause and Spring's shutdown phase")
				.isGreaterThan(preStop + shutdownSeconds);
			assertThat(Yaml.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
			assertThat(String.valueOf(Yaml.at(pod, "securityContext.runAsUser"))).isEqualTo(user);

			Map<String, Object> podLabels = Yaml.cast(Yaml.at(deployment, "spec.template.metadata.labels"));
			Map<String, Object> service = Manifests.find(resources, "Service", name).orElseThrow();
			assertThat(Manifests.selects(Yaml.map(Yaml.map(service, "spec"), "selector"), podLabels)).as(name).isTrue();
			assertThat(Yaml.list(Yaml.map(service, "spec"), "ports")).anySatisfy((p) -> {
				Map<String, Object> port = Yaml.cast(p);
				assertThat(port.get("port")).isEqualTo(application.port());
				assertThat(port.get("targetPort")).isIn("http", application.port());
			});
			Map<String, Object> hpa = Manifests.find(resources, "HorizontalPodAutoscaler", name).orElseThrow();
			assertThat(Yaml.at(hpa, "spec.scaleTargetRef.name")).isEqualTo(name);
			assertThat(((Number) Yaml.at(hpa, "spec.minReplicas")).intValue())
				.isLessThanOrEqualTo(((Number) Yaml.at(hpa, "spec.maxReplicas")).intValue());
			Map<String, Object> pdb = Manifests.find(resources, "PodDisruptionBudget", name).orElseThrow();
			assertThat(Manifests.selects(Yaml.cast(Yaml.at(pdb, "spec.selector.matchLabels")), podLabels)).isTrue();
			Map<String, Object> monitor = Manifests.find(resources, "ServiceMonitor", name).orElseThrow();
			assertThat(Manifests.selects(Yaml.cast(Yaml.at(monitor, "spec.selector.matchLabels")),
					Yaml.cast(Yaml.at(service, "metadata.labels"))))
				.as(name + " monitor selects the service")
				.isTrue();
			Map<String, Object> endpoint = Yaml.cast(Yaml.list(Yaml.map(monitor, "spec"), "endpoints").get(0));
			assertThat(endpoint).as(name + " is scraped where its actuator listens")
				.containsEntry("path", "/actuator/prometheus")
				.containsEntry("port", scrapePort);
			assertThat(Yaml.list(Yaml.map(service, "spec"), "ports")).as(name + " service port " + scrapePort)
				.anySatisfy((p) -> assertThat(Yaml.cast(p)).containsEntry("name", scrapePort)
					.containsEntry("port", application.managementPort())
					.containsEntry("targetPort", scrapePort));
		}
		for (Map<String, Object> ingress : Manifests.ofKind(resources, "Ingress")) {
			for (Object rule : Yaml.list(Yaml.map(ingress, "spec"), "rules")) {
				for (Object path : Yaml.castList(Yaml.at(Yaml.cast(rule), "http.paths"))) {
					assertThat(Yaml.at(Yaml.cast(path), "backend.service.name")).as("only the gateway is exposed")
						.isEqualTo("gateway");
					assertThat(Yaml.at(Yaml.cast(path), "backend.service.port.name"))
						.as("only its API port, never its actuator")
						.isEqualTo("http");
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everySettingProductionNeedsIsProvided(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		for (Applications application : Applications.all()) {
			Map<String, Object> container = Manifests
				.containers(Manifests.find(resources, "Deployment", application.name()).orElseThrow())
				.get(0);
			Map<String, String> environment = Manifests.environment(resources, container);
			for (Applications.Requirement requirement : application.requirements()) {
				// The development cluster may allow a developer's localhost (CORS for a
				// local
				// storefront); production never points at it.
				assertThat(requirement.variables())
					.as("%s (%s): %s must be set from the environment", overlay, application.name(),
							requirement.property())
					.anyMatch((variable) -> environment.containsKey(variable)
							&& (overlay.equals("dev") || !environment.get(variable).contains("localhost")));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	@DisplayName("M3: every application requires the staff audience (and in production Concord's roles and clients); none runs as the local stack")
	void m3_everyApplicationRequiresTheStaffAudienceAndNoneRunsAsTheLocalStack(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		for (Applications application : Applications.all()) {
			Map<String, Object> container = Manifests
				.containers(Manifests.find(resources, "Deployment", application.name()).orElseThrow())
				.get(0);
			Map<String, String> environment = Manifests.environment(resources, container);
			String name = overlay + " (" + application.name() + ")";
			assertThat(environment.get("CONCORD_SECURITY_STAFF_AUDIENCE")).as(name).isNotBlank();
			assertThat(String.valueOf(environment.get(Applications.ENVIRONMENT))).as(name)
				.doesNotContainIgnoringCase("local");
			assertThat(String.valueOf(environment)).as(name).doesNotContain(Applications.DEVELOPMENT_MARKER);
			environment.forEach((key, value) -> {
				if (key.replace("_", "").endsWith("DEVTOOLSENABLED")) {
					assertThat(value).as(name + " " + key).isNotEqualToIgnoringCase("true");
				}
			});
			if (overlay.equals("prod")) {
				assertThat(environment.get("CONCORD_SECURITY_STAFF_ROLE_PREFIX")).as(name).isNotBlank();
				assertThat(environment.get("CONCORD_SECURITY_STAFF_AUTHORIZED_PARTIES")).as(name)
					.contains(application.name().equals("fulfillment-service")
							? environment.get("CONCORD_FULFILLMENT_CLIENT_ID") : "");
			}
			else {
				Map<String, Object> issuer = Manifests
					.containers(Manifests.find(resources, "Deployment", "dev-staff-issuer").orElseThrow())
					.get(0);
				assertThat(Manifests.environment(resources, issuer))
					.as("the dev issuer writes the audience the applications require")
					.containsEntry("CONCORD_DEV_STAFF_ISSUER_AUDIENCE",
							environment.get("CONCORD_SECURITY_STAFF_AUDIENCE"));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	@org.junit.jupiter.api.DisplayName("H3: behind the ingress the gateway takes the client address from the one X-Forwarded-For entry the ingress appends")
	void h3_theGatewayTrustsOnlyTheIngressEntryOfXForwardedFor(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		Map<String, String> environment = Manifests.environment(resources,
				Manifests.containers(Manifests.find(resources, "Deployment", "gateway").orElseThrow()).get(0));
		assertThat(environment).containsEntry("CONCORD_GATEWAY_TRUSTED_PROXY_HOPS", "1");
		// Reactor Netty's native strategy takes the leftmost, client-written entry.
		assertThat(environment.get("SERVER_FORWARD_HEADERS_STRATEGY")).isNotEqualTo("native");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void topicsAndAclsFollowWhatTheServicesPublishAndSubscribe(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		Set<String> expected = new LinkedHashSet<>();
		for (Applications application : Applications.all()) {
			expected.addAll(application.publishes());
			expected.addAll(application.subscribes());
			expected.addAll(application.deadLetterTopics());
		}
		Set<String> topics = new LinkedHashSet<>();
		for (Map<String, Object> topic : Manifests.ofKind(resources, "KafkaTopic")) {
			Object name = Yaml.at(topic, "spec.topicName");
			topics.add((name != null) ? (String) name : Manifests.name(topic));
			assertThat(Yaml.at(topic, "metadata.labels")).as("bound to the cluster")
				.isEqualTo(Map.of("strimzi.io/cluster", "concord"));
		}
		assertThat(topics).containsExactlyInAnyOrderElementsOf(expected);

		for (Applications application : Applications.all()) {
			if (application.publishes().isEmpty() && application.subscribes().isEmpty()) {
				continue;
			}
			Map<String, Object> user = Manifests.find(resources, "KafkaUser", application.name())
				.orElseThrow(() -> new AssertionError("no KafkaUser " + application.name()));
			List<String> acls = new ArrayList<>();
			for (Object acl : Yaml.castList(Yaml.at(user, "spec.authorization.acls"))) {
				Map<String, Object> rule = Yaml.cast(acl);
				Map<String, Object> resource = Yaml.map(rule, "resource");
				List<Object> operations = rule.containsKey("operations") ? Yaml.list(rule, "operations")
						: List.of(rule.get("operation"));
				for (Object operation : operations) {
					acls.add(resource.get("type") + ":" + resource.get("name") + ":" + operation);
				}
			}
			for (String topic : application.publishes()) {
				assertThat(acls).as(application.name() + " writes " + topic).contains("topic:" + topic + ":Write");
			}
			for (String topic : application.subscribes()) {
				assertThat(acls).as(application.name() + " reads " + topic).contains("topic:" + topic + ":Read");
			}
			assertThat(acls).as(application.name() + " consumer group")
				.contains("group:" + application.properties().get("spring.application.name") + ":Read");
		}
		List<Map<String, Object>> partners = Manifests.ofKind(resources, "KafkaUser")
			.stream()
			.filter((u) -> !Applications.NAMES.contains(Manifests.name(u)))
			.toList();
		assertThat(partners).as("a partner example").isNotEmpty();
		for (Map<String, Object> partner : partners) {
			for (Object acl : Yaml.castList(Yaml.at(partner, "spec.authorization.acls"))) {
				Map<String, Object> resource = Yaml.map(Yaml.cast(acl), "resource");
				if ("topic".equals(resource.get("type"))) {
					assertThat((String) resource.get("name")).as("partners read partner topics only")
						.isEqualTo("concord.fulfillment.supplier-orders.v1");
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void networkPoliciesLetExactlyTheConfiguredCallsThrough(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		assertThat(Manifests.ofKind(resources, "NetworkPolicy")).as("a default deny for the namespace")
			.anySatisfy((p) -> {
				assertThat(Yaml.map(Yaml.map(p, "spec"), "podSelector")).isEmpty();
				assertThat(Yaml.list(Yaml.map(p, "spec"), "policyTypes")).contains("Ingress", "Egress");
			});
		Map<String, Integer> ports = new java.util.HashMap<>();
		Applications.all().forEach((a) -> ports.put(a.name(), a.port()));
		for (Applications caller : Applications.all()) {
			Map<String, Object> container = Manifests
				.containers(Manifests.find(resources, "Deployment", caller.name()).orElseThrow())
				.get(0);
			Set<String> callees = new LinkedHashSet<>();
			for (String value : Manifests.environment(resources, container).values()) {
				Matcher url = SERVICE_URL.matcher(value);
				while (url.find()) {
					if (ports.containsKey(url.group(1))) {
						assertThat(Integer.parseInt(url.group(2))).as(value).isEqualTo(ports.get(url.group(1)));
						callees.add(url.group(1));
					}
				}
			}
			for (String callee : callees) {
				assertThat(allows(resources, caller.name(), callee, ports.get(callee)))
					.as("%s: %s may call %s", overlay, caller.name(), callee)
					.isTrue();
			}
		}
		for (Applications application : Applications.all()) {
			Map<String, Object> policy = Manifests.find(resources, "NetworkPolicy", application.name()).orElseThrow();
			assertThat(namespacePorts(policy, "monitoring"))
				.as("%s: Prometheus reaches its actuator", application.name())
				.contains(application.managementPort());
			if (application.hasManagementPort()) {
				assertThat(namespacePorts(policy, "ingress-nginx"))
					.as("%s: the ingress never reaches its management port", application.name())
					.doesNotContain(application.managementPort());
			}
		}
		for (String service : Applications.NAMES) {
			if (service.equals("gateway")) {
				continue;
			}
			Map<String, Object> policy = Manifests.find(resources, "NetworkPolicy", service).orElseThrow();
			assertThat(String.valueOf(Yaml.at(policy, "spec.ingress"))).as(service + " is not reachable from outside")
				.doesNotContain("ingress-nginx");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void databasesAndKafkaAreWhereTheSettingsPoint(String overlay) {
		List<Map<String, Object>> resources = Manifests.overlay(overlay);
		for (Applications application : Applications.all()) {
			Map<String, String> environment = Manifests.environment(resources,
					Manifests.containers(Manifests.find(resources, "Deployment", application.name()).orElseThrow())
						.get(0));
			String bootstrap = environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
			if (bootstrap != null) {
				String cluster = bootstrap.substring(0, bootstrap.indexOf("-kafka-bootstrap"));
				Map<String, Object> kafka = Manifests.find(resources, "Kafka", cluster).orElseThrow();
				int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
				assertThat(Yaml.list(Yaml.cast(Yaml.at(kafka, "spec.kafka")), "listeners"))
					.anySatisfy((l) -> assertThat(Yaml.cast(l)).containsEntry("port", port));
			}
			String url = environment.get("SPRING_DATASOURCE_URL");
			if (url != null) {
				Matcher jdbc = Pattern.compile("jdbc:postgresql://([a-z0-9-]+)-rw:5432/([a-z_]+)").matcher(url);
				assertThat(jdbc.matches()).as(url).isTrue();
				Map<String, Object> cluster = Manifests.find(resources, "Cluster", jdbc.group(1))
					.orElseThrow(() -> new AssertionError("no CloudNativePG Cluster " + jdbc.group(1)));
				assertThat(Yaml.at(cluster, "spec.bootstrap.initdb.database")).isEqualTo(jdbc.group(2));
				assertThat(Manifests.ofKind(resources, "ScheduledBackup"))
					.anySatisfy((b) -> assertThat(Yaml.at(b, "spec.cluster.name")).isEqualTo(jdbc.group(1)));
				assertThat(environment.get("SPRING_DATASOURCE_PASSWORD"))
					.startsWith("secret:" + jdbc.group(1) + "-app/");
			}
		}
	}

	@Test
	void theRendererRefusesWhatItWouldGetWrong(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
		Files.writeString(directory.resolve("kustomization.yaml"), """
				resources: [deployment.yaml]
				patches:
				  - target: {kind: Deployment}
				    patch: |-
				      - op: replace
				        path: /spec/replicas
				        value: 2
				""");
		Files.writeString(directory.resolve("deployment.yaml"), """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: x}
				spec: {template: {spec: {containers: [{name: x, image: "a:1"}]}}}
				""");
		assertThatIllegalStateException().isThrownBy(() -> Kustomize.render(directory))
			.withMessageContaining("/spec/replicas does not exist");
		Files.writeString(directory.resolve("kustomization.yaml"), "resources: [deployment.yaml]\nreplicas: []\n");
		assertThatIllegalStateException().isThrownBy(() -> Kustomize.render(directory))
			.withMessageContaining("'replicas' is not understood");
		Files.writeString(directory.resolve("kustomization.yaml"), """
				resources: [deployment.yaml]
				images: [{name: a, newTag: "2"}]
				namespace: shop
				""");
		Map<String, Object> rendered = Kustomize.render(directory).get(0);
		assertThat(Manifests.containers(rendered).get(0)).containsEntry("image", "a:2");
		assertThat(Yaml.at(rendered, "metadata.namespace")).isEqualTo("shop");
	}

	/** The ports a policy admits from the pods of a namespace. */
	private static Set<Integer> namespacePorts(Map<String, Object> policy, String namespace) {
		Set<Integer> ports = new HashSet<>();
		for (Object rule : Yaml.list(Yaml.map(policy, "spec"), "ingress")) {
			boolean fromNamespace = Yaml.list(Yaml.cast(rule), "from")
				.stream()
				.anyMatch((peer) -> namespace
					.equals(Yaml.map(Yaml.map(Yaml.cast(peer), "namespaceSelector"), "matchLabels")
						.get("kubernetes.io/metadata.name")));
			if (fromNamespace) {
				Yaml.list(Yaml.cast(rule), "ports")
					.forEach((port) -> ports.add(((Number) Yaml.cast(port).get("port")).intValue()));
			}
		}
		return ports;
	}

	private static boolean allows(List<Map<String, Object>> resources, String from, String to, int port) {
		boolean egress = false;
		boolean ingress = false;
		for (Map<String, Object> policy : Manifests.ofKind(resources, "NetworkPolicy")) {
			Map<String, Object> spec = Yaml.map(policy, "spec");
			Map<String, Object> selector = Yaml.map(Yaml.map(spec, "podSelector"), "matchLabels");
			if (selector.equals(Map.of("app.kubernetes.io/name", from))) {
				egress |= Yaml.list(spec, "egress").stream().anyMatch((rule) -> peers(Yaml.cast(rule), "to", to, port));
			}
			if (selector.equals(Map.of("app.kubernetes.io/name", to))) {
				ingress |= Yaml.list(spec, "ingress")
					.stream()
					.anyMatch((rule) -> peers(Yaml.cast(rule), "from", from, port));
			}
		}
		return egress && ingress;
	}

	private static boolean peers(Map<String, Object> rule, String direction, String application, int port) {
		boolean peer = Yaml.list(rule, direction)
			.stream()
			.anyMatch((p) -> Map.of("app.kubernetes.io/name", application)
				.equals(Yaml.at(Yaml.cast(p), "podSelector.matchLabels")));
		boolean onPort = Yaml.list(rule, "ports").isEmpty() || Yaml.list(rule, "ports")
			.stream()
			.anyMatch((p) -> Integer.valueOf(port).equals(Yaml.cast(p).get("port")));
		return peer && onPort;
	}

}
