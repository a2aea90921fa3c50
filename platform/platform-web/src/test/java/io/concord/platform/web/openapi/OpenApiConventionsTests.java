package io.concord.platform.web.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.concord.platform.web.IdempotencyKeyRequired;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions every service's documents get, on a small application with Concord's
 * kind of access rules: anonymous reads, member operations, staff operations by role.
 */
@SpringBootTest(classes = OpenApiConventionsTests.OpenApiTestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=catalogue-service",
				"concord.openapi.server-url=https://api.example.test",
				"concord.openapi.description=Products and prices.",
				"concord.openapi.tags.catalogue=Products shoppers browse",
				"concord.openapi.staff-token-url=https://staff.example.test/oauth2/token" })
class OpenApiConventionsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	int port;

	JsonNode document;

	@BeforeEach
	void fetch() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs"))
				.timeout(Duration.ofSeconds(20))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		this.document = JSON.readTree(response.body());
	}

	@Test
	void describesTheServiceWithTheGatewayAsItsOnlyServer() {
		JsonNode info = this.document.path("info");
		assertThat(info.path("title").asString()).isEqualTo("Concord catalogue-service API");
		assertThat(info.path("description").asString()).isEqualTo("Products and prices.");
		assertThat(info.path("version").asString()).isNotBlank().isNotEqualTo("v0");
		assertThat(info.path("contact").path("email").asString()).isEqualTo("api@concord.dev");
		assertThat(this.document.path("servers")).hasSize(1);
		assertThat(this.document.path("servers").path(0).path("url").asString()).isEqualTo("https://api.example.test");
		assertThat(this.document.path("tags").toString()).contains("Products shoppers browse");
	}

	@Test
	void declaresTheMemberAndStaffTokenSchemesAndTheProblemSchema() {
		JsonNode schemes = this.document.path("components").path("securitySchemes");
		assertThat(schemes.path("memberToken").path("type").asString()).isEqualTo("http");
		assertThat(schemes.path("memberToken").path("scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.path("memberToken").path("bearerFormat").asString()).isEqualTo("JWT");
		JsonNode staff = schemes.path("staffToken");
		assertThat(staff.path("type").asString()).isEqualTo("oauth2");
		assertThat(staff.path("flows").path("clientCredentials").path("tokenUrl").asString())
			.isEqualTo("https://staff.example.test/oauth2/token");
		assertThat(staff.path("flows").path("clientCredentials").path("scopes").propertyNames())
			.containsExactly("ops-viewer", "ops-manager", "admin");
		assertThat(this.document.path("components").path("schemas").path("Problem").path("properties").propertyNames())
			.contains("type", "title", "status", "detail", "instance", "requestId", "errors");
	}

	@Test
	void derivesEachOperationsSecurityFromTheServicesRules() {
		JsonNode browse = operation("/api/catalogue/products/{sku}", "get");
		assertThat(browse.path("security")).isEmpty();
		assertThat(browse.path("description").asString()).contains("Who may call:** anyone");
		assertThat(browse.path("responses").has("401")).isFalse();
		JsonNode favourite = operation("/api/catalogue/favourites", "post");
		assertThat(favourite.path("security").path(0).has("memberToken")).isTrue();
		assertThat(favourite.path("description").asString()).contains("a signed-in member");
		assertThat(favourite.path("responses").has("401")).isTrue();
		assertThat(favourite.path("responses").has("403")).isTrue();
		JsonNode audit = operation("/admin/catalogue/audit", "get");
		assertThat(audit.path("security").path(0).path("staffToken").path(0).asString()).isEqualTo("ops-viewer");
		assertThat(operation("/admin/catalogue/prices/{sku}", "post").path("security")
			.path(0)
			.path("staffToken")
			.path(0)
			.asString()).isEqualTo("ops-manager");
		assertThat(operation("/admin/catalogue/config/currencies", "post").path("description").asString())
			.contains("staff with role `admin`");
		JsonNode webhook = operation("/webhooks/catalogue/feeds", "post");
		assertThat(webhook.path("security")).isEmpty();
		assertThat(webhook.path("description").asString()).contains("signature");
	}

	@Test
	void documentsAnnotatedAndConventionalProblemsWithTheSharedSchema() {
		JsonNode responses = operation("/api/catalogue/favourites", "post").path("responses");
		JsonNode conflict = responses.path("409").path("content").path("application/problem+json");
		assertThat(conflict.path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/Problem");
		assertThat(conflict.path("examples").path("favourite-limit").path("value").path("type").asString())
			.isEqualTo("https://concord.dev/problems/favourite-limit");
		assertThat(conflict.path("examples").path("favourite-limit").path("value").path("status").asInt())
			.isEqualTo(409);
		assertThat(
				responses.path("400").path("content").path("application/problem+json").path("examples").propertyNames())
			.contains("validation", "malformed-request", "idempotency-key-missing");
		assertThat(responses.has("413")).isTrue();
		assertThat(responses.has("429")).isTrue();
		assertThat(responses.has("503")).isTrue();
		JsonNode browse = operation("/api/catalogue/products/{sku}", "get").path("responses");
		assertThat(browse.has("413")).isFalse();
		assertThat(browse.path("400").path("content").path("application/problem+json").path("examples").propertyNames())
			.contains("validation");
	}

	@Test
	void documentsTheIdempotencyRequestIdAndRetryHeaders() {
		JsonNode favourite = operation("/api/catalogue/favourites", "post");
		assertThat(parameter(favourite, "Idempotency-Key").path("required").asBoolean()).isTrue();
		assertThat(favourite.path("parameters").toString()).contains("#/components/parameters/X-Request-Id");
		assertThat(favourite.path("responses").path("200").path("headers").propertyNames()).contains("X-Request-Id",
				"Idempotent-Replayed");
		assertThat(favourite.path("responses").path("409").path("headers").propertyNames()).contains("Retry-After");
		assertThat(favourite.path("responses").path("429").path("headers").propertyNames()).contains("Retry-After");
		JsonNode price = operation("/admin/catalogue/prices/{sku}", "post");
		assertThat(parameter(price, "Idempotency-Key").path("required").asBoolean()).isFalse();
		assertThat(operation("/api/catalogue/products/{sku}", "get").path("parameters").toString())
			.doesNotContain("Idempotency-Key");
	}

	private JsonNode operation(String path, String method) {
		JsonNode operation = this.document.path("paths").path(path).path(method);
		assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
		return operation;
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		for (JsonNode parameter : operation.path("parameters")) {
			if (name.equals(parameter.path("name").asString(""))) {
				return parameter;
			}
		}
		throw new AssertionError("No parameter " + name + " in " + operation);
	}

	record Favourite(String sku) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableWebSecurity
	@Import(Catalogue.class)
	static class OpenApiTestApplication {

		// Concord's kind of rules (platform-security's are the real ones).
		@Bean
		SecurityFilterChain rules(HttpSecurity http) throws Exception {
			return http.csrf((csrf) -> csrf.disable())
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/error")
							.permitAll()
							.requestMatchers(HttpMethod.GET, "/api/catalogue/products/*")
							.permitAll()
							.requestMatchers("/webhooks/**")
							.permitAll()
							.requestMatchers(HttpMethod.GET, "/admin/catalogue/**")
							.hasRole("ops-viewer")
							.requestMatchers("/admin/catalogue/config/**")
							.hasRole("admin")
							.requestMatchers("/admin/catalogue/**")
							.hasRole("ops-manager")
							.anyRequest()
							.hasAuthority("MEMBER"))
				.build();
		}

	}

	@RestController
	static class Catalogue {

		@GetMapping("/api/catalogue/products/{sku}")
		String product(@PathVariable String sku) {
			return sku;
		}

		@PostMapping("/api/catalogue/favourites")
		@IdempotencyKeyRequired
		@ProblemResponse(status = 409, type = "favourite-limit", when = "the member has as many favourites as allowed")
		org.springframework.http.ResponseEntity<Favourite> favourite(@RequestBody Favourite favourite) {
			return org.springframework.http.ResponseEntity.status(201).body(favourite);
		}

		@GetMapping("/admin/catalogue/audit")
		String audit() {
			return "[]";
		}

		@PostMapping("/admin/catalogue/prices/{sku}")
		String price(@PathVariable String sku, @RequestBody Favourite price) {
			return sku;
		}

		@PostMapping("/admin/catalogue/config/currencies")
		String currencies(@RequestBody Favourite currency) {
			return "ok";
		}

		@PostMapping("/webhooks/catalogue/feeds")
		String feed(@RequestBody Favourite feed) {
			return "ok";
		}

	}

}
