package io.concord.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's OpenAPI comes in two documents: the {@code public} group (what the
 * gateway publishes at {@code /openapi/{service}}) and the full one (staff only, through
 * {@code /admin/{service}/openapi}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicOpenApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	int port;

	@Test
	@DisplayName("L1: the public document has the storefront and webhook operations only")
	void l1_thePublicDocumentHasTheStorefrontAndWebhookOperationsOnly() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs/public");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(paths(response)).containsExactlyInAnyOrder("/api/test/catalogue", "/webhooks/test/callbacks");
		assertThat(response.body()).doesNotContain("/admin/", "/internal/", "/dev/", "/test/orders");
	}

	@Test
	void theFullDocumentHasEveryOperation() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(paths(response)).contains("/api/test/catalogue", "/webhooks/test/callbacks", "/admin/test/audit",
				"/internal/test/reservations", "/dev/test/codes", "/test/orders");
	}

	private static java.util.List<String> paths(HttpResponse<String> document) {
		JsonNode paths = JSON.readTree(document.body()).path("paths");
		return paths.propertyNames().stream().toList();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
