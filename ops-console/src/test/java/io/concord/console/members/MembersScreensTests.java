package io.concord.console.members;

import java.util.Properties;

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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The members screens against a stand-in for the gateway: a member with identities
 * masked, tier and grant, segment, points and ledger, merges and notifications, in
 * English and Chinese with the user's own token; points adjustments and tier grants only
 * for ops-managers, the API's 403 and 422 shown; a phone looked up by POST, never in a
 * URL; the points rules read-only.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class MembersScreensTests {

	private static final String ID = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10";

	private static final String MERGED = "5d2c8a41-9e3b-4f7a-b6c0-1a2b3c4d5e6f";

	private static final StandInGateway GATEWAY = new StandInGateway().answer("GET /admin/members/" + ID, """
			{"id": "%s", "displayName": "Li Wei", "registeredChannel": "APP",
			 "registeredAt": "2026-11-11T02:15:30Z", "status": "ACTIVE",
			 "identities": [{"type": "PHONE", "namespace": "", "value": "+86*******0000", "verified": true,
			                 "linkedAt": "2026-11-11T02:15:30Z"},
			                {"type": "EMAIL", "namespace": "", "value": "liwei@example.com", "verified": false,
			                 "linkedAt": "2026-11-12T02:15:30Z"}]}""".formatted(ID))
		.answer("GET /admin/members/" + MERGED, """
				{"id": "%s", "displayName": "Li Wei", "registeredChannel": "STORE",
				 "registeredAt": "2026-11-11T02:15:30Z", "status": "ACTIVE", "identities": []}""".formatted(ID))
		.answer("GET /admin/members/" + ID + "/tier",
				"""
						{"current": {"memberId": "%s", "tier": "GOLD", "since": "2026-11-20T00:00:00Z", "spendMinor": 1250000,
						             "currency": "CNY", "orders": 12,
						             "benefits": {"tier": "GOLD", "minSpendMinor": 1000000, "minOrders": 10, "discountPercent": 5.00,
						                          "freeShipping": true, "earlyAccess": true, "pointsMultiplier": 1.5,
						                          "birthdayGiftPoints": 2000}},
						 "grant": {"memberId": "%s", "tier": "GOLD", "until": "2027-03-31T16:00:00Z", "reason": "88VIP status match",
						           "grantedBy": "staff:ops-1", "grantedAt": "2026-11-20T00:00:00Z"}}"""
					.formatted(ID, ID))
		.answer("GET /admin/members/" + ID + "/segment",
				"""
						{"memberId": "%s", "segment": "CHAMPIONS", "recencyDays": 3, "frequency": 5, "monetaryMinor": 450000}"""
					.formatted(ID))
		.answer("GET /admin/members/" + ID + "/points", """
				{"memberId": "%s", "balance": 12850, "pending": 2990,
				 "entries": [{"id": 1, "kind": "EARN", "points": 2990, "state": "PENDING", "source": "order",
				              "sourceRef": "ORD-1", "availableAt": "2026-12-20T00:00:00Z", "reason": null,
				              "createdAt": "2026-12-01T00:00:00Z"},
				             {"id": 2, "kind": "ADJUST", "points": -500, "state": "AVAILABLE", "source": "admin",
				              "sourceRef": "a-1", "availableAt": null, "reason": "double-counted check-in",
				              "createdAt": "2026-12-02T00:00:00Z"}]}""".formatted(ID))
		.answer("GET /admin/members/" + ID + "/notifications", """
				[{"id": "7c1e0e2a-1111-4e8a-9a51-2f0c3d9e7a10", "kind": "ORDER_SHIPPED", "status": "SUPPRESSED",
				  "reason": "NO_CONSENT", "channel": null, "createdAt": "2026-12-01T00:00:00Z",
				  "sendAt": "2026-12-01T00:00:00Z", "sentAt": null}]""")
		.answer("GET /admin/members/audit",
				"""
						[{"id": 9, "actor": "staff:ops-1", "action": "MEMBER_MERGED", "memberId": "%s",
						  "reason": "same shopper: store card and app", "details": "{\\"survivor\\": \\"%s\\", \\"merged\\": \\"%s\\"}",
						  "at": "2026-11-25T00:00:00Z"},
						 {"id": 8, "actor": "staff:ops-1", "action": "TIER_GRANTED", "memberId": "%s", "reason": "x",
						  "details": "{}", "at": "2026-11-20T00:00:00Z"}]"""
					.formatted(ID, ID, MERGED, ID))
		.answer("POST /admin/members/" + ID + "/points/adjustments", """
				{"memberId": "%s", "balance": 13350, "pending": 2990, "entries": []}""".formatted(ID))
		.answer("PUT /admin/members/" + ID + "/tier-grant", "{}")
		.answer("DELETE /admin/members/" + ID + "/tier-grant", "{}")
		.answer("POST /admin/members/resolve", "{\"memberId\": \"" + ID + "\"}")
		.answer("GET /admin/members/config/points-rules", """
				{"earnPerCurrencyUnit": 1, "pointsPerCurrencyUnit": 100, "maxOrderSharePercent": 50,
				 "returnWindowDays": 15, "validityDays": 730, "checkInPoints": 10, "checkInStreakBonus": 5,
				 "checkInStreakCap": 7, "reviewPoints": 50}""");

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", GATEWAY::url);
	}

	@AfterAll
	static void stop() {
		GATEWAY.close();
	}

	@Test
	void aMemberIsShownWithIdentitiesMaskedTierSegmentPointsMergesAndNotificationsInBothLanguages() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer-read");
		String english = page("/ops/members?member=" + ID, "en", viewer);
		assertThat(english)
			.contains("Li Wei", "+86*******0000", "Gold", "88VIP status match", "Champions", "12,850", "2,990",
					"adjusted by staff", "double-counted check-in", "-500", MERGED, "same shopper: store card and app",
					"order shipped", "suppressed (NO_CONSENT)")
			// An identity that ever came unmasked is masked by the console.
			.contains("*************.com")
			.doesNotContain("liwei@example.com", "??");
		assertThat(GATEWAY.callLines()).contains("GET /admin/members/" + ID + " Bearer token-of-viewer-read",
				"GET /admin/members/" + ID + "/points Bearer token-of-viewer-read",
				"GET /admin/members/" + ID + "/tier Bearer token-of-viewer-read",
				"GET /admin/members/" + ID + "/segment Bearer token-of-viewer-read",
				"GET /admin/members/" + ID + "/notifications?limit=50 Bearer token-of-viewer-read",
				"GET /admin/members/audit?memberId=" + ID + "&limit=1000 Bearer token-of-viewer-read");

		String chinese = page("/ops/members?member=" + ID, "zh-CN", viewer);
		assertThat(chinese).contains("会员与积分", "金卡", "核心会员", "可用积分", "人工调整", "已脱敏", "订单已发货").doesNotContain("??");

		assertThat(page("/ops/members?member=" + MERGED, "en", viewer)).contains("id=\"merged-from\"",
				"Member " + MERGED + " was merged into " + ID);
		assertThat(page("/ops/members?member=not-an-id", "en", viewer)).contains("Enter a member id");
	}

	@Test
	void aViewerSeesNoActionsAndTheirForgedAdjustmentShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		assertThat(page("/ops/members?member=" + ID, "en", viewer)).contains("id=\"read-only\"")
			.doesNotContain("id=\"adjust\"", "id=\"grant-tier-button\"", "id=\"revoke-grant\"", "id=\"lookup\"");
		this.mvc
			.perform(post("/ops/members/" + ID + "/points").contextPath("/ops")
				.param("points", "500")
				.param("reason", "forged")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/members?member=" + ID))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
	}

	@Test
	void aManagerAdjustsPointsAndGrantsATierAndSeesTheApisRuleRefusal() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		assertThat(page("/ops/members?member=" + ID, "zh-CN", manager)).contains("id=\"adjust\"",
				"id=\"grant-tier-button\"", "id=\"revoke-grant\"", "id=\"lookup\"", "调整积分");
		this.mvc
			.perform(post("/ops/members/" + ID + "/points").contextPath("/ops")
				.param("points", "500")
				.param("reason", "goodwill: late parcel")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/members?member=" + ID))
			.andExpect(flash().attribute("notice", "Points adjusted by +500; the balance is now 13,350."));
		assertThat(GATEWAY.calls()).anySatisfy((call) -> {
			assertThat(call.uri()).isEqualTo("/admin/members/" + ID + "/points/adjustments");
			assertThat(call.body()).isEqualTo("{\"points\":500,\"reason\":\"goodwill: late parcel\"}");
			assertThat(call.authorization()).isEqualTo("Bearer token-of-manager");
		});

		GATEWAY.answer("POST /admin/members/" + ID + "/points/adjustments", 422, StandInGateway.problem(422,
				"Insufficient points", "The balance of 12850 points cannot cover -99999 points"));
		try {
			this.mvc
				.perform(post("/ops/members/" + ID + "/points").contextPath("/ops")
					.param("points", "-99999")
					.param("reason", "too much")
					.with(authentication(manager))
					.with(csrf()))
				.andExpect(flash().attribute("failure",
						"Not valid (422): The balance of 12850 points cannot cover -99999 points"));
		}
		finally {
			GATEWAY.answer("POST /admin/members/" + ID + "/points/adjustments", """
					{"memberId": "%s", "balance": 13350, "pending": 2990, "entries": []}""".formatted(ID));
		}

		this.mvc
			.perform(post("/ops/members/" + ID + "/tier-grant").contextPath("/ops")
				.param("tier", "PLATINUM")
				.param("until", "2027-03-31")
				.param("reason", "status match")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("notice", "Tier grant set: Platinum."));
		assertThat(GATEWAY.calls()).anySatisfy((call) -> {
			assertThat(call.method()).isEqualTo("PUT");
			assertThat(call.body())
				.isEqualTo("{\"tier\":\"PLATINUM\",\"until\":\"2027-03-31T16:00:00Z\",\"reason\":\"status match\"}");
		});
		this.mvc
			.perform(post("/ops/members/" + ID + "/tier-grant/revocation").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("notice", "Tier grant ended; the member's earned tier applies again."));
		assertThat(GATEWAY.callLines()).contains("DELETE /admin/members/" + ID + "/tier-grant Bearer token-of-manager");
	}

	@Test
	void aPhoneIsLookedUpThroughTheApisResolveAndNeverStandsInAUrl() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-looker");
		this.mvc
			.perform(post("/ops/members/lookup").contextPath("/ops")
				.param("identity", "13900000000")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/members?member=" + ID));
		assertThat(GATEWAY.calls()).anySatisfy((call) -> {
			assertThat(call.uri()).isEqualTo("/admin/members/resolve");
			assertThat(call.body()).isEqualTo("{\"type\":\"PHONE\",\"namespace\":\"\",\"value\":\"13900000000\"}");
		});
		assertThat(GATEWAY.calls()).noneSatisfy((call) -> assertThat(call.uri()).contains("13900000000"));
	}

	@Test
	void thePointsRulesAreShownReadOnly() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-rules");
		assertThat(page("/ops/members/points-rules", "zh-CN", viewer)).contains("积分规则", "100 积分抵 1 元", "730 天")
			.doesNotContain("<form th", "??");
		assertThat(page("/ops/members/points-rules", "en", viewer)).contains("1 points per currency unit spent", "50%",
				"10 points, +5 per day of a streak, up to 7 days");
	}

	@Test
	void everyValueTheApiNamesHasALabelInBothLanguages() {
		for (String bundle : new String[] { "i18n/members.properties", "i18n/members_zh_CN.properties" }) {
			Properties labels = StandInGateway.bundle(bundle);
			MembersController.labelled()
				.forEach((kind, values) -> values
					.forEach((value) -> assertThat(labels).as(bundle).containsKey("members." + kind + "." + value)));
		}
	}

	@Test
	void anIdentityArrivingUnmaskedIsMasked() {
		assertThat(Loyalty.masked("+86*******0000")).isEqualTo("+86*******0000");
		assertThat(Loyalty.masked("13912340000")).isEqualTo("********000");
		assertThat(Loyalty.masked("liwei@example.com")).isEqualTo("*************.com");
		assertThat(Loyalty.masked("")).isEmpty();
	}

	private String page(String path, String lang, OAuth2AuthenticationToken user) throws Exception {
		return this.mvc.perform(get(path).param("lang", lang).contextPath("/ops").with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private OAuth2AuthenticationToken signedIn(String role, String token) {
		return StandInGateway.signedIn(role, token, this.clients, this.registrations);
	}

}
