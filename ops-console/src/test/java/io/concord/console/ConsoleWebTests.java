package io.concord.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's pages against a stand-in for the gateway (a real HTTP server answering as
 * the admin API would): sign-in redirects with PKCE, the signed-in user's own token on
 * every API call, buttons only for roles that may act, and the API's refusal shown.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class ConsoleWebTests {

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
	void aVisitorIsSentToTheStaffIssuerWithPkce() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(get("/ops/").contextPath("/ops").session(session))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/oauth2/authorization/staff"));
		MvcResult authorize = this.mvc
			.perform(get("/ops/oauth2/authorization/staff").contextPath("/ops").session(session))
			.andExpect(status().isFound())
			.andReturn();
		assertThat(authorize.getResponse().getRedirectedUrl()).startsWith("http://issuer.test/oauth2/authorize?")
			.contains("response_type=code", "client_id=ops-console", "scope=openid%20profile", "code_challenge=",
					"code_challenge_method=S256", "redirect_uri=http://localhost/ops/login/oauth2/code/staff");
	}

	@Test
	void rolesComeFromTheTokensClaimAndImplyTheLowerOnes() {
		assertThat(StaffRoles.authorities(Map.of("roles", List.of("ops-manager")), "roles", "")).containsExactly(
				new SimpleGrantedAuthority("ROLE_ops-viewer"), new SimpleGrantedAuthority("ROLE_ops-manager"));
		assertThat(
				StaffRoles.authorities(Map.of("realm_access", Map.of("roles", List.of("admin", "concord:ops-viewer"))),
						"realm_access.roles", "concord:"))
			.as("a realm-wide admin is no Concord role")
			.containsExactly(new SimpleGrantedAuthority("ROLE_ops-viewer"));
		assertThat(StaffRoles.authorities(Map.of(), "roles", "")).isEmpty();
	}

	@Test
	void aViewerSeesThePlanWithoutButtonsAndTheirForgedApprovalShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = this.mvc.perform(get("/ops/allocation/7").contextPath("/ops").with(authentication(viewer)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("SKU-RED", "WH-NORTH", "Your role may look at plans")
			.doesNotContain("id=\"approve\"");
		assertThat(CALLS).contains("GET /admin/inventory/allocation-plans/7 Bearer token-of-viewer");

		this.mvc
			.perform(post("/ops/allocation/7/approval").contextPath("/ops").with(authentication(viewer)).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/allocation/7"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(CALLS).contains("POST /admin/inventory/allocation-plans/7/approval Bearer token-of-viewer");
	}

	@Test
	void aManagerSeesTheButtonsInChineseWithTimesInTheBusinessZone() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		String page = this.mvc
			.perform(get("/ops/allocation/7").param("lang", "zh-CN").contextPath("/ops").with(authentication(manager)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// 2026-11-08T02:00Z is 10:00 in Shanghai.
		assertThat(page).contains("id=\"approve\"", "批准", "驳回", "待审批", "10:00:00", "运营经理").doesNotContain("??");
	}

	@Test
	void switchingLanguageKeepsWhatTheReaderWasLookingAt() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = this.mvc
			.perform(get("/ops/allocation/7?section=fences&lang=en").contextPath("/ops").with(authentication(viewer)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("href=\"/ops/allocation/7?section=fences&amp;lang=zh-CN\"",
				"href=\"/ops/allocation/7?section=fences&amp;lang=en\"");
	}

	@Test
	void withoutARoleThereIsNothingToSee() throws Exception {
		// Signed in at the issuer, but no staff role: the API will refuse everything,
		// and no action is offered.
		OAuth2AuthenticationToken nobody = signedIn(null, "token-of-nobody");
		String page = this.mvc.perform(get("/ops/allocation/7").contextPath("/ops").with(authentication(nobody)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).doesNotContain("id=\"approve\"").contains("no staff role");
	}

	@Test
	void theBoardStreamsFramesReadWithTheUsersTokenAtMostOnceASecond() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-board");
		MvcResult stream = this.mvc
			.perform(get("/ops/board/stream").contextPath("/ops")
				.session(new MockHttpSession())
				.locale(java.util.Locale.SIMPLIFIED_CHINESE)
				.with(authentication(viewer)))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
			.andReturn();
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while (!stream.getResponse().getContentAsString(StandardCharsets.UTF_8).contains("ORD-LIVE-1")
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		String frames = stream.getResponse().getContentAsString(StandardCharsets.UTF_8);
		// Formatted for the reader: status in Chinese, yuan, 08:00:01 in Shanghai; 30
		// paid
		// against 10 payment timeouts; supply-caused cancellations above the 3% target.
		assertThat(frames).contains("event:board", "ORD-LIVE-1", "已支付", "¥59.00", "08:00:01",
				"\"paymentSuccess\":\"75.0%\"", "\"supplyOverTarget\":true", "\"atRisk\":3");
		Thread.sleep(3000);
		long reads = CALLS.stream()
			.filter((call) -> call.startsWith("GET /admin/fulfillment/orders?status=PAID")
					&& call.endsWith("Bearer token-of-board"))
			.count();
		// A frame a second at most: about 4 frames in these 3 to 4 seconds, never more
		// than 5.
		assertThat(reads).isBetween(2L, 5L);
		stream.getRequest().getAsyncContext().complete();
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
				int status = 200;
				String body = """
						{"id": 7, "campaignId": "SINGLES-DAY", "windowStart": "2026-11-10", "windowEnd": "2026-11-11",
						 "fencePercent": 80, "status": "PROPOSED", "createdBy": "planner", "createdAt": "2026-11-08T02:00:00Z",
						 "targets": [{"sku": "SKU-RED", "location": "WH-NORTH", "region": "CN-N", "forecast": 12.5,
						              "available": 40, "target": 30}],
						 "transfers": [{"sku": "SKU-RED", "from": "WH-SOUTH", "to": "WH-NORTH", "quantity": 10}],
						 "fences": [{"sku": "SKU-RED", "channel": "APP", "share": 0.75, "quantity": 12}]}""";
				String path = exchange.getRequestURI().getPath();
				if (path.equals("/admin/fulfillment/orders")) {
					body = exchange.getRequestURI().getQuery().contains("status=PAID") ? """
							[{"orderId": "ORD-LIVE-1", "channel": "LIVESTREAM", "status": "PAID", "currency": "CNY",
							  "payableMinor": 5900, "createdAt": "2026-11-11T00:00:01Z"}]""" : "[]";
				}
				else if (path.endsWith("/dead-letters")) {
					body = "[]";
				}
				else if (path.equals("/admin/fulfillment/kpis")) {
					body = """
							{"ordersPlaced": 40, "ordersByStatus": {"PAID": 30, "CANCELLED": 10},
							 "cancellationsByCause": {"PAYMENT_TIMEOUT": {"count": 10, "of": 40, "rate": 0.25}},
							 "supplyCausedCancellations": {"count": 2, "of": 40, "rate": 0.05}, "atRisk": 3}""";
				}
				if (exchange.getRequestMethod().equals("POST") && call.contains("token-of-viewer")) {
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
