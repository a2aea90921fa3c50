package io.concord.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The repository's deployment files and lookups over rendered manifests. */
final class Manifests {

	static final Path ROOT = Path.of(System.getProperty("concord.root", "..")).toAbsolutePath().normalize();

	static final String VERSION = System.getProperty("concord.version", "0.1.0-SNAPSHOT");

	static final List<String> OVERLAYS = List.of("dev", "prod");

	private static final Map<String, List<Map<String, Object>>> RENDERED = new LinkedHashMap<>();

	private Manifests() {
	}

	static synchronized List<Map<String, Object>> overlay(String name) {
		return RENDERED.computeIfAbsent(name, (n) -> Kustomize.render(ROOT.resolve("k8s/overlays/" + n)));
	}

	static Map<String, Object> compose() {
		return Yaml.one(ROOT.resolve("docker-compose.yml"));
	}

	static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
		return resources.stream().filter((r) -> kind.equals(r.get("kind"))).toList();
	}

	static Optional<Map<String, Object>> find(List<Map<String, Object>> resources, String kind, String name) {
		return ofKind(resources, kind).stream().filter((r) -> name.equals(name(r))).findFirst();
	}

	static String name(Map<String, Object> resource) {
		return (String) Yaml.map(resource, "metadata").get("name");
	}

	/**
	 * The pod spec of a workload (Deployment, StatefulSet, Job, CronJob, Pod), if any.
	 */
	static Optional<Map<String, Object>> podSpec(Map<String, Object> resource) {
		Object spec = switch (String.valueOf(resource.get("kind"))) {
			case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
				Yaml.at(resource, "spec.template.spec");
			case "CronJob" -> Yaml.at(resource, "spec.jobTemplate.spec.template.spec");
			case "Pod" -> resource.get("spec");
			default -> null;
		};
		return Optional.ofNullable(spec).map(Yaml::cast);
	}

	static List<Map<String, Object>> containers(Map<String, Object> resource) {
		List<Map<String, Object>> containers = new ArrayList<>();
		podSpec(resource).ifPresent((spec) -> {
			Yaml.list(spec, "initContainers").forEach((c) -> containers.add(Yaml.cast(c)));
			Yaml.list(spec, "containers").forEach((c) -> containers.add(Yaml.cast(c)));
		});
		return containers;
	}

	/**
	 * What a container's environment holds: its env entries (values, or
	 * "secret:name/key") and every key of the ConfigMaps it takes with envFrom.
	 */
	static Map<String, String> environment(List<Map<String, Object>> resources, Map<String, Object> container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object from : Yaml.list(container, "envFrom")) {
			Object configMap = Yaml.at(Yaml.cast(from), "configMapRef.name");
			if (configMap != null) {
				Map<String, Object> data = Yaml.map(find(resources, "ConfigMap", (String) configMap)
					.orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + configMap)), "data");
				data.forEach((key, value) -> environment.put(key, String.valueOf(value)));
			}
		}
		for (Object entry : Yaml.list(container, "env")) {
			Map<String, Object> env = Yaml.cast(entry);
			Object secret = Yaml.at(env, "valueFrom.secretKeyRef.name");
			environment.put((String) env.get("name"),
					(secret != null) ? "secret:" + secret + "/" + Yaml.at(env, "valueFrom.secretKeyRef.key")
							: String.valueOf(env.get("value")));
		}
		return environment;
	}

	/** Do the selector's labels all appear among the labels? */
	static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
		return !selector.isEmpty()
				&& selector.entrySet().stream().allMatch((e) -> e.getValue().equals(labels.get(e.getKey())));
	}

}
