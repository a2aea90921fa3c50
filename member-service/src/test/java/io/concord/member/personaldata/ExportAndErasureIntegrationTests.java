package io.concord.member.personaldata;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExportAndErasureIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aMemberExportsTheirDataThenIsErasedEverywhereButTheLedgerTotals() {
		MemberApi api = new MemberApi(this.port);
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.member.events.v1")) {
			String phone = MemberApi.newPhone();
			String[] member = api.registerAndSignIn(phone, "APP");
			api.post("/admin/members/" + member[0] + "/points/adjustments", "{\"points\": 40, \"reason\": \"gift\"}",
					null);

			MemberApi.Answer export = api.get("/api/members/me/export", member[1]);
			assertThat(export.status()).isEqualTo(200);
			assertThat(export.json().path("member").path("identities").get(0).path("value").asString())
				.as("the member sees their own data in clear")
				.isEqualTo(phone);
			assertThat(export.json().path("points").path("balance").asLong()).isEqualTo(40);
			assertThat(export.json().path("tier").path("tier").asString()).isEqualTo("BRONZE");

			assertThat(api.delete("/api/members/me", member[1]).status()).isEqualTo(204);
			assertThat(api.get("/api/members/me", member[1]).status()).isEqualTo(404);
			assertThat(api.get("/admin/members/" + member[0], null).field("displayName")).isEqualTo("Erased member");
			assertThat(api
				.post("/api/auth/token", "{\"grantType\": \"refresh_token\", \"refreshToken\": \"" + member[2] + "\"}",
						null)
				.status()).isEqualTo(401);
			assertThat(this.jdbc.queryForObject("select count(*) from channel_identity where member_id = ?::uuid",
					Integer.class, member[0]))
				.isZero();
			assertThat(this.jdbc.queryForObject("select sum(points) from points_entry where member_id = ?::uuid",
					Long.class, member[0]))
				.as("ledger totals are kept")
				.isEqualTo(40);
			EventContracts.assertConforms(events
				.await((e) -> e.type().equals("concord.member.MemberErased") && member[0].equals(e.subject()), 1)
				.get(0));

			// The number is free again: registering it makes a new member.
			String[] again = api.registerAndSignIn(phone, "WEB");
			assertThat(again[0]).isNotEqualTo(member[0]);
		}
	}

}
