package io.concord.deployment;

import java.util.List;
import java.util.Map;

/**
 * JSON Patch (RFC 6902) {@code add}, {@code replace} and {@code remove} on parsed YAML.
 * As kustomize does, {@code replace} and {@code remove} fail when the path does not
 * exist, so a patch written against the wrong shape is caught.
 */
final class JsonPatch {

	private JsonPatch() {
	}

	static void apply(Map<String, Object> document, Map<String, Object> operation) {
		String op = (String) operation.get("op");
		String path = (String) operation.get("path");
		String[] steps = path.substring(1).split("/");
		Object parent = document;
		for (int i = 0; i < steps.length - 1; i++) {
			parent = child(parent, unescape(steps[i]), path);
		}
		String last = unescape(steps[steps.length - 1]);
		switch (op) {
			case "add" -> add(parent, last, operation.get("value"));
			case "replace" -> {
				child(parent, last, path);
				set(parent, last, operation.get("value"));
			}
			case "remove" -> {
				child(parent, last, path);
				if (parent instanceof Map<?, ?> map) {
					map.remove(last);
				}
				else {
					Yaml.castList(parent).remove(Integer.parseInt(last));
				}
			}
			default -> throw new IllegalStateException("Unsupported JSON patch operation " + op);
		}
	}

	private static Object child(Object parent, String step, String path) {
		Object child = null;
		if (parent instanceof Map<?, ?> map) {
			child = map.get(step);
		}
		else if (parent instanceof List<?> list && step.matches("\\d+") && Integer.parseInt(step) < list.size()) {
			child = list.get(Integer.parseInt(step));
		}
		if (child == null) {
			throw new IllegalStateException("JSON patch path " + path + " does not exist (at " + step + ")");
		}
		return child;
	}

	private static void add(Object parent, String step, Object value) {
		if (parent instanceof Map<?, ?>) {
			Yaml.cast(parent).put(step, value);
		}
		else if (step.equals("-")) {
			Yaml.castList(parent).add(value);
		}
		else {
			Yaml.castList(parent).add(Integer.parseInt(step), value);
		}
	}

	private static void set(Object parent, String step, Object value) {
		if (parent instanceof Map<?, ?>) {
			Yaml.cast(parent).put(step, value);
		}
		else {
			Yaml.castList(parent).set(Integer.parseInt(step), value);
		}
	}

	private static String unescape(String step) {
		return step.replace("~1", "/").replace("~0", "~");
	}

}
