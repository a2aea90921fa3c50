package io.concord.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who gets through the door to which route group, with real tokens validated against the
 * issuers' published keys. The services check again (and answer 404 for another member's
 * objects); that half of the matrix runs against the real services in the system tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AuthorizationMatrixTests {

	private static final Downstreams SERVICES = new Downstreams();

	private static final UUID MEMBER_A = UUID.randomUUID();

	private static final UUID MEMBER_B = UUID.randomUUID();

	enum Caller {

		ANONYMOUS(() -> null), MEMBER_A(() -> TestIssuers.get().memberToken(AuthorizationMatrixTests.MEMBER_A)),
		MEMBER_B(() -> TestIssuers.get().memberToken(AuthorizationMatrixTests.MEMBER_B)),
		OPS_VIEWER(() -> TestIssuers.get().staffToken("viewer-1", "ops-viewer")),
		OPS_MANAGER(() -> TestIssuers.get().staffToken("manager-1", "ops-manager")),
		ADMIN(() -> TestIssuers.get().staffToken("admin-1", "admin"));

		private final Supplier<String> token;

		Caller(Supplier<String> token) {
			this.token = token;
		}

	}

	/**
	 * A representative endpoint of every route group and the expected status for
	 * anonymous, member A, member B, ops-viewer, ops-manager and admin.
	 */
	static Stream<Arguments> matrix() {
		String a = MEMBER_A.toString();
		List<Arguments> rows = new ArrayList<>();
		row(rows, "GET", "/api/inventory/availability?skus=SKU-1", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/api/promotions/campaigns", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/api/promotions/coupons/D11-DROP", 200, 200, 200, 200, 200, 200);
		row(rows, "POST", "/api/promotions/quote", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/api/prices?skus=SKU-1&channel=APP&currency=CNY", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/api/promotions/wallet", 401, 200, 200, 403, 403, 403);
		row(rows, "POST", "/api/members", 200, 200, 200, 200, 200, 200);
		row(rows, "POST", "/api/auth/token", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/api/members/me", 401, 200, 200, 403, 403, 403);
		row(rows, "GET", "/api/members/" + a, 401, 200, 200, 403, 403, 403);
		row(rows, "POST", "/api/promotions/coupons/D11-DROP/claim", 401, 200, 200, 403, 403, 403);
		row(rows, "POST", "/api/orders", 401, 200, 200, 403, 403, 403);
		row(rows, "GET", "/api/orders/ORD-1", 401, 200, 200, 403, 403, 403);
		row(rows, "POST", "/api/returns", 401, 200, 200, 403, 403, 403);
		row(rows, "POST", "/webhooks/carriers/sf-express", 200, 200, 200, 200, 200, 200);
		row(rows, "POST", "/webhooks/competitors/pricewatch/observations", 200, 200, 200, 200, 200, 200);
		row(rows, "GET", "/admin/members/" + a, 401, 403, 403, 200, 200, 200);
		row(rows, "POST", "/admin/members/" + a + "/points/adjustments", 401, 403, 403, 403, 200, 200);
		row(rows, "GET", "/admin/members/config/points-rules", 401, 403, 403, 200, 200, 200);
		row(rows, "PUT", "/admin/members/config/points-rules", 401, 403, 403, 403, 403, 200);
		row(rows, "GET", "/admin/inventory/stock", 401, 403, 403, 200, 200, 200);
		row(rows, "POST", "/admin/inventory/adjustments", 401, 403, 403, 403, 200, 200);
		row(rows, "GET", "/admin/promotions/audience/" + a, 401, 403, 403, 200, 200, 200);
		row(rows, "PUT", "/admin/promotions/config/stacking-rules", 401, 403, 403, 403, 403, 200);
		row(rows, "GET", "/admin/fulfillment/kpis", 401, 403, 403, 200, 200, 200);
		row(rows, "DELETE", "/admin/fulfillment/dead-letters/1", 401, 403, 403, 403, 200, 200);
		row(rows, "GET", "/admin/fulfillment/actuator/health", 401, 403, 403, 200, 200, 200);
		return rows.stream();
	}

	private static void row(List<Arguments> rows, String method, String path, int... expected) {
		Caller[] callers = Caller.values();
		for (int i = 0; i < callers.length; i++) {
			rows.add(Arguments.of(callers[i], method, path, expected[i]));
		}
	}

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

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@MethodSource("matrix")
	void callerGetsTheExpectedAnswer(Caller caller, String method, String path, int expected) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method)).uri(path);
		String token = caller.token.get();
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		if (!method.equals("GET") && !method.equals("DELETE")) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
		}
		WebTestClient.ResponseSpec response = request.exchange().expectStatus().isEqualTo(expected);
		if (expected == 401 || expected == 403) {
			response.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo(Problems.BASE + (expected == 401 ? "unauthorized" : "forbidden"));
		}
	}

	@Test
	void forgedExpiredAndMalformedTokensAreRefusedEvenOnOpenRoutes() {
		for (String token : List.of(TestIssuers.get().forgedStaffToken("mallory", "admin"),
				TestIssuers.get().expiredStaffToken("ops-1", "admin"), "not-a-jwt")) {
			this.client.get()
				.uri("/admin/members/audit")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			this.client.get()
				.uri("/api/inventory/availability")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
	}

	@Test
	void identityHeadersWithoutATokenProveNothing() {
		UUID victim = UUID.randomUUID();
		this.client.get()
			.uri("/api/members/" + victim)
			.header("X-Member-Id", victim.toString())
			.header("X-User-Id", victim.toString())
			.header("X-Forwarded-User", victim.toString())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.get()
			.uri("/admin/members/audit")
			.header("X-Roles", "admin")
			.header("X-Staff-Roles", "admin")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
