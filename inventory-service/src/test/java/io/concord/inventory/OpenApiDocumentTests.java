package io.concord.inventory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.concord.platform.test.TestHttp;
import io.concord.platform.web.openapi.ProblemResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents a storefront developer builds against: every operation of this
 * service says what it does, who may call it and which problems it answers, is tagged by
 * a described business capability, and the public document holds no development-only or
 * internal operation. An operation added without its documentation fails here. Problem
 * answers count when the document lists their status or the handler declares them with
 * {@link ProblemResponse} (which the platform renders into the document).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	/**
	 * Operations with a path variable that never answer 404, each for a reason: a PUT
	 * that creates or replaces, or a read that answers an empty list or defaults.
	 */
	private static final Set<String> NO_NOT_FOUND = Set.of("PUT /admin/inventory/skus/{sku}",
			"PUT /admin/inventory/locations/{code}", "PUT /admin/inventory/channels/{channel}/locations",
			"PUT /admin/inventory/regions/{code}", "GET /admin/inventory/stock/{sku}",
			"GET /admin/inventory/config/replenishment-policies/{sku}/{location}");

	@Value("${local.server.port}")
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyOperationHasASummaryWhoMayCallItATagAndItsNotFoundAnswer() {
		JsonNode document = document("/v3/api-docs");
		Set<String> describedTags = new HashSet<>();
		document.path("tags").forEach((tag) -> {
			if (!tag.path("description").asString("").isBlank()) {
				describedTags.add(tag.path("name").asString());
			}
		});
		Map<String, HandlerMethod> handlers = handlers();
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Operation operation : operations(document)) {
			HandlerMethod handler = handlers.get(operation.key());
			if (handler == null) {
				problems.add(operation.key() + ": no handler found");
				continue;
			}
			if (!handler.getBeanType().getPackageName().startsWith("io.concord.inventory")) {
				continue; // the platform's operations are documented by the platform
			}
			checked++;
			JsonNode node = operation.node();
			if (node.path("summary").asString("").isBlank()) {
				problems.add(operation.key() + ": no summary");
			}
			if (!node.path("description").asString("").contains("Who may call")) {
				problems.add(operation.key() + ": the description does not say who may call it");
			}
			if (node.path("tags").isEmpty()) {
				problems.add(operation.key() + ": no tag");
			}
			node.path("tags").forEach((tag) -> {
				if (!describedTags.contains(tag.asString())) {
					problems.add(operation.key() + ": tag " + tag.asString() + " has no description");
				}
				if (tag.asString().endsWith("-controller")) {
					problems.add(operation.key() + ": tagged by class (" + tag.asString() + ")");
				}
			});
			Set<Integer> statuses = problemStatuses(node, handler.getMethod());
			if (operation.path().contains("{") && !NO_NOT_FOUND.contains(operation.key()) && !statuses.contains(404)) {
				problems.add(operation.key() + ": a path variable but no 404 documented");
			}
			if ((operation.path().startsWith("/api/") || operation.path().startsWith("/webhooks/"))
					&& statuses.stream().noneMatch((status) -> status >= 400 && status < 500)) {
				problems.add(operation.key() + ": no 4xx answer documented");
			}
		}
		assertThat(problems).isEmpty();
		assertThat(checked).isGreaterThanOrEqualTo(40);
		assertThat(NO_NOT_FOUND).allSatisfy((key) -> assertThat(handlers).containsKey(key));
	}

	@Test
	void thePublicDocumentHoldsOnlyApiAndWebhookOperations() {
		JsonNode full = document("/v3/api-docs");
		JsonNode open = document("/v3/api-docs/public");
		List<String> fullPaths = new ArrayList<>(full.path("paths").propertyNames());
		List<String> publicPaths = new ArrayList<>(open.path("paths").propertyNames());
		// Not vacuous: the full document has what the public one must not.
		assertThat(fullPaths).anyMatch((path) -> path.startsWith("/internal/") || path.startsWith("/dev/"));
		assertThat(fullPaths).anyMatch((path) -> path.startsWith("/admin/"));
		assertThat(publicPaths).isNotEmpty()
			.allMatch((path) -> path.startsWith("/api/") || path.startsWith("/webhooks/"))
			.noneMatch((path) -> path.startsWith("/dev/") || path.startsWith("/internal/"));
	}

	private JsonNode document(String path) {
		var answer = TestHttp.call("http://localhost:" + this.port, "GET", path, null, null);
		assertThat(answer.statusCode()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	private static List<Operation> operations(JsonNode document) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				if (HTTP_METHODS.contains(method.getKey())) {
					operations.add(new Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
							method.getValue()));
				}
			}
		}
		assertThat(operations).isNotEmpty();
		return operations;
	}

	private Map<String, HandlerMethod> handlers() {
		Map<String, HandlerMethod> handlers = new HashMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			for (String pattern : mapping.getKey().getPatternValues()) {
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.values()) : methods) {
					handlers.put(method.name() + " " + pattern, mapping.getValue());
				}
			}
		}
		return handlers;
	}

	// The statuses the document lists, and those the handler declares for the platform
	// to render.
	private static Set<Integer> problemStatuses(JsonNode operation, Method handler) {
		Set<Integer> statuses = new HashSet<>();
		operation.path("responses").propertyNames().forEach((code) -> {
			if (code.matches("\\d{3}")) {
				statuses.add(Integer.parseInt(code));
			}
		});
		AnnotatedElementUtils.findMergedRepeatableAnnotations(handler, ProblemResponse.class)
			.forEach((problem) -> statuses.add(problem.status()));
		return statuses;
	}

	private record Operation(String method, String path, JsonNode node) {

		String key() {
			return this.method + " " + this.path;
		}

	}

}
