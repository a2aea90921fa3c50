package io.concord.member.identity;

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
 * The order flow resolves a channel order's buyer to the member holding it (issue 24):
 * proven identities only, merges followed, and nobody but the order flow may ask.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderFlowIdentityIntegrationTests {

	private static final String RESOLVE = "/internal/members/identities/resolve";

	@LocalServerPort
	int port;

	MemberApi api;

	private final String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("a marketplace buyer the marketplace linked resolves to its member (the survivor after a merge); a hint or an unknown buyer is 404")
	void linkedMarketplaceBuyerResolvesToItsMember() {
		String buyer = "tb_" + UUID.randomUUID();
		MemberApi.Answer linked = this.api.post("/api/members", """
				{"displayName": "Buyer", "channel": "MARKETPLACE",
				 "identities": [{"type": "MARKETPLACE_BUYER", "namespace": "tmall", "value": "%s"}]}"""
			.formatted(buyer), MemberApi.channelClient("marketplace"));
		assertThat(linked.status()).as(linked.body()).isEqualTo(201);
		assertThat(linked.json().path("identities").get(0).path("verified").asBoolean()).isTrue();
		String memberId = linked.field("id");

		MemberApi.Answer resolved = this.api.post(RESOLVE, body("tmall", buyer), this.orderFlow);
		assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
		assertThat(resolved.field("memberId")).isEqualTo(memberId);
		assertThat(this.api.post(RESOLVE, body("TMALL", buyer), this.orderFlow).field("memberId"))
			.as("the namespace is normalised as everywhere else")
			.isEqualTo(memberId);

		MemberApi.Answer otherMarketplace = this.api.post(RESOLVE, body("jd", buyer), this.orderFlow);
		assertThat(otherMarketplace.status()).as("a buyer id belongs to its marketplace").isEqualTo(404);
		MemberApi.Answer unknown = this.api.post(RESOLVE, body("tmall", "tb_" + UUID.randomUUID()), this.orderFlow);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.field("type")).isEqualTo("https://concord.dev/problems/not-found");

		String hinted = "tb_" + UUID.randomUUID();
		assertThat(this.api
			.post("/api/members",
					"""
							{"displayName": "Squatter", "channel": "WEB",
							 "identities": [{"type": "MARKETPLACE_BUYER", "namespace": "tmall", "value": "%s"}]}"""
						.formatted(hinted),
					null)
			.status()).isEqualTo(201);
		assertThat(this.api.post(RESOLVE, body("tmall", hinted), this.orderFlow).status())
			.as("a stated, unproven buyer id is held by nobody")
			.isEqualTo(404);

		String[] survivor = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		MemberApi.Answer merged = this.api.post("/admin/members/merges", """
				{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "same shopper"}""".formatted(survivor[0],
				memberId), null);
		assertThat(merged.status()).as(merged.body()).isBetween(200, 201);
		assertThat(this.api.post(RESOLVE, body("tmall", buyer), this.orderFlow).field("memberId"))
			.as("the order goes to the member the buyer was merged into")
			.isEqualTo(survivor[0]);

		MemberApi.Answer invalid = this.api.post(RESOLVE, "{\"type\": \"MARKETPLACE_BUYER\", \"value\": \"x\"}",
				this.orderFlow);
		assertThat(invalid.status()).as("a marketplace buyer needs its marketplace").isEqualTo(400);
	}

	@Test
	@DisplayName("only the order flow may resolve: no token 401, a member or ops token 403")
	void onlyTheOrderFlowMayResolve() {
		String body = body("tmall", "tb_" + UUID.randomUUID());
		assertThat(this.api.post(RESOLVE, body, null).status()).isEqualTo(401);
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		assertThat(this.api.post(RESOLVE, body, member[1]).status()).isEqualTo(403);
		assertThat(this.api.post(RESOLVE, body, TestIssuers.get().staffToken("ops-1", "admin")).status())
			.isEqualTo(403);
	}

	private static String body(String namespace, String buyer) {
		return """
				{"type": "MARKETPLACE_BUYER", "namespace": "%s", "value": "%s"}""".formatted(namespace, buyer);
	}

}
