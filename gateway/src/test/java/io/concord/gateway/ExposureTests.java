package io.concord.gateway;

import java.net.http.HttpResponse;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the public door shows about the gateway and the services (L1): the probes only;
 * metrics, info and Prometheus on the management port, which nothing outside reaches; the
 * services' public OpenAPI documents for anyone, the full ones for staff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExposureTests {

	private static final Downstreams SERVICES = new Downstreams();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.close();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
			"/actuator/info", "/actuator/health", "/actuator", "/actuator/env", "/actuator/gateway/routes" })
	@DisplayName("L1: the public port serves no actuator endpoint")
	void l1_thePublicPortServesNoActuatorEndpoint(String path) {
		HttpResponse<String> response = new GatewayHttp(this.port).get(path, null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("https://concord.dev/problems/not-found").doesNotContain("jvm_");
	}

	@Test
	void theAsyncApiPageServesTheCommittedDocumentItsSchemasAndTheRendererToAnyone() throws Exception {
		GatewayHttp http = new GatewayHttp(this.port);
		HttpResponse<String> shortAddress = http.get("/asyncapi/", null);
		assertThat(shortAddress.statusCode()).isEqualTo(307);
		assertThat(shortAddress.headers().firstValue("Location")).hasValue("/asyncapi/index.html");
		HttpResponse<String> page = http.get("/asyncapi/index.html", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("renderer/index.js", "page.js");
		HttpResponse<String> renderer = http.get("/asyncapi/renderer/index.js", null);
		assertThat(renderer.statusCode()).isEqualTo(200);
		assertThat(renderer.body()).as("the AsyncAPI React standalone bundle").contains("AsyncApiStandalone");
		HttpResponse<String> document = http.get("/asyncapi/docs/asyncapi.yaml", null);
		assertThat(document.statusCode()).isEqualTo(200);
		java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
		assertThat(document.body()).isEqualTo(java.nio.file.Files.readString(root.resolve("docs/asyncapi.yaml")));
		// The document's relative payload references resolve beside it.
		HttpResponse<String> schema = http.get("/asyncapi/contracts/schemas/fulfillment/OrderPlaced.v1.schema.json",
				null);
		assertThat(schema.statusCode()).isEqualTo(200);
		assertThat(schema.body()).isEqualTo(java.nio.file.Files
			.readString(root.resolve("contracts/schemas/fulfillment/OrderPlaced.v1.schema.json")));
		assertThat(http.get("/asyncapi/../application.yml", null).statusCode()).isNotEqualTo(200);
	}

	@Test
	void theProbesAnswerOnThePublicPortWithoutDetails() {
		for (String probe : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> response = new GatewayHttp(this.port).get(probe, null);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
		}
	}

	@Test
	@DisplayName("L1: Prometheus scrapes and the probes answer on the management port")
	void l1_theManagementPortServesPrometheusAndTheProbes() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		GatewayHttp management = new GatewayHttp(this.managementPort);
		HttpResponse<String> prometheus = management.get("/actuator/prometheus", null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("concord_gateway_in_flight");
		assertThat(management.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		assertThat(management.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("L1: the public OpenAPI documents are the services' public group; the full ones need a staff token")
	void l1_publicDocumentsAreThePublicGroupAndTheFullOnesNeedAStaffToken() {
		GatewayHttp http = new GatewayHttp(this.port);
		HttpResponse<String> published = http.get("/openapi/fulfillment-service", null);
		assertThat(published.statusCode()).isEqualTo(200);
		assertThat(published.body()).isEqualTo("fulfillment /v3/api-docs/public");

		assertThat(http.get("/admin/fulfillment/openapi", null).statusCode()).isEqualTo(401);
		assertThat(http.get("/admin/fulfillment/openapi", TestIssuers.get().memberToken(java.util.UUID.randomUUID()))
			.statusCode()).isEqualTo(403);
		HttpResponse<String> full = http.get("/admin/fulfillment/openapi",
				TestIssuers.get().staffToken("viewer-1", "ops-viewer"));
		assertThat(full.statusCode()).isEqualTo(200);
		assertThat(full.body()).isEqualTo("fulfillment /v3/api-docs");
	}

}
