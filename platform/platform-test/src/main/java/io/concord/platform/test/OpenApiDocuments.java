package io.concord.platform.test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation rules every service's OpenAPI documents keep, checked against the
 * running application: a storefront developer builds against the documents, so an
 * operation added without its documentation fails the service's build.
 * <ul>
 * <li>Every operation the service's own controllers serve (not {@link Hidden}) is in the
 * full document ({@code /v3/api-docs}) with a summary, a description saying who may call
 * it, and tags by business capability, each declared once with a description.</li>
 * <li>An operation with a path variable documents its 404 (unless exempted, with a
 * reason, by the caller); a public operation documents at least one 4xx answer (problem
 * answers declared with the platform's {@code @ProblemResponse} are rendered into the
 * document, so the document is the one place to look).</li>
 * <li>The public document ({@code /v3/api-docs/public}, what the gateway publishes) holds
 * only {@code /api/} and {@code /webhooks/} operations, sends callers to the gateway,
 * says who may call each operation and documents the rate limit's 429; and it keeps every
 * promise of its committed baseline ({@link OpenApiBaseline}).</li>
 * </ul>
 */
public final class OpenApiDocuments {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final String service;

	private final String ownPackage;

	private final Set<String> withoutNotFound = new LinkedHashSet<>();

	private OpenApiDocuments(String baseUrl, String service, String ownPackage) {
		this.baseUrl = baseUrl;
		this.service = service;
		this.ownPackage = ownPackage;
	}

	/**
	 * The documents of {@code service} (e.g. "member-service") served at {@code baseUrl};
	 * its own controllers are those under {@code ownPackage}.
	 */
	public static OpenApiDocuments of(String baseUrl, String service, String ownPackage) {
		return new OpenApiDocuments(baseUrl, service, ownPackage);
	}

	/**
	 * Operations ("PUT /admin/x/{id}") with a path variable that never answer 404: a PUT
	 * that creates or replaces, or a read that answers an empty list or defaults. Each
	 * must exist, so the list cannot go stale.
	 */
	public OpenApiDocuments withoutNotFound(String... operations) {
		this.withoutNotFound.addAll(List.of(operations));
		return this;
	}

	/**
	 * Every own operation documented as the rules say; at least {@code atLeast} of them,
	 * so the check cannot pass by finding none.
	 */
	public void assertEveryOperationDocumented(RequestMappingHandlerMapping mappings, int atLeast) {
		JsonNode document = document("/v3/api-docs");
		Map<String, String> tagDescriptions = new HashMap<>();
		List<String> tagNames = new ArrayList<>();
		document.path("tags").forEach((tag) -> {
			tagNames.add(tag.path("name").asString());
			tagDescriptions.put(tag.path("name").asString(), tag.path("description").asString(""));
		});
		Set<String> operations = ownOperations(mappings);
		assertThat(operations).as(this.service + "'s own operations").hasSizeGreaterThanOrEqualTo(atLeast);
		assertThat(operations).as("operations exempted from documenting a 404").containsAll(this.withoutNotFound);
		List<String> problems = new ArrayList<>();
		Set<String> tagsUsed = new TreeSet<>();
		for (String operation : operations) {
			String[] methodAndPath = operation.split(" ", 2);
			String path = methodAndPath[1];
			JsonNode documented = document.path("paths").path(path).path(methodAndPath[0].toLowerCase(Locale.ROOT));
			if (documented.isMissingNode()) {
				problems.add(operation + ": not in the document");
				continue;
			}
			if (documented.path("summary").asString("").isBlank()) {
				problems.add(operation + ": no summary");
			}
			if (!documented.path("description").asString("").contains("Who may call")) {
				problems.add(operation + ": the description does not say who may call it");
			}
			if (documented.path("tags").isEmpty()) {
				problems.add(operation + ": no tag");
			}
			documented.path("tags").forEach((tag) -> tagsUsed.add(tag.asString()));
			Set<Integer> statuses = new TreeSet<>();
			documented.path("responses").propertyNames().forEach((code) -> {
				if (code.matches("\\d{3}")) {
					statuses.add(Integer.parseInt(code));
				}
			});
			if (path.contains("{") && !this.withoutNotFound.contains(operation) && !statuses.contains(404)) {
				problems.add(operation + ": a path variable but no 404 documented");
			}
			if ((path.startsWith("/api/") || path.startsWith("/webhooks/"))
					&& statuses.stream().noneMatch((status) -> status >= 400 && status < 500)) {
				problems.add(operation + ": no 4xx answer documented");
			}
		}
		assertThat(problems).as("operations a storefront developer cannot build against").isEmpty();
		assertThat(tagsUsed).as("tags by business capability, not by class")
			.noneMatch((tag) -> tag.endsWith("-controller"))
			.allSatisfy((tag) -> assertThat(tagDescriptions.get(tag)).as("description of tag " + tag).isNotBlank());
		assertThat(tagNames.stream().filter(tagsUsed::contains)).as("each tag declared once, with one description")
			.doesNotHaveDuplicates();
	}

