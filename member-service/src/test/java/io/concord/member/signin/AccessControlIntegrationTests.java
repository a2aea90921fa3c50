package io.concord.member.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * member-service decides for itself who may do what, from the token alone: called
 * straight (no gateway), identity headers prove nothing, a member sees only themself (404
 * for anyone else), and the admin API follows the staff roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessControlIntegrationTests {

	@LocalServerPort
	int port;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void everyCallerGetsExactlyWhatTheirTokenAllows() {
		String[] ada = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String[] bo = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		String rules = this.api.get("/admin/members/config/points-rules", null).body();
		Map<String, String> callers = new LinkedHashMap<>();
		callers.put("anonymous", null);
		callers.put("member A", ada[1]);
		callers.put("member B", bo[1]);
		callers.put("ops-viewer", MemberApi.staffToken("ops-viewer"));
		callers.put("ops-manager", MemberApi.staffToken("ops-manager"));
		callers.put("admin", MemberApi.staffToken("admin"));
		// anonymous, member A, member B, ops-viewer, ops-manager, admin
		expect(callers, "GET /api/members/tiers", List.of(200, 200, 200, 200, 200, 200),
				(token) -> this.api.get("/api/members/tiers", token));
		expect(callers, "GET /api/members/{A}", List.of(401, 200, 404, 403, 403, 403),
				(token) -> this.api.get("/api/members/" + ada[0], token));
		expect(callers, "GET /api/members/me/points", List.of(401, 200, 200, 403, 403, 403),
				(token) -> this.api.get("/api/members/me/points", token));
		expect(callers, "GET /admin/members/{A}", List.of(401, 403, 403, 200, 200, 200),
				(token) -> this.api.get("/admin/members/" + ada[0], bearerOrNone(token)));
		expect(callers, "POST /admin/members/{A}/points/adjustments", List.of(401, 403, 403, 403, 200, 200),
				(token) -> this.api.post("/admin/members/" + ada[0] + "/points/adjustments",
						"{\"points\": 1, \"reason\": \"goodwill\"}", bearerOrNone(token)));
		assertThat(this.api.get("/admin/members/audit?memberId=" + ada[0], null).body())
			.as("the staff token's subject is the actor on record")
			.contains("staff:ops-test");
		expect(callers, "GET /admin/members/config/points-rules", List.of(401, 403, 403, 200, 200, 200),
				(token) -> this.api.get("/admin/members/config/points-rules", bearerOrNone(token)));
		expect(callers, "PUT /admin/members/config/points-rules", List.of(401, 403, 403, 403, 403, 200),
				(token) -> this.api.put("/admin/members/config/points-rules", rules, bearerOrNone(token)));
	}

	@Test
	void identityHeadersSentStraightToTheServiceAreIgnored() {
		String[] ada = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String[] bo = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		Map<String, String> spoofed = Map.of("X-Member-Id", ada[0], "X-User-Id", ada[0], "X-Forwarded-User", ada[0],
				"X-Roles", "admin", "X-Staff-Roles", "admin");
		assertThat(this.api.get("/api/members/me", null, spoofed).status()).isEqualTo(401);
		assertThat(this.api.get("/admin/members/" + ada[0], null, spoofed).status()).isEqualTo(401);
		// Bo's token with Ada's id in the headers is still Bo.
		MemberApi.Answer me = this.api.get("/api/members/me", bo[1], spoofed);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.field("id")).isEqualTo(bo[0]);
		assertThat(this.api.get("/api/members/" + ada[0], bo[1], spoofed).status()).isEqualTo(404);
		assertThat(this.api.get("/admin/members/" + ada[0], bo[1], spoofed).status()).isEqualTo(403);
	}

	@Test
	void forgedAndExpiredStaffTokensAndForeignMemberTokensAreRefused() {
		String[] ada = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		for (String token : List.of(TestIssuers.get().forgedStaffToken("mallory", "admin"),
				TestIssuers.get().expiredStaffToken("ops-1", "admin"))) {
			MemberApi.Answer answer = this.api.get("/admin/members/" + ada[0], token);
			assertThat(answer.status()).isEqualTo(401);
			assertThat(answer.json().path("type").asString()).isEqualTo("https://concord.dev/problems/unauthorized");
		}
		// Right issuer name, but not signed by member-service's keys.
		MemberApi.Answer foreign = this.api.get("/api/members/me",
				TestIssuers.get().memberToken(java.util.UUID.fromString(ada[0])));
		assertThat(foreign.status()).isEqualTo(401);
	}

	private static final String NONE = "";

	// MemberApi signs /admin calls without a token as an admin; "" sends none at all.
	private static String bearerOrNone(String token) {
		return (token != null) ? token : NONE;
	}

	private void expect(Map<String, String> callers, String endpoint, List<Integer> expected,
			java.util.function.Function<String, MemberApi.Answer> call) {
		int i = 0;
		for (Map.Entry<String, String> caller : callers.entrySet()) {
			assertThat(call.apply(caller.getValue()).status()).as(caller.getKey() + " " + endpoint)
				.isEqualTo(expected.get(i++));
		}
	}

}
