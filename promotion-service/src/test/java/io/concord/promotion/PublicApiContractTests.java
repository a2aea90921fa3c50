package io.concord.promotion;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.concord.platform.test.OpenApiBaseline;
import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API document (what the gateway publishes at
 * {@code /openapi/promotion-service}) keeps every promise of its committed baseline,
 * contracts/openapi/promotion-service.json (docs/api-versioning.md says how to change it
 * deliberately).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicApiContractTests {

	private static final Path BASELINE = Path.of("../contracts/openapi/promotion-service.json");

	@LocalServerPort
	int port;

	@Test
	void thePublicDocumentKeepsTheBaselinesContract() {
		OpenApiBaseline.assertCompatible(publicDocument(), BASELINE);
	}

	@Test
	void thePublicDocumentSendsCallersThroughTheGatewayAndSaysWhoMayCallEachOperation() {
		JsonNode document = JsonMapper.builder().build().readTree(publicDocument());
		assertThat(document.path("info").path("title").asString()).isEqualTo("Concord promotion-service API");
		assertThat(document.path("servers")).hasSize(1);
		assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("http://localhost:8080");
		assertThat(document.path("paths").propertyNames()).isNotEmpty()
			.allMatch((path) -> path.startsWith("/api/") || path.startsWith("/webhooks/"));
		document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			assertThat(operation.getValue().path("description").asString()).as(operation.getKey() + " " + path.getKey())
				.contains("Who may call:");
			assertThat(operation.getValue().path("responses").has("429")).isTrue();
		}));
	}

	private String publicDocument() {
		HttpResponse<String> response = TestHttp.call("http://localhost:" + this.port, "GET", "/v3/api-docs/public",
				null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
