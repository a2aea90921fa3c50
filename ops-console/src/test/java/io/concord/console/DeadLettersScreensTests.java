package io.concord.console;

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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dead-letter screens against a stand-in for the gateway answering as the four
 * services' dead-letter API would: the list reads every service with the user's token
 * (one out of reach leaves the others readable), the detail shows the payload, a replay
 * comes back with its outcome (applied, or the API's 422 when it fails again), and a
 * viewer sees no Replay and is refused when forging one.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class DeadLettersScreensTests {

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
	void theListReadsEveryServiceNewestFirstAndShowsOneThatCannotBeRead() throws Exception {
		String page = page(get("/ops/dead-letters"), signedIn("ops-viewer", "token-of-lister"));
		assertThat(CALLS).contains("GET /admin/members/dead-letters?limit=100 Bearer token-of-lister",
				"GET /admin/inventory/dead-letters?limit=100 Bearer token-of-lister",
				"GET /admin/promotions/dead-letters?limit=100 Bearer token-of-lister",
				"GET /admin/fulfillment/dead-letters?limit=100 Bearer token-of-lister");
		assertThat(page).contains("concord.fulfillment.OrderPlaced", "(not an event)", "UnprocessableEventException",
				"href=\"/ops/dead-letters/inventory/9\"", "href=\"/ops/dead-letters/fulfillment/5\"",
				"member service: The API refused the request (503)");
		assertThat(page.indexOf("data-dead-letter-id=\"9\"")).as("newest first")
			.isLessThan(page.indexOf("data-dead-letter-id=\"5\""));

		page(get("/ops/dead-letters").param("service", "fulfillment").param("status", "PENDING"),
				signedIn("ops-viewer", "token-of-filter"));
		assertThat(CALLS)
			.contains("GET /admin/fulfillment/dead-letters?status=PENDING&limit=100 Bearer token-of-filter")
			.noneMatch((call) -> call.startsWith("GET /admin/members") && call.endsWith("token-of-filter"));
	}

	@Test
	void aManagerReplaysAndSeesTheOutcome() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		String page = page(get("/ops/dead-letters/fulfillment/5"), manager);
		assertThat(page).contains("id=\"replay\"", "&quot;orderId&quot; : &quot;ORD-1&quot;", "Attempts", ">5<");

		this.mvc
			.perform(post("/ops/dead-letters/fulfillment/5/replay").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/dead-letters/fulfillment/5"))
			.andExpect(flash().attribute("notice", "Dead letter 5 replayed: its event was applied."));
		assertThat(CALLS).contains("POST /admin/fulfillment/dead-letters/5/replay Bearer token-of-manager");

		this.mvc
			.perform(post("/ops/dead-letters/inventory/9/replay").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/dead-letters/inventory/9"))
			.andExpect(flash().attribute("failure",
					"Not valid (422): Replay of dead letter 9 failed again: UnprocessableEventException: not a CloudEvent"));
	}

	@Test
	void aViewerSeesNoReplayAndTheirForgedOneIsRefusedByTheApi() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		assertThat(page(get("/ops/dead-letters/fulfillment/5"), viewer)).doesNotContain("id=\"replay\"")
			.contains("replaying one needs ops manager");
		this.mvc
			.perform(post("/ops/dead-letters/fulfillment/5/replay").contextPath("/ops")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/dead-letters/fulfillment/5"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		this.mvc.perform(get("/ops/dead-letters/nowhere/5").contextPath("/ops").with(authentication(viewer)))
			.andExpect(status().isNotFound());
	}

	@Test
	void theChinesePagesHaveEveryLabel() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-reader");
		assertThat(page(get("/ops/dead-letters").param("lang", "zh-CN"), manager))
			.contains("死信", "履约服务", "库存服务", "待处理", "尝试次数")
			.doesNotContain("??");
		assertThat(page(get("/ops/dead-letters/fulfillment/5").param("lang", "zh-CN"), manager)).contains("重放", "消息内容")
			.doesNotContain("??");
	}

	private String page(MockHttpServletRequestBuilder request, OAuth2AuthenticationToken user) throws Exception {
		return this.mvc.perform(request.contextPath("/ops").with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static final String FULFILLMENT_LETTER = """
			{"id": 5, "topic": "concord.member.events.v1", "partition": 0, "offset": 42, "key": "ORD-1",
			 "eventId": "e-1", "eventType": "concord.fulfillment.OrderPlaced",
			 "reason": "IllegalStateException: no such member\\n\\tat somewhere", "status": "PENDING",
			 "failedAt": "2026-11-11T00:00:00Z", "replayedAt": null, "headers": {"ce_type": "concord.fulfillment.OrderPlaced"},
			 "payload": "{\\"orderId\\":\\"ORD-1\\"}", "attempts": 5, "retriedAt": null}""";

	private static final String INVENTORY_LETTER = """
			{"id": 9, "topic": "concord.fulfillment.events.v1", "partition": 1, "offset": 7, "key": "garbage",
			 "eventId": null, "eventType": null, "reason": "UnprocessableEventException: not a CloudEvent",
			 "status": "PENDING", "failedAt": "2026-11-11T00:05:00Z", "replayedAt": null, "headers": {},
			 "payload": "not an event", "attempts": 1, "retriedAt": null}""";

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String call = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization");
				CALLS.add(call);
				int status = 200;
				String path = exchange.getRequestURI().getPath();
				String body = "[]";
				if (path.equals("/admin/members/dead-letters")) {
					status = 503;
					body = "{\"title\": \"Service Unavailable\", \"status\": 503}";
				}
				else if (path.equals("/admin/fulfillment/dead-letters")) {
					body = "[" + FULFILLMENT_LETTER + "]";
				}
				else if (path.equals("/admin/inventory/dead-letters")) {
					body = "[" + INVENTORY_LETTER + "]";
				}
				else if (path.equals("/admin/fulfillment/dead-letters/5")) {
					body = FULFILLMENT_LETTER;
				}
				else if (path.equals("/admin/inventory/dead-letters/9")) {
					body = INVENTORY_LETTER;
				}
				else if (path.equals("/admin/fulfillment/dead-letters/5/replay")) {
					body = FULFILLMENT_LETTER.replace("PENDING", "REPLAYED");
				}
				else if (path.equals("/admin/inventory/dead-letters/9/replay")) {
					status = 422;
					body = """
							{"type": "https://concord.dev/problems/business-rule", "title": "Business rule violated",
							 "status": 422, "detail": "Replay of dead letter 9 failed again: UnprocessableEventException: not a CloudEvent"}""";
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
