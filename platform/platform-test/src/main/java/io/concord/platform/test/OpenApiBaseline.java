package io.concord.platform.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.Changed;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;
import org.openapitools.openapidiff.core.output.ConsoleRender;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's published API against its committed baseline
 * ({@code contracts/openapi/<service>.json}): a change a client built against the
 * baseline would break on (a removed operation, a removed response field, a new required
 * parameter, ...) fails with a list of what breaks. An additive change fails too, until
 * the baseline is written, because the API clients are generated from the baseline.
 * <p>
 * A deliberate change is made by writing the baseline: run the test with
 * {@code -Dconcord.openapi.update-baseline=true}. An incompatible change is only written
 * with a higher major {@code info.version} than the baseline's (for a 0.x API: a higher
 * minor), so a breaking release is never an accident (docs/api-versioning.md).
 */
public final class OpenApiBaseline {

	/** The system property that writes the baseline instead of checking against it. */
	public static final String UPDATE_PROPERTY = "concord.openapi.update-baseline";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private OpenApiBaseline() {
	}

	/**
	 * Fails when {@code currentJson} breaks a client of {@code baseline}; writes the
	 * baseline instead when {@value #UPDATE_PROPERTY} is {@code true}.
	 * @param currentJson the document the service serves now
	 * @param baseline the committed baseline
	 */
	public static void assertCompatible(String currentJson, Path baseline) {
		List<String> generated = generatedOperationIds(currentJson);
		if (!generated.isEmpty()) {
			// springdoc numbers a repeated operation id (mine, mine_1): generated clients
			// would get methods named by accident, renamed by the next controller change.
			throw new AssertionError("Operations without a unique operationId (give each an explicit "
					+ "@Operation(operationId = ...)): " + generated);
		}
		if (Boolean.getBoolean(UPDATE_PROPERTY)) {
			update(currentJson, baseline);
			return;
		}
		if (!Files.exists(baseline)) {
			throw new AssertionError("No OpenAPI baseline at " + baseline.toAbsolutePath() + ": run the test with -D"
					+ UPDATE_PROPERTY + "=true to write it, and commit it.");
		}
		String previous = read(baseline);
		ChangedOpenApi diff = OpenApiCompare.fromContents(previous, currentJson);
		List<String> breaking = breakingChanges(diff, previous, currentJson);
		if (!breaking.isEmpty()) {
			throw new AssertionError("The API breaks clients of its baseline " + baseline + ":\n"
					+ String.join("\n", breaking) + "\n\nIf this is deliberate, release it as a new "
					+ "major version (docs/api-versioning.md): raise info.version and run with -D" + UPDATE_PROPERTY
					+ "=true.\n\nFull comparison:\n" + render(diff));
		}
		List<String> drift = differences(JSON.readTree(normalized(previous)), JSON.readTree(normalized(currentJson)),
				"");
		if (!drift.isEmpty()) {
			// Compatible, but the clients (api-clients) are generated from the baseline:
			// a
			// stale one would hide new operations and fields from them.
			throw new AssertionError("The API changed compatibly but " + baseline + " was not updated: run the "
					+ "test with -D" + UPDATE_PROPERTY + "=true and commit the baseline. Differences:\n"
					+ String.join("\n", drift.subList(0, Math.min(drift.size(), 30))));
		}
	}

	/**
	 * What in {@code current} breaks a client of {@code baseline}, one line each (empty:
	 * compatible).
	 * @param baselineJson the baseline document
	 * @param currentJson the current document
	 * @return the breaking changes
	 */
	public static List<String> breakingChanges(String baselineJson, String currentJson) {
		return breakingChanges(OpenApiCompare.fromContents(baselineJson, currentJson), baselineJson, currentJson);
	}

	private static List<String> breakingChanges(ChangedOpenApi diff, String baselineJson, String currentJson) {
		List<String> breaking = new ArrayList<>();
		for (Endpoint removed : diff.getMissingEndpoints()) {
			breaking.add("- removed operation " + removed.getMethod() + " " + removed.getPathUrl());
		}
		for (ChangedOperation operation : diff.getChangedOperations()) {
			if (!operation.isIncompatible()) {
				continue;
			}
			String name = operation.getHttpMethod() + " " + operation.getPathUrl();
			List<String> parts = new ArrayList<>();
			incompatible(parts, "parameters", operation.getParameters());
			incompatible(parts, "request body", operation.getRequestBody());
			incompatible(parts, "responses", operation.getApiResponses());
			incompatible(parts, "security requirements", operation.getSecurityRequirements());
			breaking.add("- changed operation " + name + ": incompatible "
					+ (parts.isEmpty() ? "definition" : String.join(", ", parts)));
		}
		breaking.addAll(ResponseFields.removed(JSON.readTree(baselineJson), JSON.readTree(currentJson)));
		if (breaking.isEmpty() && diff.isIncompatible()) {
			breaking.add("- an incompatible change outside the operations (see the full comparison)");
		}
		return breaking;
	}

