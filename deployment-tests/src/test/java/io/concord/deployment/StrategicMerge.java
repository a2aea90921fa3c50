package io.concord.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge as kustomize applies it to the manifests here: mappings merge key by
 * key, a null deletes a key, lists of named items (containers, env, ports, volumes) merge
 * by name, other lists are replaced.
 */
final class StrategicMerge {

	private StrategicMerge() {
	}

	static void merge(Map<String, Object> target, Map<String, Object> patch) {
		for (Map.Entry<String, Object> entry : patch.entrySet()) {
			Object value = entry.getValue();
			Object current = target.get(entry.getKey());
			if (value == null) {
				target.remove(entry.getKey());
			}
			else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
				merge(Yaml.cast(current), Yaml.cast(value));
			}
			else if (value instanceof List<?> items && current instanceof List<?> existing && named(items)
					&& named(existing)) {
				List<Object> merged = new ArrayList<>(existing);
				for (Object item : items) {
					Map<String, Object> patchItem = Yaml.cast(item);
					Map<String, Object> match = merged.stream()
						.map(Yaml::cast)
						.filter((m) -> m.get("name").equals(patchItem.get("name")))
						.findFirst()
						.orElse(null);
					if (match != null) {
						merge(match, patchItem);
					}
					else {
						merged.add(patchItem);
					}
				}
				target.put(entry.getKey(), merged);
			}
			else {
				target.put(entry.getKey(), value);
			}
		}
	}

	private static boolean named(List<?> items) {
		return !items.isEmpty() && items.stream().allMatch((i) -> i instanceof Map<?, ?> m && m.get("name") != null);
	}

}
