package io.concord.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features
 * Concord's manifests use: {@code resources} (files and directories, recursively),
 * {@code configMapGenerator} (envs, literals, files; create or merge; generator options),
 * {@code patches} (JSON 6902 operations or strategic-merge documents, inline or from a
 * file, with target selectors), {@code images}, {@code namespace}. Anything else in a
 * kustomization fails the rendering, so a manifest cannot silently rely on a feature
 * these checks do not understand. Generated names keep no hash suffix (references stay
 * the same either way). Errors kustomize would raise (a missing file, a patch path that
 * does not exist, a merge into a missing ConfigMap) fail here too.
 */
final class Kustomize {

	private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
			"generatorOptions", "patches", "images", "namespace");

	private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
			"CustomResourceDefinition", "StorageClass", "PersistentVolume", "PriorityClass");

	private Kustomize() {
	}

	static List<Map<String, Object>> render(Path directory) {
		Map<String, Object> kustomization = Yaml.one(directory.resolve("kustomization.yaml"));
		for (String key : kustomization.keySet()) {
			if (!UNDERSTOOD.contains(key)) {
				throw new IllegalStateException(directory + ": kustomization field '" + key + "' is not understood");
			}
		}
		List<Map<String, Object>> resources = new ArrayList<>();
		for (Object entry : Yaml.list(kustomization, "resources")) {
			Path path = directory.resolve((String) entry).normalize();
			if (Files.isDirectory(path)) {
				resources.addAll(render(path));
			}
			else if (Files.isRegularFile(path)) {
				resources.addAll(Yaml.all(path));
			}
			else {
				throw new IllegalStateException(directory + ": resource " + entry + " does not exist");
			}
		}
		Map<String, Object> options = Yaml.map(kustomization, "generatorOptions");
		for (Object generator : Yaml.list(kustomization, "configMapGenerator")) {
			generate(directory, Yaml.cast(generator), options, resources);
		}
		for (Object patch : Yaml.list(kustomization, "patches")) {
			patch(directory, Yaml.cast(patch), resources);
		}
		for (Object image : Yaml.list(kustomization, "images")) {
			retag(Yaml.cast(image), resources);
		}
		if (kustomization.get("namespace") instanceof String namespace) {
			for (Map<String, Object> resource : resources) {
				if (!CLUSTER_SCOPED.contains(resource.get("kind"))) {
					Yaml.mapFor(resource, "metadata").put("namespace", namespace);
				}
			}
		}
		return resources;
	}

	private static void generate(Path directory, Map<String, Object> generator, Map<String, Object> options,
			List<Map<String, Object>> resources) {
		String name = (String) Objects.requireNonNull(generator.get("name"), "a generator needs a name");
		Map<String, Object> data = new LinkedHashMap<>();
		for (Object file : Yaml.list(generator, "envs")) {
			for (String line : read(directory.resolve((String) file)).split("\n")) {
				String trimmed = line.strip();
				if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
					int equals = trimmed.indexOf('=');
					data.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
				}
			}
		}
		for (Object literal : Yaml.list(generator, "literals")) {
			String text = (String) literal;
			data.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
		}
		for (Object file : Yaml.list(generator, "files")) {
			String text = (String) file;
			String key = text.contains("=") ? text.substring(0, text.indexOf('='))
					: Path.of(text).getFileName().toString();
			String path = text.contains("=") ? text.substring(text.indexOf('=') + 1) : text;
			data.put(key, read(directory.resolve(path)));
		}
		String behavior = (String) generator.getOrDefault("behavior", "create");
		if (behavior.equals("merge") || behavior.equals("replace")) {
			Map<String, Object> existing = resources.stream()
				.filter((r) -> "ConfigMap".equals(r.get("kind")) && name.equals(Yaml.map(r, "metadata").get("name")))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						directory + ": configMapGenerator " + name + " merges into a ConfigMap that does not exist"));
			if (behavior.equals("replace")) {
				existing.put("data", data);
			}
			else {
				Yaml.mapFor(existing, "data").putAll(data);
			}
			return;
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", name);
		Map<String, Object> labels = new LinkedHashMap<>(Yaml.map(options, "labels"));
		labels.putAll(Yaml.map(Yaml.map(generator, "options"), "labels"));
		if (!labels.isEmpty()) {
			metadata.put("labels", labels);
		}
		Map<String, Object> annotations = new LinkedHashMap<>(Yaml.map(options, "annotations"));
		annotations.putAll(Yaml.map(Yaml.map(generator, "options"), "annotations"));
		if (!annotations.isEmpty()) {
			metadata.put("annotations", annotations);
		}
		Map<String, Object> configMap = new LinkedHashMap<>();
		configMap.put("apiVersion", "v1");
		configMap.put("kind", "ConfigMap");
		configMap.put("metadata", metadata);
		configMap.put("data", data);
		resources.add(configMap);
	}

	private static void patch(Path directory, Map<String, Object> patch, List<Map<String, Object>> resources) {
		String text = (patch.get("path") instanceof String path) ? read(directory.resolve(path))
				: (String) Objects.requireNonNull(patch.get("patch"), "a patch needs a path or a patch");
		Map<String, Object> target = Yaml.map(patch, "target");
		List<Object> documents = Yaml.parseAll(text);
		if (documents.size() == 1 && documents.get(0) instanceof List<?> operations) {
			int matched = 0;
			for (Map<String, Object> resource : resources) {
				if (matches(target, resource)) {
					matched++;
					for (Object operation : operations) {
						JsonPatch.apply(resource, Yaml.cast(operation));
					}
				}
			}
			if (matched == 0) {
				throw new IllegalStateException(directory + ": a patch matches no resource: " + target);
			}
			return;
		}
		for (Object document : documents) {
			Map<String, Object> merge = Yaml.cast(document);
			Map<String, Object> selector = target.isEmpty()
					? Map.of("kind", merge.get("kind"), "name", Yaml.map(merge, "metadata").get("name")) : target;
			List<Map<String, Object>> matching = resources.stream().filter((r) -> matches(selector, r)).toList();
			if (matching.isEmpty()) {
				throw new IllegalStateException(directory + ": a patch matches no resource: " + selector);
			}
			matching.forEach((resource) -> StrategicMerge.merge(resource, merge));
		}
	}

	static boolean matches(Map<String, Object> target, Map<String, Object> resource) {
		Map<String, Object> metadata = Yaml.map(resource, "metadata");
		String apiVersion = (String) resource.get("apiVersion");
		String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
		if (target.get("kind") != null && !target.get("kind").equals(resource.get("kind"))) {
			return false;
		}
		if (target.get("group") != null && !target.get("group").equals(group)) {
			return false;
		}
		if (target.get("name") != null && !String.valueOf(metadata.get("name")).matches((String) target.get("name"))) {
			return false;
		}
		if (target.get("labelSelector") instanceof String selector) {
			Map<String, Object> labels = Yaml.map(metadata, "labels");
			for (String requirement : selector.split(",")) {
				String[] pair = requirement.split("=", 2);
				if (!pair[1].equals(labels.get(pair[0].strip()))) {
					return false;
				}
			}
		}
		return true;
	}

	private static void retag(Map<String, Object> image, List<Map<String, Object>> resources) {
		String name = (String) image.get("name");
		for (Map<String, Object> resource : resources) {
			for (Map<String, Object> container : Manifests.containers(resource)) {
				String current = (String) container.get("image");
				String repository = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
				if (repository.equals(name)) {
					String newName = (String) image.getOrDefault("newName", repository);
					String tag = (String) image.getOrDefault("newTag",
							current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : "latest");
					container.put("image", newName + ":" + tag);
				}
			}
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
