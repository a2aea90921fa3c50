package io.concord.member.signin;

import java.util.Base64;

import io.concord.member.support.MemberApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void codeSignInIssuesAnRs256TokenForTheMemberVerifiableWithTheJwks() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "MINI_PROGRAM", MemberApi.channelClient("mini-program"));
		JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(member[1].split("\\.")[0]));
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(member[1].split("\\.")[1]));
		assertThat(header.path("alg").asString()).isEqualTo("RS256");
		assertThat(claims.path("sub").asString()).isEqualTo(member[0]);
		assertThat(claims.path("channel").asString()).isEqualTo("MINI_PROGRAM");
		assertThat(claims.path("tier").asString()).isEqualTo("BRONZE");
		assertThat(claims.path("iss").asString()).isEqualTo("concord-member-service");
		assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
		assertThat(this.api.get("/api/auth/jwks", null).body()).contains(header.path("kid").asString());
		assertThat(this.api.get("/api/members/me", member[1]).field("id")).isEqualTo(member[0]);
	}

	@Test
	void passwordSignInLocksAfterRepeatedFailures() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "WEB");
		assertThat(this.api.put("/api/members/me/password", "{\"password\": \"correct horse battery\"}", member[1])
			.status()).isEqualTo(204);
		assertThat(passwordSignIn(phone, "correct horse battery").status()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			MemberApi.Answer wrong = passwordSignIn(phone, "wrong password " + i);
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.field("type")).isEqualTo("https://concord.dev/problems/invalid-grant");
		}
		MemberApi.Answer locked = passwordSignIn(phone, "correct horse battery");
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.field("type")).isEqualTo("https://concord.dev/problems/sign-in-locked");
		// Nobody holds this number: the answer is the same as for a wrong password.
		assertThat(passwordSignIn(MemberApi.newPhone(), "anything at all").status()).isEqualTo(401);
		assertThat(this.api.put("/api/members/me/password", "{\"password\": \"short\"}", member[1]).status())
			.isEqualTo(400);
	}

	@Test
	void refreshTokensRotateAndAReusedOneRevokesTheFamily() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		MemberApi.Answer rotated = refresh(member[2]);
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(rotated.field("memberId")).isEqualTo(member[0]);
		String next = rotated.field("refreshToken");
		assertThat(next).isNotEqualTo(member[2]);
		// The first token comes back (stolen copy): the whole family is revoked.
		assertThat(refresh(member[2]).status()).isEqualTo(401);
		assertThat(refresh(next).status()).isEqualTo(401);
	}

	@Test
	void tokensSignedBeforeAKeyRotationStillVerify() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String rotatedKid = this.api.post("/admin/members/config/signing-keys/rotation", "{}", null).field("kid");
		MemberApi.Answer fresh = refresh(member[2]);
		JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(fresh.field("accessToken").split("\\.")[0]));
		assertThat(header.path("kid").asString()).isEqualTo(rotatedKid);
		assertThat(this.api.get("/api/members/me", member[1]).status()).isEqualTo(200);
		assertThat(this.api.get("/api/members/me", fresh.field("accessToken")).status()).isEqualTo(200);
	}

	@Test
	void badGrantRequestsAnswerProblemDetails() {
		assertThat(this.api.post("/api/auth/token", "{\"grantType\": \"magic\"}", null).status()).isEqualTo(400);
		MemberApi.Answer missing = this.api.post("/api/auth/token", "{\"grantType\": \"password\"}", null);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("identifier");
		assertThat(refresh("nonsense").status()).isEqualTo(401);
	}

	private MemberApi.Answer passwordSignIn(String phone, String password) {
		return this.api.post("/api/auth/token", """
				{"grantType": "password", "identifier": {"type": "PHONE", "value": "%s"}, "password": "%s"}"""
			.formatted(phone, password), null);
	}

	private MemberApi.Answer refresh(String refreshToken) {
		return this.api.post("/api/auth/token",
				"{\"grantType\": \"refresh_token\", \"refreshToken\": \"" + refreshToken + "\"}", null);
	}

}
