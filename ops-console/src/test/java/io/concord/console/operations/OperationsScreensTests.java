package io.concord.console.operations;

import io.concord.console.SignedInStaff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The operations screen against a stand-in for the gateway: each service's figures read
 * with the user's own token, red where a target is missed, load-test traffic apart, a
 * service's refusal shown in its words, in English and Chinese. Read-only for every role.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class OperationsScreensTests {

	private static final List<String> CALLS = new CopyOnWriteArrayList<>();

	private static final HttpServer GATEWAY = gateway();

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", () -> "http://localhost:" + GATEWAY.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		GATEWAY.stop(0);
	}

	@Test
	void aViewerSeesEveryServicesFiguresReadWithTheirOwnToken() throws Exception {
		String page = page(signedIn("ops-viewer", "token-of-ops-viewer"), "en");
		for (String path : List.of("/admin/members/operations", "/admin/inventory/operations",
				"/admin/promotions/operations", "/admin/fulfillment/operations")) {
			assertThat(CALLS).contains("GET " + path + " Bearer token-of-ops-viewer");
		}
		String fulfillment = row(page, "fulfillment-service");
		// 7 unpublished, the oldest 75 s (over 60 s): red; lag 12; 3% 5xx.
		assertThat(fulfillment).contains("class=\"alert\"", ">7<", ">75<", ">12<", ">3.0%<", ">1.0%<", ">5.00<", ">40<",
				"href=\"/ops/dead-letters?service=fulfillment-service\"");
		assertThat(row(page, "inventory-service")).doesNotContain("alert").contains(">0.20<");
		assertThat(page).contains("data-endpoint=\"POST /api/orders\" data-traffic=\"real\"",
				"data-endpoint=\"POST /api/orders\" data-traffic=\"shadow\"", "1500.0 ms", "120.0 ms",
				"data-topic=\"shadow.concord.inventory.events.v1\"", "load test (shadow)");
		assertThat(page).contains(
				"data-services=\"member-service,inventory-service,promotion-service,fulfillment-service\"",
				"data-real=\"0.00,0.20,0.00,2.00\"", "data-shadow=\"0.00,0.00,0.00,5.00\"");
		assertThat(page).doesNotContain("<form method=\"post\" action=\"/ops/operations");
	}

	@Test
	void aServiceThatRefusesShowsItsRefusalAndTheOthersStillShow() throws Exception {
		String page = page(signedIn("ops-manager", "token-of-ops-manager"), "en");
		assertThat(page).contains("id=\"failure\"",
				"Not allowed: the API refused this action for your role (403). The access token does not grant this operation.");
		assertThat(row(page, "member-service")).contains("class=\"alert\"", "(403)");
		assertThat(page).contains("id=\"fulfillment-service\"");
	}

	@Test
	void theChinesePageSaysEverythingInChinese() throws Exception {
		String page = page(signedIn("admin", "token-of-admin"), "zh-CN");
		assertThat(page).contains("运行状况", "发件箱积压", "消费积压", "压测（影子）", "请求数", "红色表示").doesNotContain("??");
	}

	private String page(OAuth2AuthenticationToken user, String lang) throws Exception {
		return this.mvc
			.perform(get("/ops/operations").contextPath("/ops").param("lang", lang).with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	/** The summary row of one service. */
	private static String row(String page, String service) {
		int at = page.indexOf("data-service=\"" + service + "\"");
		assertThat(at).as(service).isNotNegative();
		return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String call = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization");
				CALLS.add(call);
				String path = exchange.getRequestURI().getPath();
				int status = 200;
				String body = switch (path) {
					case "/admin/fulfillment/operations" ->
						"""
								{"service": "fulfillment-service", "outbox": {"unpublished": 7, "oldestAgeSeconds": 75},
								 "deadLetters": {"parked": 2, "pending": 1},
								 "consumers": [{"group": "fulfillment-service", "topic": "concord.inventory.events.v1", "lag": 12, "shadow": false},
								               {"group": "fulfillment-service", "topic": "shadow.concord.inventory.events.v1", "lag": 40, "shadow": true}],
								 "consumersError": null,
								 "http": {"windowSeconds": 300, "endpoints": [
								  {"method": "POST", "uri": "/api/orders", "traffic": "real", "requests": 100, "perSecond": 2.0,
								   "clientErrors": 1, "serverErrors": 3, "p95Ms": 120.0, "p99Ms": 1500.0},
								  {"method": "POST", "uri": "/api/orders", "traffic": "shadow", "requests": 1500, "perSecond": 5.0,
								   "clientErrors": 0, "serverErrors": 0, "p95Ms": 300.0, "p99Ms": 900.0}]}}""";
					case "/admin/inventory/operations", "/admin/promotions/operations" ->
						"""
								{"outbox": {"unpublished": 0, "oldestAgeSeconds": 0}, "deadLetters": {"parked": 0, "pending": 0},
								 "consumers": [], "consumersError": null,
								 "http": {"windowSeconds": 300, "endpoints": %s}}"""
							.formatted(path.contains("inventory")
									? """
											[{"method": "GET", "uri": "/api/inventory/availability", "traffic": "real", "requests": 60,
											  "perSecond": 0.2, "clientErrors": 0, "serverErrors": 0, "p95Ms": 5.0, "p99Ms": 9.0}]"""
									: "[]");
					default -> "{}";
				};
				if (path.equals("/admin/members/operations")) {
					status = 403;
					body = """
							{"type": "https://concord.example/problems/forbidden", "title": "Forbidden", "status": 403,
							 "detail": "The access token does not grant this operation."}""";
				}
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, bytes.length);
				exchange.getResponseBody().write(bytes);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
