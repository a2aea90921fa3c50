package io.concord.gateway;

import java.util.stream.Stream;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every route reaches the right service with the right path. The downstream services are
 * real HTTP servers that answer with who they are and what path they were asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RoutesTests {

	private static final Downstreams SERVICES = new Downstreams();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.close();
	}

	static Stream<Arguments> routes() {
		return Stream.of(Arguments.of("/api/members/42", "member", "/api/members/42"),
				Arguments.of("/api/auth/token", "member", "/api/auth/token"),
				Arguments.of("/api/inventory/availability?skus=A", "inventory", "/api/inventory/availability?skus=A"),
				Arguments.of("/api/promotions/quote", "promotion", "/api/promotions/quote"),
				Arguments.of("/api/prices?skus=A&channel=APP&currency=CNY", "promotion",
						"/api/prices?skus=A&channel=APP&currency=CNY"),
				Arguments.of("/api/orders/7", "fulfillment", "/api/orders/7"),
				Arguments.of("/api/returns/9", "fulfillment", "/api/returns/9"),
				Arguments.of("/webhooks/carriers/sf-express", "fulfillment", "/webhooks/carriers/sf-express"),
				Arguments.of("/webhooks/suppliers/warmth/purchase-orders/po-1/confirmation", "fulfillment",
						"/webhooks/suppliers/warmth/purchase-orders/po-1/confirmation"),
				Arguments.of("/webhooks/competitors/pricewatch/observations", "promotion",
						"/webhooks/competitors/pricewatch/observations"),
				Arguments.of("/admin/members/audit", "member", "/admin/members/audit"),
				Arguments.of("/admin/inventory/skus", "inventory", "/admin/inventory/skus"),
				Arguments.of("/admin/promotions/campaigns", "promotion", "/admin/promotions/campaigns"),
				Arguments.of("/admin/fulfillment/kpis", "fulfillment", "/admin/fulfillment/kpis"),
				Arguments.of("/admin/members/actuator/health", "member", "/actuator/health"),
				Arguments.of("/admin/inventory/actuator/health", "inventory", "/actuator/health"),
				Arguments.of("/admin/promotions/actuator/health/readiness", "promotion", "/actuator/health/readiness"),
				Arguments.of("/admin/fulfillment/actuator/prometheus", "fulfillment", "/actuator/prometheus"),
				Arguments.of("/openapi/member-service", "member", "/v3/api-docs/public"),
				Arguments.of("/openapi/inventory-service", "inventory", "/v3/api-docs/public"),
				Arguments.of("/openapi/promotion-service", "promotion", "/v3/api-docs/public"),
				Arguments.of("/openapi/fulfillment-service", "fulfillment", "/v3/api-docs/public"),
				Arguments.of("/admin/members/openapi", "member", "/v3/api-docs"),
				Arguments.of("/admin/inventory/openapi", "inventory", "/v3/api-docs"),
				Arguments.of("/admin/promotions/openapi", "promotion", "/v3/api-docs"),
				Arguments.of("/admin/fulfillment/openapi", "fulfillment", "/v3/api-docs"));
	}

	@ParameterizedTest(name = "{0} -> {1} {2}")
	@MethodSource("routes")
	void routeReachesItsService(String path, String service, String forwardedPath) {
		// Signed in as whoever may use the route: an admin for /admin, else a member.
		String token = path.startsWith("/admin/") ? TestIssuers.get().staffToken("ops-1", "admin")
				: TestIssuers.get().memberToken(java.util.UUID.randomUUID());
		this.client.get()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(service + " " + forwardedPath);
	}

	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "/ops", "/ops/", "/ops/allocation?campaign=C-1",
			"/ops/board/stream", "/ops/login/oauth2/code/staff?code=c&state=s" })
	void theOpsConsoleIsReachedWithoutATokenAndLearnsWhereTheClientCalled(String path) {
		// The console signs staff in itself; its redirect URI is built from the host the
		// client called, which the route keeps.
		this.client.get()
			.uri(path)
			.header("Host", "ops.example.com:8080")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Seen-Host", "ops.example.com:8080")
			.expectHeader()
			.value("Content-Security-Policy",
					(policy) -> org.assertj.core.api.Assertions.assertThat(policy).contains("script-src 'self' https:"))
			.expectBody(String.class)
			.isEqualTo("console " + path);
	}

	@org.junit.jupiter.api.Test
	@org.junit.jupiter.api.DisplayName("M6: every routed request carries its budget: the gateway's timeout less a margin, or less if the client asked")
	void m6_everyRoutedRequestCarriesItsBudget() {
		String token = TestIssuers.get().memberToken(java.util.UUID.randomUUID());
		this.client.get()
			.uri("/api/orders/7")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Seen-Request-Timeout-Ms", "9500");
		this.client.get()
			.uri("/api/orders/7")
			.header("Authorization", "Bearer " + token)
			.header("X-Request-Timeout-Ms", "3000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Seen-Request-Timeout-Ms", "3000");
		this.client.get()
			.uri("/api/orders/7")
			.header("Authorization", "Bearer " + token)
			.header("X-Request-Timeout-Ms", "600000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Seen-Request-Timeout-Ms", "9500");
	}

	@ParameterizedTest(name = "{0} is not routed")
	@MethodSource("unrouted")
	void unknownPathsAreNotForwarded(String path) {
		this.client.get().uri(path).exchange().expectStatus().isNotFound();
	}

	@org.junit.jupiter.api.Test
	void oneSwaggerUiListsEveryService() {
		this.client.get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls.length()")
			.isEqualTo(4)
			.jsonPath("$.urls[?(@.url == '/openapi/member-service')]")
			.exists()
			.jsonPath("$.urls[?(@.url == '/openapi/inventory-service')]")
			.exists()
			.jsonPath("$.urls[?(@.url == '/openapi/promotion-service')]")
			.exists()
			.jsonPath("$.urls[?(@.url == '/openapi/fulfillment-service')]")
			.exists()
			// Authorize keeps the member and staff tokens across reloads.
			.jsonPath("$.persistAuthorization")
			.isEqualTo(true);
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
	}

	static Stream<String> unrouted() {
		return Stream.of("/api/unknown", "/admin/other/thing", "/internal/anything");
	}

}
