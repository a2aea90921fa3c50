package io.concord.system;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static io.concord.platform.test.TestHttp.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The authorization matrix end to end: real member tokens (signed in through the
 * gateway), real staff tokens (development OIDC issuer), the real gateway and the real
 * services, which check every token again and hide other members' records (404).
 */
class AuthorizationSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyCallerGetsExactlyWhatTheirTokenAllows() throws Exception {
		String[] ada = signedInMember();
		String[] bo = signedInMember();
		Map<String, String> callers = new LinkedHashMap<>();
		callers.put("anonymous", null);
		callers.put("member A", ada[1]);
		callers.put("member B", bo[1]);
		callers.put("ops-viewer", SystemStack.get().staffToken("ops-viewer"));
		callers.put("ops-manager", SystemStack.get().staffToken("ops-manager"));
		callers.put("admin", SystemStack.get().staffToken("admin"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> gateway("GET", "/admin/promotions/audience/" + ada[0], callers.get("ops-viewer"), null)
				.statusCode() == 200);
		String rules = gateway("GET", "/admin/members/config/points-rules", callers.get("admin"), null).body();
		String credit = "{\"points\": 1, \"reason\": \"goodwill\"}";
		// anonymous, member A, member B, ops-viewer, ops-manager, admin
		expect(callers, "GET", "/api/members/tiers", null, 200, 200, 200, 200, 200, 200);
		expect(callers, "GET", "/api/members/" + ada[0], null, 401, 200, 404, 403, 403, 403);
		expect(callers, "GET", "/api/members/me/points", null, 401, 200, 200, 403, 403, 403);
		expect(callers, "GET", "/admin/members/" + ada[0], null, 401, 403, 403, 200, 200, 200);
		expect(callers, "POST", "/admin/members/" + ada[0] + "/points/adjustments", credit, 401, 403, 403, 403, 200,
				200);
		expect(callers, "PUT", "/admin/members/config/points-rules", rules, 401, 403, 403, 403, 403, 200);
		expect(callers, "GET", "/admin/promotions/audience/" + ada[0], null, 401, 403, 403, 200, 200, 200);
		expect(callers, "GET", "/admin/inventory/dead-letters", null, 401, 403, 403, 200, 200, 200);
		expect(callers, "GET", "/admin/fulfillment/dead-letters", null, 401, 403, 403, 200, 200, 200);
		expect(callers, "GET", "/admin/members/actuator/health", null, 401, 403, 403, 200, 200, 200);
	}

	@Test
	void spoofedIdentityHeadersAreRejectedThroughTheGatewayAndStraightAtTheService() throws Exception {
		String[] ada = signedInMember();
		String[] bo = signedInMember();
		Map<String, String> spoofed = Map.of("X-Member-Id", ada[0], "X-User-Id", ada[0], "X-Roles", "admin");
		String memberService = SystemStack.get().serviceUrl("member-service");
		for (String base : List.of(SystemStack.get().gatewayUrl(), memberService)) {
			assertThat(call(base, "GET", "/api/members/me", null, null, spoofed).statusCode()).as(base).isEqualTo(401);
			assertThat(call(base, "GET", "/admin/members/" + ada[0], null, null, spoofed).statusCode()).as(base)
				.isEqualTo(401);
			HttpResponse<String> asBo = call(base, "GET", "/api/members/me", bo[1], null, spoofed);
			assertThat(JSON.readTree(asBo.body()).path("id").asString()).as(base).isEqualTo(bo[0]);
			assertThat(call(base, "GET", "/api/members/" + ada[0], bo[1], null, spoofed).statusCode()).as(base)
				.isEqualTo(404);
		}
	}

	private static void expect(Map<String, String> callers, String method, String path, String body, int... expected)
			throws Exception {
		int i = 0;
		for (Map.Entry<String, String> caller : callers.entrySet()) {
			HttpResponse<String> answer = gateway(method, path, caller.getValue(), body);
			assertThat(answer.statusCode()).as(caller.getKey() + " " + method + " " + path + ": " + answer.body())
				.isEqualTo(expected[i++]);
		}
	}

	private static HttpResponse<String> gateway(String method, String path, String token, String body)
			throws Exception {
		return call(SystemStack.get().gatewayUrl(), method, path, token, body, Map.of());
	}

	/** Registers with a verified phone and signs in with a code: {member id, token}. */
	private static String[] signedInMember() throws Exception {
		String phone = "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
		gateway("POST", "/api/members/verification-codes", null, "{\"type\":\"PHONE\",\"value\":\"" + phone + "\"}");
		String registered = gateway("POST", "/api/members", null, """
				{"displayName": "Matrix", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone,
				code(phone)))
			.body();
		gateway("POST", "/api/auth/one-time-codes", null, "{\"type\":\"PHONE\",\"value\":\"" + phone + "\"}");
		String token = gateway("POST", "/api/auth/token", null,
				"""
						{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "%s", "channel": "APP"}"""
					.formatted(phone, code(phone)))
			.body();
		return new String[] { JSON.readTree(registered).path("id").asString(),
				JSON.readTree(token).path("accessToken").asString() };
	}

	private static String code(String phone) throws Exception {
		return JSON
			.readTree(call(SystemStack.get().serviceUrl("member-service"), "GET",
					"/dev/one-time-codes?destination=" + URLEncoder.encode(phone, StandardCharsets.UTF_8), null, null,
					Map.of())
				.body())
			.path("code")
			.asString();
	}

}
