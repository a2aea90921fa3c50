package io.concord.platform.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Response fields a client may read: openapi-diff flags a removed response field only
 * when it was required, but a client reads optional ones too, so a documented field that
 * disappears from a success response is a breaking change here.
 */
final class ResponseFields {

	private ResponseFields() {
	}

	static List<String> removed(JsonNode baseline, JsonNode current) {
		List<String> removed = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : baseline.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				JsonNode now = current.path("paths").path(path.getKey()).path(operation.getKey());
				if (now.isMissingNode()) {
					continue;
				}
				for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
					if (!response.getKey().startsWith("2")) {
						continue;
					}
					for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
						JsonNode nowMedia = now.path("responses")
							.path(response.getKey())
							.path("content")
							.path(media.getKey());
						Set<String> before = fields(baseline, media.getValue().path("schema"), "", new HashSet<>());
						Set<String> after = fields(current, nowMedia.path("schema"), "", new HashSet<>());
						before.removeAll(after);
						for (String field : before) {
							removed.add("- changed operation " + operation.getKey().toUpperCase(java.util.Locale.ROOT)
									+ " " + path.getKey() + ": response " + response.getKey() + " (" + media.getKey()
									+ ") no longer has field " + field);
						}
					}
				}
			}
		}
		return removed;
	}

	private static Set<String> fields(JsonNode document, JsonNode schema, String prefix, Set<String> seen) {
		Set<String> fields = new LinkedHashSet<>();
		if (schema == null || schema.isMissingNode()) {
			return fields;
		}
		String ref = schema.path("$ref").asString(null);
		if (ref != null) {
			if (!ref.startsWith("#/") || !seen.add(prefix + ref)) {
				return fields;
			}
			JsonNode target = document;
			for (String part : ref.substring(2).split("/")) {
				target = target.path(part.replace("~1", "/").replace("~0", "~"));
			}
			return fields(document, target, prefix, seen);
		}
		for (String composed : List.of("allOf", "anyOf", "oneOf")) {
			for (JsonNode part : schema.path(composed)) {
				fields.addAll(fields(document, part, prefix, seen));
			}
		}
		if (schema.has("items")) {
			fields.addAll(fields(document, schema.path("items"), prefix + "[].", seen));
		}
		for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
			String name = prefix + property.getKey();
			fields.add(name);
			fields.addAll(fields(document, property.getValue(), name + ".", seen));
		}
		return fields;
	}

}
