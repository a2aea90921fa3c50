package io.concord.member.signin;

import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access token's channel is authenticated (issue 16, M8 sign-in half): anyone may
 * sign in on an open channel; any other channel is the calling channel client's own, and
 * a channel's backend signs its shoppers in with grant {@code channel}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelSignInIntegrationTests {

	private static final String NOT_PERMITTED = "https://concord.dev/problems/channel-not-permitted";

	@LocalServerPort
	int port;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("M8: the token's channel comes from the authenticated channel client, never from an anonymous body")
	void m8_tokenChannelIsTheChannelClientsAndAnonymousCallersGetOnlyOpenChannels() {
		String phone = MemberApi.newPhone();
		this.api.registerAndSignIn(phone, "APP");

		// Refused before the code is looked at (a code is not needed to see it).
		MemberApi.Answer asLivestream = codeSignIn(phone, "LIVESTREAM", null);
		assertThat(asLivestream.status()).as(asLivestream.body()).isEqualTo(403);
		assertThat(asLivestream.field("type")).isEqualTo(NOT_PERMITTED);
		assertThat(asLivestream.field("detail")).contains("LIVESTREAM").contains("channel client");
		MemberApi.Answer anonymousStore = this.api.post("/api/members",
				"{\"displayName\": \"Bot\", \"channel\": \"STORE\"}", null);
		assertThat(anonymousStore.status()).isEqualTo(403);
		assertThat(anonymousStore.field("type")).isEqualTo(NOT_PERMITTED);

		assertThat(channelOf(this.api.signInWithCode(phone, "APP"))).isEqualTo("APP");
		String code = this.api.signInCode("PHONE", phone, phone);
		assertThat(channelOf(this.api.post("/api/auth/token", """
				{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "%s"}"""
			.formatted(phone, code), null))).as("no channel named: WEB").isEqualTo("WEB");

		String livestream = MemberApi.channelClient("livestream");
		MemberApi.Answer viaLivestream = this.api.signInWithCode(phone, "LIVESTREAM", livestream);
		assertThat(channelOf(viaLivestream)).isEqualTo("LIVESTREAM");
		assertThat(codeSignIn(phone, "MINI_PROGRAM", livestream).status()).as("a client acts for its own channel only")
			.isEqualTo(403);
		MemberApi.Answer refreshed = this.api.post("/api/auth/token",
				"{\"grantType\": \"refresh_token\", \"refreshToken\": \"" + viaLivestream.field("refreshToken") + "\"}",
				null);
		assertThat(channelOf(refreshed)).as("a refresh keeps the session's channel").isEqualTo("LIVESTREAM");
	}

	@Test
	void channelGrantSignsInTheMemberHoldingAVouchedIdentityAndRegistersNobody() {
		String unionId = "u-" + UUID.randomUUID();
		String openId = "o-" + UUID.randomUUID();
		String miniProgram = MemberApi.channelClient("mini-program");
		MemberApi.Answer registered = this.api.post("/api/members", """
				{"displayName": "Mei", "identities": [
				 {"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"},
				 {"type": "SOCIAL_OPEN_ID", "namespace": "wechat:wx-shop", "value": "%s"}]}""".formatted(unionId,
				openId), miniProgram);
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(registered.field("registeredChannel")).isEqualTo("MINI_PROGRAM");
		assertThat(registered.json().path("identities")).allMatch((identity) -> identity.path("verified").asBoolean());

		MemberApi.Answer signedIn = channelGrant("SOCIAL_OPEN_ID", "wechat:wx-shop", openId, miniProgram);
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		assertThat(signedIn.field("memberId")).isEqualTo(registered.field("id"));
		assertThat(MemberApi.claims(signedIn.field("accessToken")).path("channel").asString())
			.isEqualTo("MINI_PROGRAM");
		assertThat(this.api.get("/api/members/me", signedIn.field("accessToken")).field("id"))
			.isEqualTo(registered.field("id"));

		String unknown = "u-" + UUID.randomUUID();
		MemberApi.Answer nobody = channelGrant("SOCIAL_UNION_ID", "wechat", unknown, miniProgram);
		assertThat(nobody.status()).isEqualTo(401);
		assertThat(nobody.field("type")).isEqualTo("https://concord.dev/problems/invalid-grant");
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"}""".formatted(unknown), null).status())
			.as("the grant registers nobody")
			.isEqualTo(404);

		assertThat(channelGrant("SOCIAL_UNION_ID", "douyin", unionId, miniProgram).field("type"))
			.as("outside what the client may vouch for")
			.isEqualTo(NOT_PERMITTED);
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, MemberApi.channelClient("livestream")).status())
			.isEqualTo(403);
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, null).field("type")).isEqualTo(NOT_PERMITTED);
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, signedIn.field("accessToken")).status())
			.as("a member token vouches for nobody")
			.isEqualTo(403);
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, MemberApi.staffToken("admin")).status())
			.as("nor does a staff role")
			.isEqualTo(403);
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId,
				TestIssuers.get().staffToken("channel-rogue", "channel:rogue"))
			.field("detail")).contains("not configured");
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId,
				TestIssuers.get().forgedStaffToken("channel-mini-program", "channel:mini-program"))
			.status()).isEqualTo(401);
	}

	@Test
	void anIdentityStatedWithoutTheChannelClientsWordIsOnlyAHintAndSignsNobodyIn() {
		String unionId = "u-" + UUID.randomUUID();
		MemberApi.Answer stated = this.api.post("/api/members", """
				{"displayName": "Anon", "channel": "APP",
				 "identities": [{"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"}]}"""
			.formatted(unionId), null);
		assertThat(stated.status()).isEqualTo(201);
		assertThat(stated.json().path("identities").get(0).path("verified").asBoolean()).isFalse();
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, MemberApi.channelClient("mini-program")).status())
			.isEqualTo(401);

		// The real holder's backend registers her later: a member of her own.
		MemberApi.Answer owner = this.api.post("/api/members",
				"""
						{"displayName": "Owner", "identities": [{"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"}]}"""
					.formatted(unionId),
				MemberApi.channelClient("mini-program"));
		assertThat(owner.status()).isEqualTo(201);
		assertThat(owner.field("id")).isNotEqualTo(stated.field("id"));
		assertThat(channelGrant("SOCIAL_UNION_ID", "wechat", unionId, MemberApi.channelClient("mini-program"))
			.field("memberId")).isEqualTo(owner.field("id"));
	}

	private MemberApi.Answer codeSignIn(String phone, String channel, String token) {
		return this.api.post("/api/auth/token", """
				{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "000000",
				 "channel": "%s"}""".formatted(phone, channel), token);
	}

	private MemberApi.Answer channelGrant(String type, String namespace, String value, String token) {
		return this.api.post("/api/auth/token", """
				{"grantType": "channel", "identifier": {"type": "%s", "namespace": "%s", "value": "%s"}}"""
			.formatted(type, namespace, value), (token != null) ? token : "");
	}

	private static String channelOf(MemberApi.Answer tokens) {
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return MemberApi.claims(tokens.field("accessToken")).path("channel").asString();
	}

}
