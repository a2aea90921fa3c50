package io.concord.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.concord.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of every service's OpenAPI document, as its caller would reach it
 * through the gateway, gets malformed, oversized, wrong-typed, negative, overflowing and
 * missing values generated from the document's own schemas. Whatever it is sent, it must
 * answer a 4xx (or a 2xx, when the value happened to be acceptable) and every 4xx must be
 * {@code application/problem+json} without a trace of the server's internals: never a
 * 5xx, never a stack trace.
 */
@DisplayName("Contract fuzzing of every operation through the gateway")
@org.junit.jupiter.api.Order(Integer.MAX_VALUE)
class ContractFuzzSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	/**
	 * The documents, per service, by the admin prefix that reaches their full version.
	 */
	private static final Map<String, String> SERVICES = Map.of("member-service", "members", "inventory-service",
			"inventory", "promotion-service", "promotions", "fulfillment-service", "fulfillment");

	/** Operations that end the caller's own session or the fuzzing itself. */
	private static final List<String> SKIPPED = List.of("DELETE /api/members/me",
			"POST /admin/members/config/signing-keys/rotation",
			"POST /admin/members/config/personal-data-keys/re-encryption", "POST /admin/members/lifecycle/evaluations",
			"POST /admin/inventory/forecasts/runs");

	private static final String[] TRACES = { "Exception", "\tat ", "java.", "org.springframework", "SQLState", "jdbc",
			"NullPointer", "stack" };

	private static String gateway;

	private static String admin;

	private static String member;

	@BeforeAll
	static void stack() {
		LocalStack stack = SystemStack.get();
		gateway = stack.gatewayUrl();
		admin = stack.staffToken("admin");
		member = stack.newMemberToken();
	}

	static Stream<String> services() {
		return SERVICES.keySet().stream().sorted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void everyOperationAnswersBadInputWithAProblemNeverA5xx(String service) throws Exception {
		JsonNode document = JSON.readTree(get("/admin/" + SERVICES.get(service) + "/openapi", admin).body());
		assertThat(document.path("paths").size()).as("the %s document lists its operations", service).isPositive();
		List<String> failures = new ArrayList<>();
		int cases = 0;
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
				if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
						|| skipped(method, path.getKey())) {
					continue;
				}
				for (Case fuzz : cases(document, path.getKey(), operation.getValue())) {
					cases++;
					HttpResponse<String> answer = send(method, fuzz, tokenFor(path.getKey()));
					String failure = judge(answer);
					if (failure != null) {
						failures.add(method + " " + fuzz.target() + " (" + fuzz.what() + "): " + failure);
					}
				}
			}
		}
		System.out.println("Fuzzed " + service + ": " + cases + " cases");
		assertThat(cases).as("cases generated for %s", service).isGreaterThan(100);
		assertThat(failures).as("%s: answers that were not a clean problem", service).isEmpty();
	}

	@org.junit.jupiter.api.Test
	void aTooLongUriIsAProblemToo() throws Exception {
		HttpResponse<String> tooLong = send("GET",
				new Case("/api/inventory/availability?channel=APP&skus=" + "A".repeat(20_000), null, null, "long"),
				null);
		assertThat(tooLong.statusCode()).isEqualTo(414);
		assertThat(tooLong.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private static boolean skipped(String method, String path) {
		return SKIPPED.contains(method + " " + path) || path.startsWith("/dev/") || path.startsWith("/internal/");
	}

	private static String tokenFor(String path) {
		if (path.startsWith("/admin/")) {
			return admin;
		}
		return path.startsWith("/api/") ? member : null;
	}

	/** Null when the answer is acceptable; else what is wrong with it. */
	private static String judge(HttpResponse<String> answer) {
		int status = answer.statusCode();
		if (status >= 500) {
			return "answered " + status + ": " + abbreviate(answer.body());
		}
		if (status >= 400) {
			String type = answer.headers().firstValue("Content-Type").orElse("");
			if (!type.startsWith("application/problem+json")) {
				return status + " with Content-Type '" + type + "': " + abbreviate(answer.body());
			}
			for (String trace : TRACES) {
				if (answer.body().contains(trace)) {
					return status + " mentions '" + trace + "': " + abbreviate(answer.body());
				}
			}
		}
		return null;
	}

	/** One request: the target with its path and query values, and maybe a body. */
	record Case(String target, String contentType, String body, String what) {
	}

	/**
	 * The fuzz cases of one operation: each parameter and each body field spoiled in
	 * turn, plus bodies that are not what the schema asks for at all.
	 */
	private static List<Case> cases(JsonNode document, String path, JsonNode operation) {
		List<JsonNode> parameters = new ArrayList<>();
		operation.path("parameters").forEach(parameters::add);
		Map<String, String> good = new LinkedHashMap<>();
		for (JsonNode parameter : parameters) {
			good.put(parameter.path("name").asString(), plausible(resolve(document, parameter.path("schema"))));
		}
		JsonNode bodySchema = resolve(document,
				operation.path("requestBody").path("content").path("application/json").path("schema"));
		boolean hasBody = !bodySchema.isMissingNode();
		String goodBody = hasBody ? JSON.writeValueAsString(sample(document, bodySchema, 0)) : null;
		List<Case> cases = new ArrayList<>();
		for (JsonNode parameter : parameters) {
			String name = parameter.path("name").asString();
			String in = parameter.path("in").asString();
			if (!in.equals("path") && !in.equals("query")) {
				continue;
			}
			for (Map.Entry<String, String> bad : badScalars().entrySet()) {
				Map<String, String> values = new LinkedHashMap<>(good);
				values.put(name, bad.getValue());
				cases.add(new Case(target(path, parameters, values), hasBody ? "application/json" : null, goodBody,
						in + " " + name + " " + bad.getKey()));
			}
			if (in.equals("query") && parameter.path("required").asBoolean(false)) {
				Map<String, String> values = new LinkedHashMap<>(good);
				values.remove(name);
				cases.add(new Case(target(path, parameters, values), hasBody ? "application/json" : null, goodBody,
						"missing " + name));
			}
		}
		String target = target(path, parameters, good);
		if (hasBody) {
			cases.add(new Case(target, "application/json", "{", "truncated JSON"));
			cases.add(new Case(target, "application/json", "[]", "an array for an object"));
			cases.add(new Case(target, "application/json", "\"text\"", "a string for an object"));
			cases.add(new Case(target, "application/json", "null", "null"));
			cases.add(new Case(target, "application/json", "{}", "every field missing"));
			cases.add(new Case(target, "text/plain", "hello", "not JSON at all"));
			cases.add(new Case(target, "application/json", "[".repeat(5_000) + "]".repeat(5_000), "deep nesting"));
			if (bodySchema.path("properties").isObject()) {
				for (Map.Entry<String, JsonNode> property : resolvedProperties(document, bodySchema).entrySet()) {
					for (Map.Entry<String, JsonNode> bad : badValues().entrySet()) {
						ObjectNode spoiled = (ObjectNode) sample(document, bodySchema, 0);
						spoiled.set(property.getKey(), bad.getValue());
						cases.add(new Case(target, "application/json", JSON.writeValueAsString(spoiled),
								property.getKey() + " " + bad.getKey()));
					}
					ObjectNode without = (ObjectNode) sample(document, bodySchema, 0);
					without.remove(property.getKey());
					cases.add(new Case(target, "application/json", JSON.writeValueAsString(without),
							"without " + property.getKey()));
				}
			}
		}
		else if (cases.isEmpty()) {
			cases.add(new Case(target, null, null, "as documented"));
		}
		return cases;
	}

	private static Map<String, String> badScalars() {
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("empty", "");
		bad.put("wrong type", "not-a-number-or-id");
		bad.put("negative", "-1");
		bad.put("overflowing", "99999999999999999999999999");
		bad.put("oversized", "x".repeat(3_000));
		bad.put("unicode", "\u0000\u202e\uD83D\uDE00");
		bad.put("sql", "' or 1=1 --");
		return bad;
	}

	private static Map<String, JsonNode> badValues() {
		Map<String, JsonNode> bad = new LinkedHashMap<>();
		bad.put("null", JSON.nullNode());
		bad.put("wrong type (object)", JSON.createObjectNode().put("nested", true));
		bad.put("wrong type (string)", JSON.getNodeFactory().textNode("not the right type"));
		bad.put("negative", JSON.getNodeFactory().numberNode(-1));
		bad.put("overflowing", JSON.getNodeFactory().numberNode(new java.math.BigInteger("9223372036854775808")));
		bad.put("huge float", JSON.getNodeFactory().numberNode(1e308));
		bad.put("oversized string", JSON.getNodeFactory().textNode("x".repeat(100_000)));
		ArrayNode many = JSON.createArrayNode();
		for (int i = 0; i < 5_000; i++) {
			many.add(i);
		}
		bad.put("huge array", many);
		return bad;
	}

	private static String target(String path, List<JsonNode> parameters, Map<String, String> values) {
		String target = path;
		StringBuilder query = new StringBuilder();
		for (JsonNode parameter : parameters) {
			String name = parameter.path("name").asString();
			if (!values.containsKey(name)) {
				continue;
			}
			String value = URLEncoder.encode(values.get(name), StandardCharsets.UTF_8).replace("+", "%20");
			if (parameter.path("in").asString().equals("path")) {
				target = target.replace("{" + name + "}", value);
			}
			else if (parameter.path("in").asString().equals("query")) {
				query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
			}
		}
		return target + query;
	}

	/**
	 * A value that would pass for the parameter, so that only the spoiled one is wrong.
	 */
	private static String plausible(JsonNode schema) {
		String type = schema.path("type").asString("string");
		if (schema.has("enum")) {
			return schema.path("enum").get(0).asString();
		}
		return switch (type) {
			case "integer", "number" -> "1";
			case "boolean" -> "true";
			default -> "uuid".equals(schema.path("format").asString()) ? UUID.randomUUID().toString() : "FUZZ-1";
		};
	}

	/**
	 * A body that follows the schema (types, enums), to be spoiled one field at a time.
	 */
	private static JsonNode sample(JsonNode document, JsonNode schema, int depth) {
		JsonNode resolved = resolve(document, schema);
		if (depth > 6) {
			return JSON.nullNode();
		}
		if (resolved.has("enum")) {
			return resolved.path("enum").get(0);
		}
		String type = resolved.path("type").isArray() ? resolved.path("type").get(0).asString()
				: resolved.path("type").asString(resolved.has("properties") ? "object" : "string");
		return switch (type) {
			case "object" -> {
				ObjectNode object = JSON.createObjectNode();
				resolvedProperties(document, resolved)
					.forEach((name, property) -> object.set(name, sample(document, property, depth + 1)));
				yield object;
			}
			case "array" -> JSON.createArrayNode().add(sample(document, resolved.path("items"), depth + 1));
			case "integer", "number" -> JSON.getNodeFactory().numberNode(1);
			case "boolean" -> JSON.getNodeFactory().booleanNode(true);
			default -> JSON.getNodeFactory().textNode(switch (resolved.path("format").asString("")) {
				case "uuid" -> UUID.randomUUID().toString();
				case "date-time" -> "2026-12-04T00:00:00Z";
				case "date" -> "2026-12-04";
				default -> "FUZZ-1";
			});
		};
	}

	private static Map<String, JsonNode> resolvedProperties(JsonNode document, JsonNode schema) {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		JsonNode resolved = resolve(document, schema);
		for (Iterator<Map.Entry<String, JsonNode>> it = resolved.path("properties").properties().iterator(); it
			.hasNext();) {
			Map.Entry<String, JsonNode> property = it.next();
			properties.put(property.getKey(), property.getValue());
		}
		return properties;
	}

	private static JsonNode resolve(JsonNode document, JsonNode schema) {
		JsonNode current = schema;
		for (int i = 0; i < 10 && current.has("$ref"); i++) {
			String ref = current.path("$ref").asString();
			current = document.at(ref.substring(1));
		}
		if (current.has("oneOf") || current.has("anyOf")) {
			JsonNode options = current.has("oneOf") ? current.path("oneOf") : current.path("anyOf");
			for (JsonNode option : options) {
				if (!"null".equals(option.path("type").asString())) {
					return resolve(document, option);
				}
			}
		}
		return current;
	}

	private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return send("GET", new Case(path, null, null, "read"), token);
	}

	private static HttpResponse<String> send(String method, Case fuzz, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create(gateway + fuzz.target()));
		}
		catch (IllegalArgumentException ex) {
			throw new AssertionError("Not a URI: " + fuzz.target(), ex);
		}
		request.timeout(Duration.ofSeconds(30))
			.method(method,
					(fuzz.body() != null) ? HttpRequest.BodyPublishers.ofString(fuzz.body())
							: HttpRequest.BodyPublishers.noBody())
			.header("Idempotency-Key", "fuzz-" + UUID.randomUUID());
		if (fuzz.contentType() != null) {
			request.header("Content-Type", fuzz.contentType());
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String body) {
		return (body.length() > 300) ? body.substring(0, 300) + "..." : body;
	}

}
