package io.concord.promotion;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.concord.platform.test.TestHttp;
import io.swagger.v3.oas.annotations.Hidden;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storefront developer builds against the OpenAPI documents, so every operation
 * promotion-service serves is in the full document with a summary, a description saying
 * who may call it and a described tag; an operation added without them fails here. The
 * public document shows no development or internal path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyOperationHasASummaryWhoMayCallItAndADescribedTag() {
		JsonNode document = document("/v3/api-docs");
		Map<String, String> tagDescriptions = new HashMap<>();
		List<String> tagNames = new ArrayList<>();
		document.path("tags").forEach((tag) -> {
			tagNames.add(tag.path("name").asString());
			tagDescriptions.put(tag.path("name").asString(), tag.path("description").asString(""));
		});
		Set<String> operations = ownOperations();
		assertThat(operations).as("promotion-service's own operations").hasSizeGreaterThan(25);
		List<String> undocumented = new ArrayList<>();
		Set<String> tagsUsed = new TreeSet<>();
		for (String operation : operations) {
			String[] methodAndPath = operation.split(" ", 2);
			JsonNode documented = document.path("paths")
				.path(methodAndPath[1])
				.path(methodAndPath[0].toLowerCase(Locale.ROOT));
			if (documented.isMissingNode()) {
				undocumented.add(operation + ": not in the document");
				continue;
			}
			if (documented.path("summary").asString("").isBlank()) {
				undocumented.add(operation + ": no summary");
			}
			if (!documented.path("description").asString("").contains("Who may call")) {
				undocumented.add(operation + ": the description does not say who may call it");
			}
			if (documented.path("tags").isEmpty()) {
				undocumented.add(operation + ": no tag");
			}
			documented.path("tags").forEach((tag) -> tagsUsed.add(tag.asString()));
		}
		assertThat(undocumented).as("operations a storefront developer cannot build against").isEmpty();
		assertThat(tagsUsed).as("tags by business capability, not by class")
			.noneMatch((tag) -> tag.endsWith("-controller"))
			.allSatisfy((tag) -> assertThat(tagDescriptions.get(tag)).as("description of tag " + tag).isNotBlank());
		assertThat(tagNames.stream().filter(tagsUsed::contains)).as("each tag declared once, with one description")
			.doesNotHaveDuplicates();
	}

	@Test
	void thePublicDocumentHasNoDevelopmentOrInternalPaths() {
		JsonNode document = document("/v3/api-docs/public");
		List<String> paths = new ArrayList<>(document.path("paths").propertyNames());
		assertThat(paths).contains("/api/promotions/quote", "/api/promotions/wallet")
			.noneMatch((path) -> path.startsWith("/dev") || path.startsWith("/internal") || path.startsWith("/admin"));
		assertThat(new ArrayList<>(document("/v3/api-docs").path("paths").propertyNames()))
			.as("the full document has them")
			.contains("/internal/promotions/orders", "/admin/promotions/campaigns");
	}

	/**
	 * "GET /api/promotions/wallet" for every handler method of promotion-service's own
	 * controllers.
	 */
	private Set<String> ownOperations() {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			HandlerMethod handler = mapping.getValue();
			if (!handler.getBeanType().getPackageName().startsWith("io.concord.promotion")
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
		HttpResponse<String> answer = TestHttp.call("http://localhost:" + this.port, "GET", path, null, null);
		assertThat(answer.statusCode()).as(path).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

}
