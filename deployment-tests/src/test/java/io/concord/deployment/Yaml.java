package io.concord.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML as plain maps and lists (SnakeYAML, which also resolves compose's {@code <<} merge
 * keys), with small typed accessors.
 */
final class Yaml {

	private Yaml() {
	}

	static List<Object> parseAll(String text) {
		List<Object> documents = new ArrayList<>();
		for (Object document : loader().loadAll(text)) {
			if (document != null) {
				documents.add(document);
			}
		}
		return documents;
	}

	/** Every non-empty document of a file, which must be a mapping. */
	static List<Map<String, Object>> all(Path file) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : parseAll(Kustomize.read(file))) {
			if (!(document instanceof Map)) {
				throw new IllegalStateException(file + ": a document is not a mapping");
			}
			documents.add(cast(document));
		}
		return documents;
	}

	static Map<String, Object> one(Path file) {
		List<Map<String, Object>> documents = all(file);
		if (documents.size() != 1) {
			throw new IllegalStateException(file + ": expected one document, found " + documents.size());
		}
		return documents.get(0);
	}

	/**
	 * The mapping under {@code key}, empty when absent (reading never changes a
	 * document).
	 */
	static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		return (value == null) ? Map.of() : cast(value);
	}

	/** The mapping under {@code key} to write into, created when absent. */
	static Map<String, Object> mapFor(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		if (value == null) {
			Map<String, Object> created = new LinkedHashMap<>();
			parent.put(key, created);
			return created;
		}
		return cast(value);
	}

	static List<Object> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		return (value == null) ? List.of() : castList(value);
	}

	/** Follows a dotted path of mapping keys; null when a step is missing. */
	static Object at(Map<String, Object> root, String path) {
		Object current = root;
		for (String step : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(step);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> castList(Object value) {
		return (List<Object>) value;
	}

	private static org.yaml.snakeyaml.Yaml loader() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setCodePointLimit(16 * 1024 * 1024);
		return new org.yaml.snakeyaml.Yaml(options);
	}

}
