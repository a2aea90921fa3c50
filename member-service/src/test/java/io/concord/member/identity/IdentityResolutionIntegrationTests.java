package io.concord.member.identity;

import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityResolutionIntegrationTests {

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
	void sameVerifiedPhoneFromTwoChannelsYieldsOneMember() {
		PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				MemberTopics.EVENTS);
		String phone = MemberApi.newPhone();
		String national = phone.substring(3, 6) + " " + phone.substring(6, 10) + " " + phone.substring(10);
		String appCode = this.api.verificationCode("PHONE", phone, phone);
		MemberApi.Answer onApp = this.api.post("/api/members", """
				{"displayName": "Li", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone,
				appCode), null);
		assertThat(onApp.status()).isEqualTo(201);

		// The mini-program's backend sends the number in national format, with the open
		// id it vouches for (its channel client token).
		String miniCode = this.api.verificationCode("PHONE", national, phone);
		MemberApi.Answer onMiniProgram = this.api.post("/api/members", """
				{"displayName": "Li (mini)", "channel": "MINI_PROGRAM",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"},
				                {"type": "SOCIAL_OPEN_ID", "namespace": "WeChat:wx-mini", "value": "o-%s"}]}"""
			.formatted(national, miniCode, UUID.randomUUID()), MemberApi.channelClient("mini-program"));
		assertThat(onMiniProgram.status()).isEqualTo(200);
		assertThat(onMiniProgram.json().path("created").asBoolean()).isFalse();
		assertThat(onMiniProgram.field("id")).isEqualTo(onApp.field("id"));
		assertThat(onMiniProgram.json().path("identities")).hasSize(2);
		assertThat(onMiniProgram.body()).doesNotContain(phone.substring(6));
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "PHONE", "value": "%s"}""".formatted(phone), null).field("memberId"))
			.isEqualTo(onApp.field("id"));
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "PHONE", "value": "%s"}""".formatted(MemberApi.newPhone()), null).status()).isEqualTo(404);
		// The mini-program's open id joined the existing member: partners learn of it,
		// without its value.
		var linked = events
			.await((e) -> e.type().equals("concord.member.IdentityLinked") && onApp.field("id").equals(e.subject()), 1)
			.get(0);
		EventContracts.assertConforms(linked);
		assertThat(linked.data().path("identityType").asString()).isEqualTo("SOCIAL_OPEN_ID");
		assertThat(linked.data().path("namespace").asString()).isEqualTo("wechat:wx-mini");
		events.close();
	}

	@Test
	void unverifiedPhoneNeitherResolvesNorStealsAnIdentity() {
		String phone = MemberApi.newPhone();
		String[] owner = this.api.registerAndSignIn(phone, "APP");
		MemberApi.Answer claimant = this.api.post("/api/members", """
				{"displayName": "Mallory", "channel": "WEB", "identities": [{"type": "PHONE", "value": "%s"}]}"""
			.formatted(phone), null);
		assertThat(claimant.status()).isEqualTo(201);
		assertThat(claimant.field("id")).isNotEqualTo(owner[0]);
		// The answer no longer tells that somebody holds the number (L5): it is the
		// claimant's unproven hint, as for any number.
		assertThat(claimant.json().path("notLinked")).isEmpty();
		assertThat(claimant.json().path("identities").get(0).path("verified").asBoolean()).isFalse();
		assertThat(this.api.post("/admin/members/resolve", "{\"type\": \"PHONE\", \"value\": \"" + phone + "\"}", null)
			.field("memberId")).isEqualTo(owner[0]);
	}

	@Test
	void wrongVerificationCodeIsRefused() {
		String phone = MemberApi.newPhone();
		String code = this.api.verificationCode("PHONE", phone, phone);
		String wrong = code.equals("000000") ? "111111" : "000000";
		MemberApi.Answer refused = this.api.post("/api/members", """
				{"displayName": "X", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone, wrong),
				null);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.field("type")).isEqualTo("https://concord.dev/problems/invalid-verification-code");
	}

	@Test
	void linkingAProvenIdentityOfAnotherMemberMergesThemAndTheOldIdResolves() throws Exception {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				MemberTopics.EVENTS)) {
			String storePhone = MemberApi.newPhone();
			String[] inStore = this.api.registerAndSignIn(storePhone, "STORE", MemberApi.channelClient("store-pos"));
			this.api.post("/admin/members/" + inStore[0] + "/points/adjustments",
					"{\"points\": 120, \"reason\": \"store welcome\"}", null);
			String[] online = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");

			// The app shopper proves holding the store member's phone: one person.
			String code = this.api.verificationCode("PHONE", storePhone, storePhone);
			MemberApi.Answer linked = this.api.post("/api/members/me/identities", """
					{"type": "PHONE", "value": "%s", "verificationCode": "%s"}""".formatted(storePhone, code),
					online[1]);
			assertThat(linked.status()).as(linked.body()).isEqualTo(200);
			assertThat(linked.field("id")).isEqualTo(online[0]);
			assertThat(linked.json().path("identities")).hasSize(2);

			MemberApi.Answer oldId = this.api.get("/admin/members/" + inStore[0], null);
			assertThat(oldId.field("id")).as("the merged id resolves to the survivor").isEqualTo(online[0]);
			assertThat(this.api.get("/admin/members/" + online[0] + "/points", null).json().path("balance").asLong())
				.isEqualTo(120);
			assertThat(this.api.get("/admin/members/" + inStore[0] + "/points", null).json().path("balance").asLong())
				.as("read through the old id")
				.isEqualTo(120);
			// The store member's token still works and now reads the survivor.
			assertThat(this.api.get("/api/members/me", inStore[1]).field("id")).isEqualTo(online[0]);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from member_audit where action = 'MEMBER_MERGED' " + "and member_id = ?::uuid",
					Integer.class, online[0]))
				.isEqualTo(1);
			EventContracts.assertConforms(events
				.await((e) -> e.type().equals("concord.member.MemberMerged") && online[0].equals(e.subject()), 1)
				.get(0));
		}
	}

	@Test
	void adminMergeMovesEverythingAndIsAudited() {
		String[] survivor = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		String[] merged = this.api.registerAndSignIn(MemberApi.newPhone(), "LIVESTREAM",
				MemberApi.channelClient("livestream"));
		this.api.post("/admin/members/" + merged[0] + "/points/adjustments",
				"{\"points\": 75, \"reason\": \"goodwill\"}", null);
		MemberApi.Answer result = this.api.post("/admin/members/merges", """
				{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "same person, confirmed by phone call"}"""
			.formatted(survivor[0], merged[0]), null);
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.json().path("identities")).hasSize(2);
		assertThat(this.api.get("/admin/members/" + survivor[0] + "/points", null).json().path("balance").asLong())
			.isEqualTo(75);
		assertThat(this.api
			.post("/admin/members/merges",
					"""
							{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "again"}"""
						.formatted(survivor[0], merged[0]),
					null)
			.status()).isEqualTo(409);
		assertThat(this.api
			.post("/admin/members/merges",
					"""
							{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "self"}"""
						.formatted(survivor[0], survivor[0]),
					null)
			.status()).isEqualTo(422);
		MemberApi.Answer audit = this.api.get("/admin/members/audit?memberId=" + survivor[0], null);
		assertThat(audit.body()).contains("MEMBER_MERGED").contains("same person, confirmed by phone call");
	}

}
