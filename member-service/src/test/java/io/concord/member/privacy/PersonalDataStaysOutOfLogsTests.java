package io.concord.member.privacy;

import java.util.UUID;

import io.concord.member.support.MemberApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full member flow (register with phone, sign in by code and password, link an e-mail,
 * refresh, read) with every log line captured: no phone number, e-mail address, code or
 * token may appear; and the database holds them only encrypted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataStaysOutOfLogsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void noPersonalDataOrSecretInLogsOrInClearInTheDatabase(CapturedOutput output) {
		MemberApi api = new MemberApi(this.port);
		String phone = MemberApi.newPhone();
		String email = "shopper." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String[] member = api.registerAndSignIn(phone, "APP");
		String emailCode = api.verificationCode("EMAIL", email.toUpperCase(), email);
		api.post("/api/members/me/identities", """
				{"type": "EMAIL", "value": "%s", "verificationCode": "%s"}""".formatted(email, emailCode), member[1]);
		String storeCard = "card-" + UUID.randomUUID().toString().substring(0, 8);
		api.post("/api/members/me/identities", "{\"type\": \"STORE_CARD\", \"value\": \"" + storeCard + "\"}",
				member[1]);
		api.put("/api/members/me/password", "{\"password\": \"a long enough secret\"}", member[1]);
		MemberApi.Answer byPassword = api.post("/api/auth/token",
				"""
						{"grantType": "password", "identifier": {"type": "EMAIL", "value": "%s"}, "password": "a long enough secret"}"""
					.formatted(email),
				null);
		api.post("/api/auth/token", """
				{"grantType": "password", "identifier": {"type": "PHONE", "value": "%s"}, "password": "wrong one"}"""
			.formatted(phone), null);
		api.post("/api/auth/token",
				"{\"grantType\": \"refresh_token\", \"refreshToken\": \"" + byPassword.field("refreshToken") + "\"}",
				null);
		MemberApi.Answer me = api.get("/api/members/me", member[1]);
		assertThat(me.json().path("identities")).hasSize(3);
		assertThat(me.body()).doesNotContain(phone.substring(6)).doesNotContain(email).doesNotContain(storeCard);

		String logs = output.getAll();
		assertThat(logs).doesNotContain(phone)
			.doesNotContain(phone.substring(3))
			.doesNotContain(email)
			.doesNotContain(email.toUpperCase())
			.doesNotContain(emailCode)
			.doesNotContain(storeCard)
			.doesNotContain(member[1])
			.doesNotContain(member[2])
			.doesNotContain(byPassword.field("accessToken"))
			.doesNotContain("a long enough secret");
		String stored = this.jdbc
			.queryForList("select protected_value || masked_value from channel_identity union all "
					+ "select protected_value || masked_value from identity_hint", String.class)
			.toString();
		assertThat(stored).doesNotContain(phone)
			.doesNotContain(phone.substring(3))
			.doesNotContain(email)
			.doesNotContain(storeCard);
	}

}