	/**
	 * The public document holds only API and webhook operations, each saying who may call
	 * it and documenting the 429 of the rate limit, and points callers at the gateway;
	 * the full document has the admin and the internal or development operations the
	 * public one must not (so the check is not vacuous).
	 */
	public void assertPublicDocumentShowsOnlyApiAndWebhooks() {
		JsonNode open = document("/v3/api-docs/public");
		assertThat(open.path("info").path("title").asString()).isEqualTo("Concord " + this.service + " API");
		assertThat(open.path("servers")).hasSize(1);
		assertThat(open.path("servers").path(0).path("url").asString()).isEqualTo("http://localhost:8080");
		assertThat(new ArrayList<>(open.path("paths").propertyNames())).isNotEmpty()
			.allMatch((path) -> path.startsWith("/api/") || path.startsWith("/webhooks/"));
		open.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			assertThat(operation.getValue().path("description").asString()).as(operation.getKey() + " " + path.getKey())
				.contains("Who may call:");
			assertThat(operation.getValue().path("responses").has("429")).as(operation.getKey() + " " + path.getKey())
				.isTrue();
		}));
		List<String> fullPaths = new ArrayList<>(document("/v3/api-docs").path("paths").propertyNames());
		assertThat(fullPaths).anyMatch((path) -> path.startsWith("/internal/") || path.startsWith("/dev/"));
		assertThat(fullPaths).anyMatch((path) -> path.startsWith("/admin/"));
	}

	/**
	 * The public document keeps every promise of {@code contracts/openapi/<service>.json}
	 * (the test runs in the service's module directory).
	 */
	public void assertPublicDocumentKeepsTheBaseline() {
		OpenApiBaseline.assertCompatible(publicDocument(), Path.of("../contracts/openapi/" + this.service + ".json"));
	}

	private String publicDocument() {
		HttpResponse<String> answer = TestHttp.call(this.baseUrl, "GET", "/v3/api-docs/public", null, null);
		assertThat(answer.statusCode()).as("/v3/api-docs/public").isEqualTo(200);
		return answer.body();
	}

	/**
	 * "GET /api/members/me" for every handler method of the service's own controllers.
	 */
	private Set<String> ownOperations(RequestMappingHandlerMapping mappings) {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			HandlerMethod handler = mapping.getValue();
			if (!handler.getBeanType().getPackageName().startsWith(this.ownPackage)
					|| handler.hasMethodAnnotation(Hidden.class)
					|| handler.getBeanType().isAnnotationPresent(Hidden.class)) {
				continue;
			}
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			assertThat(methods).as(handler + " names its HTTP method").isNotEmpty();
			for (String path : mapping.getKey().getPatternValues()) {
				methods.forEach((method) -> operations.add(method.name() + " " + path));
			}
		}
		return operations;
	}

	private JsonNode document(String path) {
		HttpResponse<String> answer = TestHttp.call(this.baseUrl, "GET", path, null, null);
		assertThat(answer.statusCode()).as(path).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

}
