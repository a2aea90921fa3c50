package io.concord.member.identity;

import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemberRegistrationIntegrationTests {

	private static PublishedEvents memberEvents;

	@LocalServerPort
	int port;

	MemberApi api;

	@BeforeAll
	static void listen() {
		memberEvents = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(), MemberTopics.EVENTS);
	}

	@AfterAll
	static void close() {
		memberEvents.close();
	}

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	void registrationCreatesTheMemberAndPublishesMemberRegistered() {
		MemberApi.Answer created = this.api.post("/api/members", """
				{"displayName": " Ada ", "channel": "MINI_PROGRAM",
				 "identities": [{"type": "SOCIAL_OPEN_ID", "namespace": "wechat:wx-app-1", "value": " o-%s "}]}"""
			.formatted(UUID.randomUUID()), MemberApi.channelClient("mini-program"));
		assertThat(created.status()).isEqualTo(201);
		String memberId = created.field("id");
		assertThat(created.field("displayName")).isEqualTo("Ada");
		assertThat(created.json().path("created").asBoolean()).isTrue();

		MemberApi.Answer read = this.api.get("/admin/members/" + memberId, null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("identities").get(0).path("namespace").asString()).isEqualTo("wechat:wx-app-1");

		ReceivedEvent event = memberEvents
			.await((e) -> memberId.equals(e.subject()) && e.type().equals("concord.member.MemberRegistered"), 1)
			.get(0);
		EventContracts.assertConforms(event);
		assertThat(event.data().path("channel").asString()).isEqualTo("MINI_PROGRAM");
		assertThat(event.data().path("identityTypes").get(0).asString()).isEqualTo("SOCIAL_OPEN_ID");
		assertThat(event.payload()).asString().doesNotContain("o-");
	}

	@Test
	void badInputAnswersProblemDetails() {
		MemberApi.Answer invalid = this.api.post("/api/members", "{\"displayName\":\"\",\"channel\":\"APP\"}", null);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("https://concord.dev/problems/validation").contains("displayName");

		assertThat(this.api.post("/api/members", "{\"displayName\":\"X\",\"channel\":\"FAX\"}", null).status())
			.isEqualTo(400);
		MemberApi.Answer badPhone = this.api.post("/api/members", """
				{"displayName": "X", "channel": "APP", "identities": [{"type": "PHONE", "value": "12"}]}""", null);
		assertThat(badPhone.status()).isEqualTo(400);
		assertThat(badPhone.field("detail")).contains("phone");
		MemberApi.Answer noNamespace = this.api.post("/api/members", """
				{"displayName": "X", "channel": "APP", "identities": [{"type": "SOCIAL_UNION_ID", "value": "u1"}]}""",
				null);
		assertThat(noNamespace.status()).isEqualTo(400);
		MemberApi.Answer badCode = this.api.post("/api/members", """
				{"displayName": "X", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "12345"}]}"""
			.formatted(MemberApi.newPhone()), null);
		assertThat(badCode.status()).isEqualTo(400);
		assertThat(this.api.get("/admin/members/" + UUID.randomUUID(), null).status()).isEqualTo(404);
		assertThat(this.api.get("/admin/members/not-a-uuid", null).status()).isEqualTo(400);
	}

	@Test
	void reachingAnotherMembersRecordAnswers401WithoutTokenAnd404WithAnotherMembersToken() {
		String[] ada = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String[] bob = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		assertThat(this.api.get("/api/members/" + ada[0], null).status()).isEqualTo(401);
		assertThat(this.api.get("/api/members/" + ada[0], ada[1]).status()).isEqualTo(200);
		assertThat(this.api.get("/api/members/" + ada[0], bob[1]).status()).isEqualTo(404);
		assertThat(this.api.get("/api/members/me", "not-a-token").status()).isEqualTo(401);
	}

}