	private static void incompatible(List<String> parts, String name, Changed changed) {
		if (changed != null && changed.isIncompatible()) {
			parts.add(name);
		}
	}

	private static void update(String currentJson, Path baseline) {
		String document = normalized(currentJson);
		if (Files.exists(baseline)) {
			String previous = read(baseline);
			ChangedOpenApi diff = OpenApiCompare.fromContents(previous, currentJson);
			String oldVersion = version(previous);
			String newVersion = version(currentJson);
			List<String> breaking = breakingChanges(diff, previous, currentJson);
			if (!breaking.isEmpty() && !isBreakingRelease(oldVersion, newVersion)) {
				throw new AssertionError("Refusing to write " + baseline + ": the API breaks clients of version "
						+ oldVersion + " but its version is " + newVersion + "; a breaking change needs a higher "
						+ "major version (for 0.x, a higher minor):\n" + String.join("\n", breaking));
			}
		}
		try {
			Files.createDirectories(baseline.toAbsolutePath().getParent());
			Files.writeString(baseline, document, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether {@code next} may break clients of {@code previous}: a higher major version,
	 * or for a 0.x API (where, as in semantic versioning, the minor is the major) a
	 * higher minor.
	 * @param previous the baseline's {@code info.version}
	 * @param next the current {@code info.version}
	 * @return whether a breaking change is allowed between them
	 */
	public static boolean isBreakingRelease(String previous, String next) {
		int[] before = numbers(previous);
		int[] after = numbers(next);
		if (before[0] == 0 && after[0] == 0) {
			return after[1] > before[1];
		}
		return after[0] > before[0];
	}

	private static int[] numbers(String version) {
		String[] parts = version.split("[.\\-+]");
		int[] numbers = new int[2];
		for (int i = 0; i < 2 && i < parts.length; i++) {
			try {
				numbers[i] = Integer.parseInt(parts[i]);
			}
			catch (NumberFormatException ex) {
				throw new AssertionError("info.version " + version + " is not major.minor[.patch]");
			}
		}
		return numbers;
	}

	private static String version(String document) {
		return JSON.readTree(document).path("info").path("version").asString("0.0.0");
	}

	// Sorted keys and indentation: a baseline update shows as a readable diff in review.
	private static List<String> generatedOperationIds(String document) {
		List<String> generated = new ArrayList<>();
		for (JsonNode path : JSON.readTree(document).path("paths")) {
			for (JsonNode operation : path) {
				String id = operation.path("operationId").asString("");
				if (id.matches(".*_[0-9]+")) {
					generated.add(id);
				}
			}
		}
		return generated;
	}

	/** Where two normalized documents differ, as JSON pointers. */
	private static List<String> differences(JsonNode baseline, JsonNode current, String pointer) {
		List<String> found = new ArrayList<>();
		if (baseline.isObject() && current.isObject()) {
			java.util.Set<String> names = new java.util.TreeSet<>(baseline.propertyNames());
			names.addAll(current.propertyNames());
			for (String name : names) {
				String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
				if (!baseline.has(name)) {
					found.add("+ " + at);
				}
				else if (!current.has(name)) {
					found.add("- " + at);
				}
				else {
					found.addAll(differences(baseline.get(name), current.get(name), at));
				}
			}
		}
		else if (!baseline.equals(current)) {
			found.add("~ " + (pointer.isEmpty() ? "/" : pointer));
		}
		return found;
	}

	private static String normalized(String document) {
		JsonNode tree = JSON.readTree(document);
		if (tree.path("tags").isArray()) {
			// Tags are listed in the order controllers are found; their order means
			// nothing.
			List<JsonNode> tags = new ArrayList<>();
			tree.path("tags").forEach(tags::add);
			tags.sort(java.util.Comparator.comparing((JsonNode tag) -> tag.path("name").asString("")));
			tools.jackson.databind.node.ArrayNode sorted = ((tools.jackson.databind.node.ObjectNode) tree)
				.putArray("tags");
			tags.forEach(sorted::add);
		}
		return JSON.rebuild()
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.build()
			.writeValueAsString(JSON.treeToValue(tree, Object.class)) + "\n";
	}

	private static String render(ChangedOpenApi diff) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
			new ConsoleRender().render(diff, writer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static String read(Path baseline) {
		try {
			return Files.readString(baseline, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
