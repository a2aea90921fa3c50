package io.concord.console.campaigns;

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
 * The campaigns screens against a stand-in for the gateway (a real HTTP server answering
 * as promotion-service's admin API would): the signed-in user's own token on every call,
 * times in the business zone and money exact in the shop's currency, buttons only for
 * roles that may act, forms turned into the API's requests, and the API's refusals (403,
 * 409, 422) shown in its own words.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class CampaignsScreensTests {

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
	void theListShowsCampaignsInTheBusinessZoneAndAManagerTheCreateForm() throws Exception {
		String page = page(get("/ops/campaigns"), signedIn("ops-manager", "token-of-manager"));
		// 2026-11-10T16:00Z is midnight of 11.11 in Shanghai.
		assertThat(page)
			.contains("data-campaign-id=\"D11\"", "Singles Day", "running", "Nov 11, 2026, 12:00:00",
					"id=\"create-campaign\"", "type=\"datetime-local\"")
			.doesNotContain("id=\"read-only\"");
		assertThat(CALLS).containsExactly("GET /admin/promotions/campaigns Bearer token-of-manager");

		page(get("/ops/campaigns").param("status", "PAUSED"), signedIn("ops-manager", "token-of-manager"));
		assertThat(CALLS).contains("GET /admin/promotions/campaigns?status=PAUSED Bearer token-of-manager");
	}

	@Test
	void aManagerCreatesACampaignWhoseWindowIsTypedInTheBusinessZone() throws Exception {
		this.mvc
			.perform(post("/ops/campaigns").contextPath("/ops")
				.param("id", "D12")
				.param("name", "Double 12")
				.param("startsAt", "2026-12-12T00:00")
				.param("endsAt", "2026-12-13T00:00")
				.with(authentication(signedIn("ops-manager", "token-of-manager")))
				.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/campaigns/D12"))
			.andExpect(flash().attribute("notice",
					"Campaign D12 created as a draft: add its promotions, then activate it."));
		JsonNode sent = JSON.readTree(BODIES.get("POST /admin/promotions/campaigns"));
		assertThat(sent.path("id").asString()).isEqualTo("D12");
		assertThat(sent.path("startsAt").asString()).isEqualTo("2026-12-11T16:00:00Z");
		assertThat(sent.path("endsAt").asString()).isEqualTo("2026-12-12T16:00:00Z");
		assertThat(sent.has("description")).as("left empty, left out").isFalse();
		assertThat(CALLS).contains("POST /admin/promotions/campaigns Bearer token-of-manager");
	}

	@Test
	void aWindowThatCannotBeReadIsRefusedBeforeTheApiAndTheFormComesBack() throws Exception {
		this.mvc
			.perform(post("/ops/campaigns").contextPath("/ops")
				.param("name", "Double 12")
				.param("startsAt", "12/12/2026")
				.param("endsAt", "2026-12-13T00:00")
				.with(authentication(signedIn("ops-manager", "token-of-manager")))
				.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/campaigns"))
			.andExpect(flash().attribute("failure",
					"Starts: \"12/12/2026\" cannot be read (amounts like 199.00, whole numbers for counts)."))
			.andExpect(flash().attributeExists("form"));
		assertThat(CALLS).isEmpty();
	}

	@Test
	void aManagerSeesTheCampaignWithItsCouponBurnAndButtonsInChinese() throws Exception {
		String page = page(get("/ops/campaigns/D11").param("lang", "zh-CN"),
				signedIn("ops-manager", "token-of-manager"));
		assertThat(page).contains("进行中", "id=\"pause\"", "立即结束", "id=\"add-promotion\"", "各批优惠券领取进度",
				// 300 claimed of 1000 minted: 30% burnt, 700 left; 60 redeemed.
				"<td class=\"minted\">1000</td>", "<td class=\"claimed\">300</td>", "<td class=\"redeemed\">60</td>",
				"<td class=\"left\">700</td>", "30.0%",
				// 60 orders x CNY 30 off, exact, and the threshold's CNY 50: CNY 1,850
				// given; the threshold's budget left.
				"¥1,800.00", "¥1,850.00", "¥499,968.00", "满 ¥300.00 减 ¥50.00", "立减 ¥30.00", "满 ¥200.00 可用", "运营经理")
			.doesNotContain("??", "id=\"activate\"", "id=\"read-only\"");
		assertThat(CALLS).containsExactly("GET /admin/promotions/campaigns/D11 Bearer token-of-manager",
				"GET /admin/promotions/campaigns/D11/statistics Bearer token-of-manager");
	}

	@Test
	void aViewerSeesNoButtonsAndTheirForgedPauseShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = page(get("/ops/campaigns/D11"), viewer);
		assertThat(page).contains("Coupon burn per drop", "id=\"read-only\"", "needs ops manager")
			.doesNotContain("id=\"pause\"", "id=\"end\"", "id=\"activate\"", "id=\"add-promotion\"", "pause-D11-DROP");
		assertThat(page(get("/ops/campaigns"), viewer)).doesNotContain("id=\"create-campaign\"");

		this.mvc.perform(post("/ops/campaigns/D11/pause").contextPath("/ops").with(authentication(viewer)).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/campaigns/D11"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(CALLS).contains("POST /admin/promotions/campaigns/D11/pause Bearer token-of-viewer");
	}

	@Test
	void aManagerPausesAndResumesAPromotionAndAnActionInTheWrongStateShowsTheConflict() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		this.mvc
			.perform(post("/ops/campaigns/D11/promotions/D11-DROP/pause").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/campaigns/D11"))
			.andExpect(flash().attribute("notice", "Promotion D11-DROP paused."));
		this.mvc
			.perform(post("/ops/campaigns/D11/promotions/D11-DROP/resume").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("notice", "Promotion D11-DROP resumed."));
		assertThat(CALLS).containsExactly("POST /admin/promotions/promotions/D11-DROP/pause Bearer token-of-manager",
				"POST /admin/promotions/promotions/D11-DROP/resume Bearer token-of-manager");

		this.mvc.perform(
				post("/ops/campaigns/D11/activation").contextPath("/ops").with(authentication(manager)).with(csrf()))
			.andExpect(redirectedUrl("/ops/campaigns/D11"))
			.andExpect(flash().attribute("failure", "Not possible now (409): Campaign D11 is ACTIVE"));
	}

	@Test
	void aCouponDropIsSentInMinorUnitsOfTheShopsCurrencyAndTheApisObjectionShown() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		this.mvc
			.perform(post("/ops/campaigns/D11/promotions").contextPath("/ops")
				.param("name", "30 off 200")
				.param("kind", "AMOUNT_OFF")
				.param("activation", "COUPON")
				.param("amount", "30.00")
				.param("spend", "200")
				.param("quantity", "1000")
				.param("perMember", "1")
				.param("publicCode", "d11-thirty")
				.param("budget", "")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/campaigns/D11"))
			.andExpect(flash().attribute("notice", "Promotion D11-NEW added."));
		JsonNode sent = JSON.readTree(BODIES.get("POST /admin/promotions/campaigns/D11/promotions"));
		assertThat(sent.path("kind").asString()).isEqualTo("AMOUNT_OFF");
		assertThat(sent.path("activation").asString()).isEqualTo("COUPON");
		assertThat(sent.path("stackingGroup").asString()).isEqualTo("COUPON");
		assertThat(sent.path("currency").asString()).isEqualTo("CNY");
		assertThat(sent.path("rule").path("amountOffMinor").asLong()).isEqualTo(3000);
		assertThat(sent.path("rule").path("minSpendMinor").asLong()).isEqualTo(20000);
		assertThat(sent.path("coupon").path("totalQuantity").asInt()).isEqualTo(1000);
		assertThat(sent.path("coupon").path("publicCode").asString()).isEqualTo("D11-THIRTY");
		assertThat(sent.has("budgetMinor")).isFalse();

		// A spend threshold applied by itself stacks on the order.
		this.mvc.perform(post("/ops/campaigns/D11/promotions").contextPath("/ops")
			.param("name", "300 - 50")
			.param("kind", "SPEND_THRESHOLD")
			.param("activation", "AUTOMATIC")
			.param("amount", "50")
			.param("spend", "300")
			.param("budget", "100000.00")
			.with(authentication(manager))
			.with(csrf()));
		sent = JSON.readTree(BODIES.get("POST /admin/promotions/campaigns/D11/promotions"));
		assertThat(sent.path("stackingGroup").asString()).isEqualTo("ORDER");
		assertThat(sent.path("rule").path("tiers").path(0).path("spendMinor").asLong()).isEqualTo(30000);
		assertThat(sent.path("rule").path("tiers").path(0).path("offMinor").asLong()).isEqualTo(5000);
		assertThat(sent.path("budgetMinor").asLong()).isEqualTo(10_000_000);
		assertThat(sent.has("coupon")).isFalse();

		// Half a fen is not an amount: refused here, exactly, not rounded.
		CALLS.clear();
		this.mvc
			.perform(post("/ops/campaigns/D11/promotions").contextPath("/ops")
				.param("name", "x")
				.param("amount", "30.005")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("failure",
					"Amount off: \"30.005\" cannot be read (amounts like 199.00, whole numbers for counts)."))
			.andExpect(flash().attributeExists("promotionForm"));
		assertThat(CALLS).isEmpty();

		this.mvc
			.perform(post("/ops/campaigns/D11/promotions").contextPath("/ops")
				.param("name", "invalid")
				.param("amount", "30")
				.param("spend", "20")
				.param("quantity", "10")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("failure", "Not valid (422): The promotion is not valid: 1 problem(s)"));
	}

	@Test
	void everyStatusKindAndActivationTheApiNamesHasALabelInBothLanguages() {
		for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
			Campaign.STATES.forEach((s) -> label("campaigns.state." + s, locale));
			Promotion.STATES.forEach((s) -> label("campaigns.promotionState." + s, locale));
			Promotion.KINDS.forEach((k) -> label("campaigns.kind." + k, locale));
			Promotion.ACTIVATIONS.forEach((a) -> label("campaigns.activation." + a, locale));
		}
		assertThat(Promotion.KINDS).containsAll(PromotionForm.KINDS);
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

	private static final String CAMPAIGN = """
			{"id": "D11", "name": "Singles Day", "description": "11.11 storewide", "startsAt": "2026-11-10T16:00:00Z",
			 "endsAt": "2026-11-11T16:00:00Z", "status": "ACTIVE", "version": 3, "earlyAccessHours": 0}""";

	private static final String PROMOTIONS = """
			[{"id": "D11-DROP", "campaignId": "D11", "status": "ACTIVE", "campaignStatus": "ACTIVE",
			  "startsAt": "2026-11-10T16:00:00Z", "endsAt": "2026-11-11T16:00:00Z",
			  "definition": {"name": "30 off 200", "kind": "AMOUNT_OFF", "activation": "COUPON", "group": "COUPON",
			    "exclusive": false, "priority": 0, "currency": "CNY", "combinableWithPoints": true,
			    "scope": {"skus": [], "categories": [], "brands": [], "channels": [], "memberTiers": [], "segments": [],
			      "newMembersOnly": false},
			    "rule": {"amountOffMinor": 3000, "minSpendMinor": 20000, "tiers": [], "repeating": false},
			    "coupon": {"totalQuantity": 1000, "perMemberLimit": 1, "validDays": 3, "publicCode": "D11-THIRTY"},
			    "budgetMinor": null, "restoreBudgetOnReturn": true},
			  "budgetRemainingMinor": null, "budgetLockedMinor": 0, "budgetSpentMinor": 180000},
			 {"id": "D11-300-50", "campaignId": "D11", "status": "PAUSED", "campaignStatus": "ACTIVE",
			  "startsAt": "2026-11-10T16:00:00Z", "endsAt": "2026-11-11T16:00:00Z",
			  "definition": {"name": "Every 300, 50 off", "kind": "SPEND_THRESHOLD", "activation": "AUTOMATIC",
			    "group": "ORDER", "exclusive": false, "priority": 0, "currency": "CNY", "combinableWithPoints": true,
			    "scope": {"skus": [], "categories": [], "brands": [], "channels": [], "memberTiers": [], "segments": [],
			      "newMembersOnly": false},
			    "rule": {"tiers": [{"spendMinor": 30000, "offMinor": 5000}], "repeating": true},
			    "budgetMinor": 50000000, "restoreBudgetOnReturn": true},
			  "budgetRemainingMinor": 49996800, "budgetLockedMinor": 0, "budgetSpentMinor": 3200}]""";

	private static final String STATISTICS = """
			{"campaignId": "D11", "status": "ACTIVE", "promotions": [
			 {"promotionId": "D11-DROP", "name": "30 off 200", "status": "ACTIVE", "couponsMinted": 1000,
			  "couponsIssued": 300, "couponsRedeemed": 60, "redemptionRate": 0.2, "orders": 60,
			  "discountSpentMinor": 180000, "budgetMinor": null, "budgetLockedMinor": 0, "gmvMinor": 1500000,
			  "currency": "CNY"},
			 {"promotionId": "D11-300-50", "name": "Every 300, 50 off", "status": "PAUSED", "couponsMinted": null,
			  "couponsIssued": null, "couponsRedeemed": null, "redemptionRate": null, "orders": 1,
			  "discountSpentMinor": 5000, "budgetMinor": 50000000, "budgetLockedMinor": 0, "gmvMinor": 32000,
			  "currency": "CNY"}]}""";

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String method = exchange.getRequestMethod();
				String path = exchange.getRequestURI().getPath();
				String call = method + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization");
				CALLS.add(call);
				byte[] request = exchange.getRequestBody().readAllBytes();
				if (request.length > 0) {
					BODIES.put(method + " " + path, new String(request, StandardCharsets.UTF_8));
				}
				int status = 200;
				String body = "{}";
				if (method.equals("GET") && path.equals("/admin/promotions/campaigns")) {
					body = "[" + CAMPAIGN + "]";
				}
				else if (method.equals("GET") && path.equals("/admin/promotions/campaigns/D11")) {
					body = "{\"campaign\": " + CAMPAIGN + ", \"promotions\": " + PROMOTIONS + "}";
				}
				else if (method.equals("GET") && path.equals("/admin/promotions/campaigns/D11/statistics")) {
					body = STATISTICS;
				}
				else if (method.equals("POST") && path.equals("/admin/promotions/campaigns")) {
					status = 201;
					body = "{\"campaign\": {\"id\": \"D12\"}, \"promotions\": []}";
				}
				else if (method.equals("POST") && path.equals("/admin/promotions/campaigns/D11/promotions")) {
					boolean invalid = new String(request, StandardCharsets.UTF_8).contains("\"invalid\"");
					status = invalid ? 422 : 201;
					body = invalid ? """
							{"type": "https://concord.example/problems/invalid-promotion", "title": "Invalid promotion",
							 "status": 422, "detail": "The promotion is not valid: 1 problem(s)"}"""
							: "{\"id\": \"D11-NEW\"}";
				}
				else if (method.equals("POST") && path.equals("/admin/promotions/campaigns/D11/activation")) {
					status = 409;
					body = """
							{"type": "https://concord.example/problems/conflict", "title": "Conflict", "status": 409,
							 "detail": "Campaign D11 is ACTIVE"}""";
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
