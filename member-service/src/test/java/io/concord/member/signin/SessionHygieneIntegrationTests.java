package io.concord.member.signin;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.concord.member.support.MemberApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions (issue 16, M11 and L9): a password change needs a recent sign-in or the
 * current password and ends the member's other sessions; a session has an absolute end;
 * passwords BCrypt cannot read whole are refused, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionHygieneIntegrationTests {

	private static final String REAUTHENTICATE = "https://concord.dev/problems/reauthentication-required";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("M11: changing the password ends every other session of the member and keeps the caller's")
	void m11_passwordChangeRevokesEveryOtherSession() {
		String phone = MemberApi.newPhone();
		String[] onPhone = this.api.registerAndSignIn(phone, "APP");
		MemberApi.Answer onLaptop = this.api.signInWithCode(phone, "WEB");
		assertThat(onLaptop.status()).isEqualTo(200);

		assertThat(
				this.api.put("/api/members/me/password", "{\"password\": \"a brand new secret\"}", onPhone[1]).status())
			.isEqualTo(204);

		MemberApi.Answer laptop = refresh(onLaptop.field("refreshToken"));
		assertThat(laptop.status()).as("the other session has ended").isEqualTo(401);
		assertThat(laptop.field("type")).isEqualTo("https://concord.dev/problems/invalid-grant");
		assertThat(refresh(onPhone[2]).status()).as("the caller's own session goes on").isEqualTo(200);
	}

	@Test
	@DisplayName("M11: an access token of a session that signed in long ago cannot change the password without the current one")
	void m11_passwordChangeNeedsARecentSignInOrTheCurrentPassword() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		JsonNode fresh = MemberApi.claims(member[1]);
		assertThat(fresh.path("sid").asString()).isNotBlank();
		assertThat(this.api.put("/api/members/me/password", "{\"password\": \"first secret 123\"}", member[1]).status())
			.as("just signed in")
			.isEqualTo(204);

		// The session signed in 10 minutes ago; its refreshed access token says so.
		this.jdbc.update("update refresh_token set auth_time = ? where family_id = ?::uuid",
				Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))), fresh.path("sid").asString());
		MemberApi.Answer refreshed = refresh(member[2]);
		assertThat(refreshed.status()).isEqualTo(200);
		String stale = refreshed.field("accessToken");
		assertThat(MemberApi.claims(stale).path("sid").asString()).isEqualTo(fresh.path("sid").asString());
		assertThat(MemberApi.claims(stale).path("auth_time").asLong())
			.isLessThan(Instant.now().minus(Duration.ofMinutes(9)).getEpochSecond());

		MemberApi.Answer withoutProof = this.api.put("/api/members/me/password",
				"{\"password\": \"stolen token secret\"}", stale);
		assertThat(withoutProof.status()).isEqualTo(403);
		assertThat(withoutProof.field("type")).isEqualTo(REAUTHENTICATE);
		MemberApi.Answer wrongCurrent = this.api.put("/api/members/me/password",
				"{\"password\": \"stolen token secret\", \"currentPassword\": \"a guess at it\"}", stale);
		assertThat(wrongCurrent.status()).isEqualTo(403);
		assertThat(wrongCurrent.field("type")).isEqualTo(REAUTHENTICATE);
		assertThat(passwordSignIn(phone, "first secret 123").status()).as("the password is unchanged").isEqualTo(200);

		assertThat(this.api
			.put("/api/members/me/password",
					"{\"password\": \"second secret 456\", \"currentPassword\": \"first secret 123\"}", stale)
			.status()).isEqualTo(204);
		assertThat(passwordSignIn(phone, "second secret 456").status()).isEqualTo(200);
	}

	@Test
	void wrongCurrentPasswordsLockLikeFailedSignIns() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		this.api.put("/api/members/me/password", "{\"password\": \"first secret 123\"}", member[1]);
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.put("/api/members/me/password",
					"{\"password\": \"another secret 1\", \"currentPassword\": \"guess number " + i + "\"}", member[1])
				.status()).isEqualTo(403);
		}
		MemberApi.Answer locked = this.api.put("/api/members/me/password",
				"{\"password\": \"another secret 1\", \"currentPassword\": \"first secret 123\"}", member[1]);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.field("type")).isEqualTo("https://concord.dev/problems/sign-in-locked");
	}

	@Test
	@DisplayName("M11: a session ends at its absolute lifetime however often it was refreshed")
	void m11_sessionEndsAtItsAbsoluteLifetime() {
		String phone = MemberApi.newPhone();
		String[] old = this.api.registerAndSignIn(phone, "APP");
		String oldSession = MemberApi.claims(old[1]).path("sid").asString();
		this.jdbc.update("update refresh_token set family_started_at = ? where family_id = ?::uuid",
				Timestamp.from(Instant.now().minus(Duration.ofDays(91))), oldSession);
		assertThat(refresh(old[2]).status()).isEqualTo(401);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from refresh_token where family_id = ?::uuid and revoked_at is null", Integer.class,
				oldSession))
			.isZero();

		// A session one hour short of the end gets a refresh token that ends with it.
		MemberApi.Answer nearlyOld = this.api.signInWithCode(phone, "APP");
		String session = MemberApi.claims(nearlyOld.field("accessToken")).path("sid").asString();
		Instant started = Instant.now().minus(Duration.ofDays(90)).plus(Duration.ofHours(1));
		this.jdbc.update("update refresh_token set family_started_at = ? where family_id = ?::uuid",
				Timestamp.from(started), session);
		MemberApi.Answer refreshed = refresh(nearlyOld.field("refreshToken"));
		assertThat(refreshed.status()).isEqualTo(200);
		Timestamp expires = this.jdbc.queryForObject(
				"select max(expires_at) from refresh_token where family_id = ?::uuid and used_at is null",
				Timestamp.class, session);
		assertThat(expires.toInstant()).isBeforeOrEqualTo(started.plus(Duration.ofDays(90)).plusSeconds(1))
			.isAfter(Instant.now());
	}

	@Test
	@DisplayName("L9: passwords over 72 UTF-8 bytes answer 400 when set and invalid_grant at sign-in, never a 500")
	void l9_passwordsBeyondBcryptsLimitAreRefusedWithoutReachingBcrypt() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		String tooLong = "密".repeat(25);
		MemberApi.Answer refused = this.api.put("/api/members/me/password", "{\"password\": \"" + tooLong + "\"}",
				member[1]);
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.field("type")).isEqualTo("https://concord.dev/problems/validation");
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("password");

		String longest = "密".repeat(24);
		assertThat(this.api.put("/api/members/me/password", "{\"password\": \"" + longest + "\"}", member[1]).status())
			.as("72 bytes exactly")
			.isEqualTo(204);
		assertThat(passwordSignIn(phone, longest).status()).isEqualTo(200);
		MemberApi.Answer signIn = passwordSignIn(phone, tooLong);
		assertThat(signIn.status()).isEqualTo(401);
		assertThat(signIn.field("type")).isEqualTo("https://concord.dev/problems/invalid-grant");
		assertThat(this.api
			.put("/api/members/me/password",
					"{\"password\": \"a fine new one\", \"currentPassword\": \"" + tooLong + "\"}", member[1])
			.status()).isEqualTo(403);
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
