package io.concord.member.identity;

import java.util.UUID;

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
 * Only a one-time code or a channel client proves an identity (issue 16: C1, H1, L5).
 * Whatever else a shopper states is a hint of their own member: it never resolves a
 * registration, signs in, merges or blocks, and the answers do not depend on who else
 * holds it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProvenIdentitiesIntegrationTests {

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
	@DisplayName("C1: an anonymous registration naming another member's union id or app account never resolves to that member")
	void c1_anonymousRegistrationWithAnotherMembersUnionIdNeverResolvesToThem() {
		String victimPhone = MemberApi.newPhone();
		String unionId = "u-" + UUID.randomUUID();
		String appAccount = "A" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
		// The victim's mini-program backend registers her with the union id it vouches
		// for; later the app backend adds her app account (her phone code resolves).
		MemberApi.Answer victim = this.api.post("/api/members",
				"""
						{"displayName": "Victim", "channel": "MINI_PROGRAM",
						 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"},
						                {"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"}]}"""
					.formatted(victimPhone, this.api.verificationCode("PHONE", victimPhone, victimPhone), unionId),
				MemberApi.channelClient("mini-program"));
		assertThat(victim.status()).as(victim.body()).isEqualTo(201);
		String victimId = victim.field("id");
		MemberApi.Answer withApp = this.api.post("/api/members",
				"""
						{"displayName": "Victim", "channel": "APP",
						 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"},
						                {"type": "APP_ACCOUNT", "value": "%s"}]}""".formatted(victimPhone,
						this.api.verificationCode("PHONE", victimPhone, victimPhone), appAccount),
				MemberApi.channelClient("app-backend"));
		assertThat(withApp.status()).as(withApp.body()).isEqualTo(200);
		assertThat(withApp.field("id")).isEqualTo(victimId);

		for (String stolen : new String[] {
				"{\"type\": \"SOCIAL_UNION_ID\", \"namespace\": \"wechat\", \"value\": \"" + unionId + "\"}",
				"{\"type\": \"APP_ACCOUNT\", \"value\": \"" + appAccount + "\"}" }) {
			String attackerPhone = MemberApi.newPhone();
			MemberApi.Answer attacker = this.api.post("/api/members", """
					{"displayName": "Mallory", "channel": "APP",
					 "identities": [%s, {"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(
					stolen, attackerPhone, this.api.verificationCode("PHONE", attackerPhone, attackerPhone)), null);
			assertThat(attacker.status()).as(attacker.body()).isEqualTo(201);
			assertThat(attacker.json().path("created").asBoolean()).isTrue();
			assertThat(attacker.field("id")).isNotEqualTo(victimId);
			assertThat(attacker.body()).doesNotContain("Victim");
			assertThat(attacker.json().path("notLinked")).isEmpty();
			// The attacker's own phone signs the attacker in, not the victim.
			MemberApi.Answer signedIn = this.api.signInWithCode(attackerPhone, "APP");
			assertThat(MemberApi.claims(signedIn.field("accessToken")).path("sub").asString())
				.isEqualTo(attacker.field("id"));
		}
		MemberApi.Answer victimNow = this.api.get("/admin/members/" + victimId, null);
		assertThat(victimNow.json().path("identities")).as("the victim gained nothing").hasSize(3);
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"}""".formatted(unionId), null)
			.field("memberId")).isEqualTo(victimId);
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "APP_ACCOUNT", "value": "%s"}""".formatted(appAccount), null).field("memberId"))
			.isEqualTo(victimId);
	}

	@Test
	@DisplayName("C1: guessable ids an anonymous caller states are never linked as proven, so their owners can still claim them")
	void c1_anonymousStoreCardAndBuyerIdsStayUnprovenHints() {
		String card = "C" + UUID.randomUUID().toString().substring(0, 8);
		String buyer = "b-" + UUID.randomUUID();
		MemberApi.Answer squatter = this.api.post("/api/members", """
				{"displayName": "Squatter", "channel": "WEB",
				 "identities": [{"type": "STORE_CARD", "value": "%s"},
				                {"type": "MARKETPLACE_BUYER", "namespace": "tmall", "value": "%s"}]}""".formatted(card,
				buyer), null);
		assertThat(squatter.status()).isEqualTo(201);
		assertThat(squatter.json().path("identities")).hasSize(2)
			.allMatch((identity) -> !identity.path("verified").asBoolean());
		MemberApi.Answer owner = this.api.post("/api/members", """
				{"displayName": "Owner", "channel": "STORE", "identities": [{"type": "STORE_CARD", "value": "%s"}]}"""
			.formatted(card), MemberApi.channelClient("store-pos"));
		assertThat(owner.status()).isEqualTo(201);
		assertThat(owner.json().path("notLinked")).isEmpty();
		assertThat(owner.json().path("identities").get(0).path("verified").asBoolean()).isTrue();
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "STORE_CARD", "value": "%s"}""".formatted(card), null).field("memberId"))
			.isEqualTo(owner.field("id"));
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "MARKETPLACE_BUYER", "namespace": "tmall", "value": "%s"}""".formatted(buyer), null).status())
			.as("a hint is held by nobody")
			.isEqualTo(404);
	}

	@Test
	@DisplayName("H1 (a): a phone stated without its code captures neither its owner's registration nor her sign-ins")
	void h1a_unprovenPhoneStatedBeforeItsOwnerRegistersNeverCapturesTheOwner() {
		String victimPhone = MemberApi.newPhone();
		String attackerEmail = "mallory-" + UUID.randomUUID() + "@example.com";
		MemberApi.Answer attacker = this.api.post("/api/members",
				"""
						{"displayName": "Mallory", "channel": "APP",
						 "identities": [{"type": "PHONE", "value": "%s"},
						                {"type": "EMAIL", "value": "%s", "verificationCode": "%s"}]}""".formatted(
						victimPhone, attackerEmail, this.api.verificationCode("EMAIL", attackerEmail, attackerEmail)),
				null);
		assertThat(attacker.status()).isEqualTo(201);

		String[] victim = this.api.registerAndSignIn(victimPhone, "APP");
		assertThat(victim[0]).as("the owner gets a member of her own").isNotEqualTo(attacker.field("id"));
		assertThat(MemberApi.claims(victim[1]).path("sub").asString()).isEqualTo(victim[0]);
		assertThat(this.api.get("/api/members/me", victim[1]).field("id")).isEqualTo(victim[0]);
		assertThat(this.api.post("/admin/members/resolve", """
				{"type": "PHONE", "value": "%s"}""".formatted(victimPhone), null).field("memberId"))
			.isEqualTo(victim[0]);
		// The attacker still sees only what he typed, masked and unproven.
		String attackerToken = emailSignIn(attackerEmail);
		JsonNode attackerIdentities = this.api.get("/api/members/me", attackerToken).json().path("identities");
		assertThat(attackerIdentities).anyMatch((identity) -> identity.path("type").asString().equals("PHONE")
				&& !identity.path("verified").asBoolean());
		assertThat(this.api.get("/api/members/me", attackerToken).field("id")).isEqualTo(attacker.field("id"));
	}

	@Test
	@DisplayName("H1 (b): proving a phone another member only stated links it to the prover without merging that member")
	void h1b_provingAPhoneAnotherMemberStatedNeverMergesThatMember() {
		String[] victim = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String secondPhone = MemberApi.newPhone();
		String attackerEmail = "mallory-" + UUID.randomUUID() + "@example.com";
		MemberApi.Answer attacker = this.api.post("/api/members",
				"""
						{"displayName": "Mallory", "channel": "WEB",
						 "identities": [{"type": "PHONE", "value": "%s"},
						                {"type": "EMAIL", "value": "%s", "verificationCode": "%s"}]}""".formatted(
						secondPhone, attackerEmail, this.api.verificationCode("EMAIL", attackerEmail, attackerEmail)),
				null);
		assertThat(attacker.status()).isEqualTo(201);

		MemberApi.Answer linked = this.api.post("/api/members/me/identities", """
				{"type": "PHONE", "value": "%s", "verificationCode": "%s"}""".formatted(secondPhone,
				this.api.verificationCode("PHONE", secondPhone, secondPhone)), victim[1]);
		assertThat(linked.status()).as(linked.body()).isEqualTo(200);
		assertThat(linked.json().path("identities")).hasSize(2)
			.allMatch((identity) -> identity.path("verified").asBoolean());
		assertThat(linked.body()).doesNotContain("EMAIL");

		MemberApi.Answer attackerNow = this.api.get("/admin/members/" + attacker.field("id"), null);
		assertThat(attackerNow.field("id")).as("not merged into the victim").isEqualTo(attacker.field("id"));
		assertThat(attackerNow.field("status")).isEqualTo("ACTIVE");
		String attackerToken = emailSignIn(attackerEmail);
		assertThat(MemberApi.claims(attackerToken).path("sub").asString()).isEqualTo(attacker.field("id"));
		assertThat(this.api.get("/api/members/me", attackerToken).field("id")).isEqualTo(attacker.field("id"));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from member_audit where action = 'MEMBER_MERGED' and member_id = ?::uuid",
				Integer.class, victim[0]))
			.isZero();
	}

	@Test
	@DisplayName("L5: registration answers the same whether or not a stated phone belongs to somebody")
	void l5_registrationNeverRevealsWhetherAnUnprovenPhoneIsRegistered() {
		String registered = MemberApi.newPhone();
		this.api.registerAndSignIn(registered, "APP");
		MemberApi.Answer known = this.api.post("/api/members", """
				{"displayName": "Probe", "channel": "WEB", "identities": [{"type": "PHONE", "value": "%s"}]}"""
			.formatted(registered), null);
		MemberApi.Answer unknown = this.api.post("/api/members", """
				{"displayName": "Probe", "channel": "WEB", "identities": [{"type": "PHONE", "value": "%s"}]}"""
			.formatted(MemberApi.newPhone()), null);
		assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(201);
		assertThat(shape(known.json())).isEqualTo(shape(unknown.json()));
		assertThat(known.json().path("notLinked")).isEmpty();
		assertThat(known.body()).doesNotContain("another member").doesNotContain("belongs");

		// Linking an id another member holds is a hint too: no "identity-taken" oracle.
		String appAccount = "A" + UUID.randomUUID().toString().substring(0, 10);
		String otherPhone = MemberApi.newPhone();
		assertThat(this.api
			.post("/api/members",
					"""
							{"displayName": "Holder", "channel": "APP",
							 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"},
							 {"type": "APP_ACCOUNT", "value": "%s"}]}""".formatted(otherPhone,
							this.api.verificationCode("PHONE", otherPhone, otherPhone), appAccount),
					MemberApi.channelClient("app-backend"))
			.status()).isEqualTo(201);
		String[] prober = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		MemberApi.Answer held = this.api.post("/api/members/me/identities",
				"{\"type\": \"APP_ACCOUNT\", \"value\": \"" + appAccount + "\"}", prober[1]);
		MemberApi.Answer free = this.api.post("/api/members/me/identities",
				"{\"type\": \"APP_ACCOUNT\", \"value\": \"B" + UUID.randomUUID().toString().substring(0, 10) + "\"}",
				prober[1]);
		assertThat(held.status()).isEqualTo(free.status()).isEqualTo(200);
	}

	@Test
	void hintsAreShownMaskedExportedInClearAndErasedWithTheMember() {
		String phone = MemberApi.newPhone();
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		String[] member = this.api.registerAndSignIn(phone, "APP");
		MemberApi.Answer hinted = this.api.post("/api/members/me/identities",
				"{\"type\": \"APP_ACCOUNT\", \"value\": \"acct-12345678\"}", member[1]);
		assertThat(hinted.status()).isEqualTo(200);
		this.api.post("/api/members/me/identities", "{\"type\": \"STORE_CARD\", \"value\": \"card-87654321\"}",
				member[1]);
		JsonNode me = this.api.get("/api/members/me", member[1]).json();
		assertThat(me.path("identities")).hasSize(3);
		assertThat(me.path("identities").get(0).path("verified").asBoolean()).isTrue();
		assertThat(me.path("identities").get(1).path("value").asString()).isEqualTo("*********5678");
		assertThat(me.path("identities").get(1).path("verified").asBoolean()).isFalse();
		assertThat(me.toString()).doesNotContain("acct-12345678");

		JsonNode exported = this.api.get("/api/members/me/export", member[1]).json().path("member").path("identities");
		assertThat(exported).anyMatch((identity) -> identity.path("value").asString().equals("acct-12345678")
				&& !identity.path("verified").asBoolean());

		// Hints stay hints for sign-in too: an e-mail stated without its code signs
		// nobody in.
		this.api.post("/api/members/me/identities", "{\"type\": \"EMAIL\", \"value\": \"" + email + "\"}", member[1]);
		assertThat(
				this.api.post("/api/auth/one-time-codes", "{\"type\": \"EMAIL\", \"value\": \"" + email + "\"}", null)
					.status())
			.isEqualTo(202);
		assertThat(this.api.get("/dev/one-time-codes?destination=" + email, null).status())
			.as("no code is sent for an identity nobody holds")
			.isEqualTo(404);

		assertThat(this.api.delete("/api/members/me", member[1]).status()).isEqualTo(204);
		assertThat(this.jdbc.queryForObject("select count(*) from identity_hint where member_id = ?::uuid",
				Integer.class, member[0]))
			.isZero();
	}

	@Test
	void aMergeTakesTheMergedMembersHintsWithoutDuplicates() {
		String[] survivor = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		String[] merged = this.api.registerAndSignIn(MemberApi.newPhone(), "WEB");
		for (String[] member : new String[][] { survivor, merged }) {
			this.api.post("/api/members/me/identities", "{\"type\": \"STORE_CARD\", \"value\": \"shared-card\"}",
					member[1]);
		}
		this.api.post("/api/members/me/identities", "{\"type\": \"APP_ACCOUNT\", \"value\": \"only-merged\"}",
				merged[1]);
		MemberApi.Answer result = this.api.post("/admin/members/merges", """
				{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "same person"}""".formatted(survivor[0],
				merged[0]), null);
		assertThat(result.status()).as(result.body()).isEqualTo(200);
		assertThat(this.jdbc.queryForList("select identity_type from identity_hint where member_id = ?::uuid",
				String.class, survivor[0]))
			.containsExactlyInAnyOrder("STORE_CARD", "APP_ACCOUNT");
		assertThat(this.jdbc.queryForObject("select count(*) from identity_hint where member_id = ?::uuid",
				Integer.class, merged[0]))
			.isZero();
	}

	private String emailSignIn(String email) {
		String code = this.api.signInCode("EMAIL", email, email);
		MemberApi.Answer token = this.api.post("/api/auth/token", """
				{"grantType": "one_time_code", "identifier": {"type": "EMAIL", "value": "%s"}, "code": "%s"}"""
			.formatted(email, code), null);
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return token.field("accessToken");
	}

	// What a registration answer says, without the values that differ anyway (ids,
	// names, masked numbers, times).
	private static String shape(JsonNode answer) {
		StringBuilder shape = new StringBuilder(answer.path("created").asString()).append('|')
			.append(answer.path("registeredChannel").asString())
			.append('|')
			.append(answer.path("notLinked").toString());
		answer.path("identities")
			.forEach((identity) -> shape.append('|')
				.append(identity.path("type").asString())
				.append(identity.path("verified").asBoolean()));
		return shape.toString();
	}

}
