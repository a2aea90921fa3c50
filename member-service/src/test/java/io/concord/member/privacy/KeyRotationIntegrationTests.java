package io.concord.member.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.concord.member.MemberServiceApplication;
import io.concord.member.support.MemberApi;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation on a running member-service, restarted with each keyring as a deployment
 * would be (issue 16, L12): values from before key ids and under the old key stay
 * readable with a rotated keyring; re-encryption moves every value (and the signing keys,
 * to their key-encryption key); then the old key can go.
 */
class KeyRotationIntegrationTests {

	private static final String DATABASE = "member_key_rotation";

	private static final String K1 = PersonalDataProtectorTests.K1;

	private static final String K2 = PersonalDataProtectorTests.K2;

	private static final String KEK = PersonalDataProtectorTests.KEK;

	@Test
	@DisplayName("L12: after a rotation old values stay readable, re-encryption moves them all, and the old key can be removed")
	void l12_rotatedKeyringReadsOldRowsAndAfterReencryptionTheOldKeyCanGo() {
		String adaPhone = MemberApi.newPhone();
		String boPhone = MemberApi.newPhone();
		String[] ada = new String[1];
		// 1. A deployment from before key ids: one key, no key-encryption key.
		run(Map.of("concord.member.privacy.encryption-key", K1, "concord.member.privacy.signing-key-encryption-key",
				""), (service) -> {
					ada[0] = service.api().registerAndSignIn(adaPhone, "APP")[0];
					service.api()
						.post("/api/members/me/identities", "{\"type\": \"APP_ACCOUNT\", \"value\": \"ada-app-1\"}",
								service.api().signInWithCode(adaPhone, "APP").field("accessToken"));
					// Make its rows what that version wrote: no key id, no associated
					// data.
					PersonalDataProtector old = PersonalDataProtectorTests.protector(K1, Map.of(), "k1", null);
					service.jdbc()
						.update("update channel_identity set protected_value = ? where member_id = ?::uuid",
								PersonalDataProtectorTests.legacy(K1, adaPhone), ada[0]);
					service.jdbc().query("select kid, private_key from signing_key", (rs) -> {
						byte[] pkcs8 = old.decryptSigningKey(rs.getString(2), rs.getString(1));
						service.jdbc()
							.update("update signing_key set private_key = ? where kid = ?", PersonalDataProtectorTests
								.legacy(K1, java.util.Base64.getEncoder().encodeToString(pkcs8)), rs.getString(1));
					});
				});

		// 2. A new active key k2 beside k1, and a key-encryption key for signing keys.
		Map<String, String> rotated = Map.of("concord.member.privacy.encryption-key", K1,
				"concord.member.privacy.encryption-keys.k2", K2, "concord.member.privacy.active-key-id", "k2",
				"concord.member.privacy.signing-key-encryption-key", KEK);
		run(rotated, (service) -> {
			MemberApi api = service.api();
			// The signing key written before key ids still signs; the old rows still
			// read.
			String adaToken = api.signInWithCode(adaPhone, "APP").field("accessToken");
			assertThat(exportedValues(api, adaToken)).containsExactlyInAnyOrder(adaPhone, "ada-app-1");
			api.registerAndSignIn(boPhone, "APP");
			assertThat(service.jdbc()
				.queryForList("select protected_value from channel_identity where member_id <> ?::uuid", String.class,
						ada[0]))
				.as("new values under k2")
				.allMatch((value) -> value.startsWith("k2:"));

			MemberApi.Answer reencrypted = api.post("/admin/members/config/personal-data-keys/re-encryption", "{}",
					null);
			assertThat(reencrypted.status()).as(reencrypted.body()).isEqualTo(200);
			assertThat(reencrypted.field("activeKeyId")).isEqualTo("k2");
			assertThat(reencrypted.json().path("reencrypted").path("identities").asInt()).isEqualTo(1);
			assertThat(reencrypted.json().path("reencrypted").path("identityHints").asInt()).isEqualTo(1);
			assertThat(reencrypted.json().path("reencrypted").path("signingKeys").asInt()).isEqualTo(1);
			MemberApi.Answer again = api.post("/admin/members/config/personal-data-keys/re-encryption", "{}", null);
			assertThat(again.json().path("reencrypted").properties()).as("nothing left")
				.hasSize(3)
				.allMatch((column) -> column.getValue().asInt() == 0);
			assertThat(api
				.post("/admin/members/config/personal-data-keys/re-encryption", "{}",
						MemberApi.staffToken("ops-manager"))
				.status()).as("admin only").isEqualTo(403);
			assertThat(service.jdbc()
				.queryForList("select protected_value from channel_identity union all select protected_value "
						+ "from identity_hint", String.class))
				.allMatch((value) -> value.startsWith("k2:"));
			assertThat(service.jdbc().queryForList("select private_key from signing_key", String.class))
				.allMatch((value) -> value.startsWith("kek:"));
		});

		// 3. k1 removed: everything still reads and signs.
		run(Map.of("concord.member.privacy.encryption-key", "", "concord.member.privacy.encryption-keys.k2", K2,
				"concord.member.privacy.active-key-id", "k2", "concord.member.privacy.signing-key-encryption-key", KEK),
				(service) -> {
					MemberApi api = service.api();
					String adaToken = api.signInWithCode(adaPhone, "APP").field("accessToken");
					assertThat(api.get("/api/members/me", adaToken).field("id")).isEqualTo(ada[0]);
					assertThat(exportedValues(api, adaToken)).containsExactlyInAnyOrder(adaPhone, "ada-app-1");
					String boToken = api.signInWithCode(boPhone, "APP").field("accessToken");
					assertThat(exportedValues(api, boToken)).containsExactly(boPhone);
				});
	}

	private record Service(MemberApi api, JdbcTemplate jdbc) {
	}

	private static List<String> exportedValues(MemberApi api, String token) {
		MemberApi.Answer export = api.get("/api/members/me/export", token);
		assertThat(export.status()).as(export.body()).isEqualTo(200);
		List<String> values = new ArrayList<>();
		export.json()
			.path("member")
			.path("identities")
			.forEach((identity) -> values.add(identity.path("value").asString()));
		return values;
	}

	/** Starts member-service on its own database with these settings, runs, stops it. */
	private static void run(Map<String, String> privacy, Consumer<Service> test) {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		Map<String, Object> properties = new LinkedHashMap<>(TestIssuers.get().properties());
		properties.put("spring.datasource.url", infrastructure.jdbcUrl(DATABASE));
		properties.put("spring.datasource.username", infrastructure.username());
		properties.put("spring.datasource.password", infrastructure.password());
		properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
		properties.put("server.port", "0");
		// Started outside the test context support, so it says itself that it is the
		// local stack.
		properties.put("concord.environment", "local");
		properties.putAll(privacy);
		// Command-line arguments: above application.yml, as a deployment's environment
		// is.
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MemberServiceApplication.class)
			.run(arguments)) {
			int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			test.accept(new Service(new MemberApi(port), context.getBean(JdbcTemplate.class)));
		}
	}

}
