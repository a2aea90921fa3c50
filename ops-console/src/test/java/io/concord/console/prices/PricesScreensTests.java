package io.concord.console.prices;

import io.concord.console.SignedInStaff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.MessageSource;
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
 * The prices screens against a stand-in for the gateway (a real HTTP server answering as
 * promotion-service's admin API would): a SKU's price per channel, schedule, history,
 * groups, violations, overrides and competitor alerts read with the signed-in user's own
 * token; money exact in its currency; the set and cancel forms only for roles that may
 * act, turned into the API's requests; and the API's refusals (403, 404, 409) shown.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class PricesScreensTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> CALLS = new CopyOnWriteArrayList<>();

	private static final Map<String, String> BODIES = new ConcurrentHashMap<>();

	private static final HttpServer GATEWAY = gateway();

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@Autowired
	MessageSource messages;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", () -> "http://localhost:" + GATEWAY.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		GATEWAY.stop(0);
	}

	@BeforeEach
	void forget() {
		CALLS.clear();
		BODIES.clear();
	}

	@Test
	void aSkusPagesShowsItsPricePerChannelAndOnlyItsOwnViolationsOverridesAndAlerts() throws Exception {
		String page = page(get("/ops/prices").param("sku", "SKU-TEA"), signedIn("ops-manager", "token-of-manager"));
		assertThat(page)
			.contains("data-channel=\"ALL\"", "data-channel=\"APP\"", "all channels", "CN¥168.00", "CN¥158.00",
					"CN¥198.00",
					// The group's rules, the APP price 6% from the ALL price.
					"Longjing teas (LONGJING)", "at most 5% from the price for all channels", "hard (refused)",
					"same price on every channel", "data-violation-id=\"00000000-0000-0000-0000-00000000000a\"",
					"data-override-id=\"00000000-0000-0000-0000-0000000000c1\"", "JD-MALL", "12.5%",
					// The scheduled change can be cancelled; the history, newest first.
					"id=\"cancel-00000000-0000-0000-0000-0000000000e4\"", "data-state=\"SCHEDULED\"",
					"data-state=\"CANCELLED\"", "data-state=\"EFFECTIVE\"", "campaign moved", "id=\"set-price\"")
			.doesNotContain("SKU-OTHER", "id=\"read-only\"");
		assertThat(page.indexOf("data-entry-id=\"00000000-0000-0000-0000-0000000000e4\" data-state")).as("newest first")
			.isLessThan(page.indexOf("data-entry-id=\"00000000-0000-0000-0000-0000000000e1\""));
		assertThat(CALLS).contains("GET /admin/promotions/prices/SKU-TEA Bearer token-of-manager",
				"GET /admin/promotions/prices/SKU-TEA/history Bearer token-of-manager",
				"GET /admin/promotions/prices/groups Bearer token-of-manager",
				"GET /admin/promotions/prices/violations?open=false Bearer token-of-manager",
				"GET /admin/promotions/prices/overrides Bearer token-of-manager",
				"GET /admin/promotions/competitors/alerts?status=OPEN Bearer token-of-manager");
	}

	@Test
	void theChinesePageHasEveryLabel() throws Exception {
		String page = page(get("/ops/prices").param("sku", "SKU-TEA").param("lang", "zh-CN"),
				signedIn("ops-manager", "token-of-manager"));
		assertThat(page).contains("各渠道当前价格", "全部渠道", "¥168.00", "与全渠道价格相差不超过 5%", "待生效", "已取消", "设置价格")
			.doesNotContain("??");
	}

	@Test
	void withoutASkuTheOpenProblemsOfEverySkuAreShown() throws Exception {
		String page = page(get("/ops/prices"), signedIn("ops-viewer", "token-of-viewer"));
		assertThat(page).contains("SKU-TEA", "SKU-OTHER", "data-alert-id=", "Open rule violations");
		assertThat(CALLS).containsExactly("GET /admin/promotions/prices/violations Bearer token-of-viewer",
				"GET /admin/promotions/competitors/alerts?status=OPEN Bearer token-of-viewer");
	}

	@Test
	void aManagerSetsAPriceTypedInMajorUnitsAndTheBusinessZone() throws Exception {
		this.mvc
			.perform(post("/ops/prices/entries").contextPath("/ops")
				.param("sku", "SKU-TEA")
				.param("channel", "APP")
				.param("currency", "")
				.param("listPrice", "198.00")
				.param("sellingPrice", "158")
				.param("effectiveFrom", "2026-11-11T00:00")
				.param("effectiveTo", "")
				.param("reason", "11.11")
				.with(authentication(signedIn("ops-manager", "token-of-manager")))
				.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/prices?sku=SKU-TEA"))
			.andExpect(flash().attribute("notice", "Price set for APP: CN¥158.00."));
		JsonNode sent = JSON.readTree(BODIES.get("POST /admin/promotions/prices"));
		assertThat(sent.path("sku").asString()).isEqualTo("SKU-TEA");
		assertThat(sent.path("currency").asString()).isEqualTo("CNY");
		assertThat(sent.path("listPriceMinor").asLong()).isEqualTo(19800);
		assertThat(sent.path("sellingPriceMinor").asLong()).isEqualTo(15800);
		assertThat(sent.path("effectiveFrom").asString()).isEqualTo("2026-11-10T16:00:00Z");
		assertThat(sent.has("effectiveTo")).isFalse();
		assertThat(sent.has("override")).isFalse();
	}

	@Test
	void aChangeBreakingAHardRuleShowsTheConflictUnlessOverridden() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		this.mvc
			.perform(post("/ops/prices/entries").contextPath("/ops")
				.param("sku", "SKU-TEA")
				.param("channel", "APP")
				.param("listPrice", "198")
				.param("sellingPrice", "99")
				.param("reason", "flash")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/prices?sku=SKU-TEA"))
			.andExpect(flash().attribute("failure",
					"Not possible now (409): APP at 9900 breaks MAX_DIFFERENCE 5% of group LONGJING"))
			.andExpect(flash().attributeExists("form"));
		this.mvc
			.perform(post("/ops/prices/entries").contextPath("/ops")
				.param("sku", "SKU-TEA")
				.param("channel", "APP")
				.param("listPrice", "198")
				.param("sellingPrice", "99")
				.param("reason", "flash")
				.param("override", "true")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("notice", "Price set for APP: CN¥99.00, overriding a hard rule (recorded)."));
		assertThat(JSON.readTree(BODIES.get("POST /admin/promotions/prices")).path("override").asBoolean()).isTrue();
	}

	@Test
	void aViewerSeesNoFormsAndTheirForgedChangeShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = page(get("/ops/prices").param("sku", "SKU-TEA"), viewer);
		assertThat(page).contains("CN¥168.00", "id=\"read-only\"")
			.doesNotContain("id=\"set-price\"", "id=\"cancel-00000000");
		this.mvc
			.perform(post("/ops/prices/entries/00000000-0000-0000-0000-0000000000e4/cancellation").contextPath("/ops")
				.param("sku", "SKU-TEA")
				.param("reason", "forged")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/prices?sku=SKU-TEA"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(CALLS).contains(
				"POST /admin/promotions/prices/entries/00000000-0000-0000-0000-0000000000e4/cancellation Bearer token-of-viewer");
	}

	@Test
	void aManagerCancelsAScheduledPriceWithAReason() throws Exception {
		this.mvc
			.perform(post("/ops/prices/entries/00000000-0000-0000-0000-0000000000e4/cancellation").contextPath("/ops")
				.param("sku", "SKU-TEA")
				.param("reason", "campaign moved")
				.with(authentication(signedIn("ops-manager", "token-of-manager")))
				.with(csrf()))
			.andExpect(flash().attribute("notice", "Scheduled price cancelled."));
		assertThat(JSON
			.readTree(BODIES
				.get("POST /admin/promotions/prices/entries/00000000-0000-0000-0000-0000000000e4/cancellation"))
			.path("reason")
			.asString()).isEqualTo("campaign moved");
	}

	@Test
	void aSkuWithoutAPriceSaysSoAndOffersTheFirstPrice() throws Exception {
		String page = page(get("/ops/prices").param("sku", "SKU-NEW"), signedIn("ops-manager", "token-of-manager"));
		assertThat(page).contains("Not found (404): Prices of SKU SKU-NEW", "id=\"set-price\"")
			.doesNotContain("id=\"channel-prices\"");
	}

	@Test
	void everySourceStateRuleAndSeverityHasALabelInBothLanguages() {
		for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
			Prices.SOURCES.forEach((s) -> label("prices.source." + s, locale));
			Prices.ENTRY_STATES.forEach((s) -> label("prices.entryState." + s, locale));
			Prices.RULE_KINDS.forEach((k) -> label("prices.ruleKind." + k, locale));
			Prices.SEVERITIES.forEach((s) -> label("prices.severity." + s, locale));
		}
	}

	private void label(String key, Locale locale) {
		assertThat(this.messages.getMessage(key, null, null, locale)).as(key + " in " + locale).isNotBlank();
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

	private static String entry(String id, String channel, long selling, String from, String to, String cancelledAt,
			String cancelReason) {
		return """
				{"id": "%s", "sku": "SKU-TEA", "channel": "%s", "currency": "CNY", "listPriceMinor": 19800,
				 "sellingPriceMinor": %d, "effectiveFrom": "%s", "effectiveTo": %s, "source": "ADMIN",
				 "reason": "launch", "actor": "staff:ops-manager", "overridden": false,
				 "createdAt": "2026-01-01T00:00:00Z", "cancelledAt": %s, "cancelledBy": null, "cancelReason": %s,
				 "publishedAt": null}""".formatted(id, channel, selling, from, to, cancelledAt, cancelReason);
	}

	private static final String SCHEDULED = entry("00000000-0000-0000-0000-0000000000e4", "WEB", 14800,
			"2099-11-10T16:00:00Z", "\"2099-11-11T16:00:00Z\"", "null", "null");

	private static final String SKU = """
			{"sku": "SKU-TEA", "groups": ["LONGJING"],
			 "current": [{"sku": "SKU-TEA", "channel": "ALL", "currency": "CNY", "listPriceMinor": 19800,
			              "sellingPriceMinor": 16800, "referencePriceMinor": 16800,
			              "effectiveFrom": "2026-01-01T00:00:00Z", "effectiveTo": null},
			             {"sku": "SKU-TEA", "channel": "APP", "currency": "CNY", "listPriceMinor": 19800,
			              "sellingPriceMinor": 15800, "referencePriceMinor": 15800,
			              "effectiveFrom": "2026-02-01T00:00:00Z", "effectiveTo": null}],
			 "scheduled": [%s]}""".formatted(SCHEDULED);

	private static final String HISTORY = "["
			+ entry("00000000-0000-0000-0000-0000000000e1", "ALL", 16800, "2026-01-01T00:00:00Z", "null", "null",
					"null")
			+ ","
			+ entry("00000000-0000-0000-0000-0000000000e2", "APP", 15800, "2026-02-01T00:00:00Z", "null", "null",
					"null")
			+ "," + entry("00000000-0000-0000-0000-0000000000e3", "APP", 9900, "2098-01-01T00:00:00Z", "null",
					"\"2026-03-01T00:00:00Z\"", "\"campaign moved\"")
			+ "," + SCHEDULED + "]";

	private static final String GROUPS = """
			[{"id": "LONGJING", "name": "Longjing teas", "skus": ["SKU-TEA"], "createdAt": "2026-01-01T00:00:00Z",
			  "rules": [{"id": "00000000-0000-0000-0000-0000000000f1", "groupId": "LONGJING", "kind": "MAX_DIFFERENCE",
			             "maxDifferencePercent": 5, "severity": "HARD"},
			            {"id": "00000000-0000-0000-0000-0000000000f2", "groupId": "LONGJING", "kind": "SAME_PRICE",
			             "maxDifferencePercent": null, "severity": "SOFT"}]},
			 {"id": "SILK", "name": "Silk scarves", "skus": ["SKU-OTHER"], "createdAt": "2026-01-01T00:00:00Z",
			  "rules": []}]""";

	private static String violation(String id, String sku, String closedAt) {
		return """
				{"id": "%s", "ruleId": "00000000-0000-0000-0000-0000000000f1", "groupId": "LONGJING",
				 "severity": "HARD", "sku": "%s", "channel": "APP", "currency": "CNY",
				 "detail": {"ruleId": "00000000-0000-0000-0000-0000000000f1", "groupId": "LONGJING",
				            "kind": "MAX_DIFFERENCE", "maxDifferencePercent": 5, "severity": "HARD", "sku": "%s",
				            "currency": "CNY", "channel": "APP", "channelPriceMinor": 15800,
				            "allChannelsPriceMinor": 16800},
				 "overridden": true, "openedAt": "2026-02-01T00:00:00Z", "closedAt": %s}""".formatted(id, sku, sku,
				closedAt);
	}

	private static final String ALERTS = """
			[{"alertId": "00000000-0000-0000-0000-0000000000a1", "sku": "SKU-TEA", "sourceId": "JD-MALL",
			  "observationId": "00000000-0000-0000-0000-0000000000b1", "competitorPriceMinor": 14700,
			  "ourPriceMinor": 16800, "currency": "CNY", "undercutPercent": 12.50, "thresholdPercent": 5,
			  "status": "OPEN", "openedAt": "2026-03-01T00:00:00Z", "lastSeenAt": "2026-03-02T00:00:00Z"},
			 {"alertId": "00000000-0000-0000-0000-0000000000a2", "sku": "SKU-OTHER", "sourceId": "TMALL",
			  "observationId": "00000000-0000-0000-0000-0000000000b2", "competitorPriceMinor": 100,
			  "ourPriceMinor": 200, "currency": "CNY", "undercutPercent": 50, "thresholdPercent": 5,
			  "status": "OPEN", "openedAt": "2026-03-01T00:00:00Z", "lastSeenAt": "2026-03-02T00:00:00Z"}]""";

	private static final String OVERRIDES = """
			[{"id": "00000000-0000-0000-0000-0000000000c1", "entryId": "00000000-0000-0000-0000-0000000000e2",
			  "ruleId": "00000000-0000-0000-0000-0000000000f1", "groupId": "LONGJING", "actor": "staff:ops-manager",
			  "reason": "livestream special", "conflicts": [{"sku": "SKU-TEA", "channel": "APP"}],
			  "createdAt": "2026-02-01T00:00:00Z"},
			 {"id": "00000000-0000-0000-0000-0000000000c2", "entryId": "00000000-0000-0000-0000-0000000000e9",
			  "ruleId": "00000000-0000-0000-0000-0000000000f1", "groupId": "SILK", "actor": "staff:admin",
			  "reason": "other", "conflicts": [{"sku": "SKU-OTHER", "channel": "APP"}],
			  "createdAt": "2026-02-01T00:00:00Z"}]""";

	private static final String NOT_FOUND = """
			{"type": "https://concord.example/problems/not-found", "title": "Not found", "status": 404,
			 "detail": "Prices of SKU SKU-NEW not found"}""";

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String method = exchange.getRequestMethod();
				String path = exchange.getRequestURI().getPath();
				String call = method + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization");
				CALLS.add(call);
				String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				if (!request.isEmpty()) {
					BODIES.put(method + " " + path, request);
				}
				int status = 200;
				String body = "{}";
				switch (path) {
					case "/admin/promotions/prices/SKU-TEA" -> body = SKU;
					case "/admin/promotions/prices/SKU-TEA/history" -> body = HISTORY;
					case "/admin/promotions/prices/groups" -> body = GROUPS;
					case "/admin/promotions/prices/violations" ->
						body = "[" + violation("00000000-0000-0000-0000-00000000000a", "SKU-TEA", "null") + ","
								+ violation("00000000-0000-0000-0000-00000000000b", "SKU-OTHER", "null") + "]";
					case "/admin/promotions/prices/overrides" -> body = OVERRIDES;
					case "/admin/promotions/competitors/alerts" -> body = ALERTS;
					case "/admin/promotions/prices/SKU-NEW", "/admin/promotions/prices/SKU-NEW/history" -> {
						status = 404;
						body = NOT_FOUND;
					}
					case "/admin/promotions/prices" -> {
						JsonNode sent = JSON.readTree(request);
						boolean override = sent.path("override").asBoolean();
						if (sent.path("sellingPriceMinor").asLong() == 9900 && !override) {
							status = 409;
							body = """
									{"type": "https://concord.example/problems/price-rule-violated",
									 "title": "Price rule violated", "status": 409,
									 "detail": "APP at 9900 breaks MAX_DIFFERENCE 5% of group LONGJING"}""";
						}
						else {
							status = 201;
							body = """
									{"changeId": "00000000-0000-0000-0000-0000000000d1",
									 "price": {"sku": "SKU-TEA", "channel": "%s", "currency": "CNY",
									   "listPriceMinor": %d, "sellingPriceMinor": %d, "referencePriceMinor": 0,
									   "effectiveFrom": "2026-11-10T16:00:00Z"},
									 "previousSellingPriceMinor": 16800, "overridden": %s}""".formatted(
									sent.path("channel").asString(), sent.path("listPriceMinor").asLong(),
									sent.path("sellingPriceMinor").asLong(), override);
						}
					}
					default -> {
					}
				}
				if (method.equals("POST") && call.contains("token-of-viewer")) {
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
