package io.concord.system;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.concord.local.LocalStack;
import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security review's findings tried as an attacker would, from outside, through the
 * gateway of the running stack. (Each finding also has tests named after it in the module
 * that fixed it; docs/security.md lists them all.)
 */
class AttackSuiteSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private static LocalStack stack;

	private static String gateway;

	@BeforeAll
	static void stack() {
		stack = SystemStack.get();
		gateway = stack.gatewayUrl();
	}

	@Test
	@DisplayName("C1: an anonymous registration naming a victim's union id with the attacker's verified phone makes a new member, never the victim")
	void c1_anonymousRegistrationWithAVictimsUnionIdNeverReachesTheVictim() throws Exception {
		String unionId = "u-" + UUID.randomUUID();
		String victimPhone = newPhone();
		// The victim registered in the mini-program: its backend vouches for the union id
		// and the phone WeChat gave it.
		HttpResponse<String> victim = TestHttp.call(gateway, "POST", "/api/members",
				stack.staffToken("channel-mini-program"), """
						{"displayName": "Victim", "identities": [
						 {"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"},
						 {"type": "PHONE", "value": "%s"}]}""".formatted(unionId, victimPhone));
		assertThat(victim.statusCode()).as(victim.body()).isEqualTo(201);
		String victimId = read(victim).path("id").asString();

		String attackerPhone = newPhone();
		String code = verificationCode(attackerPhone);
		HttpResponse<String> attack = TestHttp.call(gateway, "POST", "/api/members", null, """
				{"displayName": "Attacker", "channel": "APP", "identities": [
				 {"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "%s"},
				 {"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(unionId, attackerPhone,
				code));
		assertThat(attack.statusCode()).as(attack.body()).isEqualTo(201);
		assertThat(read(attack).path("id").asString()).isNotEqualTo(victimId);
		assertThat(attack.body()).doesNotContain("Victim");
		String attackerToken = signIn(attackerPhone);
		assertThat(subject(attackerToken)).isEqualTo(read(attack).path("id").asString()).isNotEqualTo(victimId);
	}

	@Test
	@DisplayName("H1: a phone stated without its code never captures its real owner")
	void h1_anUnverifiedPhoneNeverCapturesItsOwner() throws Exception {
		String phone = newPhone();
		String attackerMail = "attacker." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		HttpResponse<String> squat = TestHttp.call(gateway, "POST", "/api/members", null, """
				{"displayName": "Squatter", "channel": "APP", "identities": [
				 {"type": "PHONE", "value": "%s"},
				 {"type": "EMAIL", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone, attackerMail,
				verificationCode(attackerMail)));
		assertThat(squat.statusCode()).as(squat.body()).isEqualTo(201);
		HttpResponse<String> owner = TestHttp.call(gateway, "POST", "/api/members", null, """
				{"displayName": "Owner", "channel": "APP", "identities": [
				 {"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone,
				verificationCode(phone)));
		assertThat(owner.statusCode()).as(owner.body()).isEqualTo(201);
		assertThat(read(owner).path("id").asString()).isNotEqualTo(read(squat).path("id").asString());
		assertThat(subject(signIn(phone))).isEqualTo(read(owner).path("id").asString());
	}

	@Test
	@DisplayName("L5: registration answers the same whether or not an unproven phone is known")
	void l5_registrationDoesNotRevealWhetherAPhoneIsKnown() {
		String known = newPhone();
		TestHttp.call(gateway, "POST", "/api/members", null, """
				{"displayName": "Known", "channel": "APP", "identities": [
				 {"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(known,
				verificationCode(known)));
		JsonNode aboutKnown = read(TestHttp.call(gateway, "POST", "/api/members", null,
				"{\"displayName\": \"Probe\", \"channel\": \"APP\", \"identities\": [{\"type\": \"PHONE\", \"value\": \""
						+ known + "\"}]}"));
		JsonNode aboutUnknown = read(TestHttp.call(gateway, "POST", "/api/members", null,
				"{\"displayName\": \"Probe\", \"channel\": \"APP\", \"identities\": [{\"type\": \"PHONE\", \"value\": \""
						+ newPhone() + "\"}]}"));
		assertThat(aboutKnown.path("created").asBoolean()).isTrue();
		assertThat(aboutKnown.path("notLinked")).isEqualTo(aboutUnknown.path("notLinked"));
	}

	@Test
	@DisplayName("M8: a token issued on the app cannot order on the livestream channel, nor can anyone sign in there without its backend")
	void m8_theChannelComesFromTheAuthenticatedClient() {
		String appToken = stack.newMemberToken();
		HttpResponse<String> order = TestHttp.call(gateway, "POST", "/api/orders", appToken,
				"""
						{"channel": "LIVESTREAM", "lines": [{"sku": "ANY", "quantity": 1}],
						 "shippingAddress": {"name": "A", "phone": "+8613900000000", "city": "Shanghai", "line1": "1 Bund"}}""");
		assertThat(order.statusCode()).as(order.body()).isEqualTo(403);
		assertThat(order.body()).contains("channel-not-permitted");
		String phone = newPhone();
		TestHttp.call(gateway, "POST", "/api/auth/one-time-codes", null,
				"{\"type\": \"PHONE\", \"value\": \"" + phone + "\"}");
		HttpResponse<String> livestream = TestHttp.call(gateway, "POST", "/api/auth/token", null, """
				{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "123456",
				 "channel": "LIVESTREAM"}""".formatted(phone));
		assertThat(livestream.statusCode()).isEqualTo(403);
		assertThat(livestream.body()).contains("channel-not-permitted");
	}

	@Test
	@DisplayName("M4: a chunked body over the limit is refused with 413, at the gateway")
	void m4_aChunkedBodyOverTheLimitIsRefused() throws Exception {
		byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/members"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			// No Content-Length: the body streams in chunks, 3 MB in all.
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
				private int sent;

				@Override
				public int read() {
					return (this.sent++ < 3 * 1024 * 1024) ? 'x' : -1;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					if (this.sent >= 3 * 1024 * 1024) {
						return -1;
					}
					int n = Math.min(length, chunk.length);
					System.arraycopy(chunk, 0, buffer, offset, n);
					this.sent += n;
					return n;
				}
			}))
			.build();
		HttpResponse<String> answer;
		try {
			answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			// The gateway may close the connection while the client is still sending:
			// refused either way, never buffered.
			return;
		}
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.body()).contains("content-too-large");
	}

	@Test
	@DisplayName("M5: tokens naming unknown keys are refused at once, whatever their number")
	void m5_tokensWithUnknownKeysAreRefused() throws Exception {
		String claims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"iss\":\"concord-member-service\",\"sub\":\"x\",\"exp\":9999999999}"
				.getBytes(StandardCharsets.UTF_8));
		long started = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			String header = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString("{\"alg\":\"RS256\",\"kid\":\"%s\"}".formatted(UUID.randomUUID())
					.getBytes(StandardCharsets.UTF_8));
			String forged = header + "." + claims + ".c2lnbmF0dXJl";
			HttpResponse<String> answer = TestHttp.call(gateway, "GET", "/api/members/me", forged, null);
			assertThat(answer.statusCode()).isIn(401, 429);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no refetch storm slows the refusals")
			.isLessThan(Duration.ofSeconds(30));
	}

	@Test
	@DisplayName("L1: metrics and the internal and admin API documents are not public")
	void l1_metricsAndInternalDocumentsAreNotPublic() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/env" }) {
			assertThat(TestHttp.call(gateway, "GET", path, null, null).statusCode()).as(path).isIn(401, 403, 404);
		}
		for (String service : new String[] { "member-service", "inventory-service", "promotion-service",
				"fulfillment-service" }) {
			HttpResponse<String> document = TestHttp.call(gateway, "GET", "/openapi/" + service, null, null);
			assertThat(document.statusCode()).isEqualTo(200);
			assertThat(document.body()).as(service)
				.doesNotContain("\"/admin/")
				.doesNotContain("\"/internal/")
				.doesNotContain("\"/dev/");
		}
	}

	@Test
	@DisplayName("L4: a quote whose shipping fee would overflow the payable is refused, never priced negative")
	void l4_anOverflowingQuoteIsRefused() {
		HttpResponse<String> quote = TestHttp.call(gateway, "POST", "/api/promotions/quote", null, """
				{"channel": "APP", "currency": "CNY", "shippingFeeMinor": 9223372036854775807,
				 "lines": [{"sku": "ANY", "quantity": 1, "unitPriceMinor": 100000}]}""");
		assertThat(quote.statusCode()).isBetween(400, 499);
		assertThat(quote.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	@DisplayName("L2: a payment callback signed the old way (body only, no time, no path) is refused")
	void l2_aCallbackWithoutTimeAndPathInItsSignatureIsRefused() throws Exception {
		String body = "{\"transactionId\":\"T-1\",\"orderId\":\"ORD-x\",\"amountMinor\":1,\"currency\":\"CNY\",\"status\":\"SUCCEEDED\"}";
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec("anything".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String old = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		HttpResponse<String> answer = TestHttp.call(gateway, "POST", "/webhooks/payments/simulated", null, body,
				Map.of("X-Signature", old));
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private static String signIn(String phone) {
		TestHttp.call(gateway, "POST", "/api/auth/one-time-codes", null,
				"{\"type\": \"PHONE\", \"value\": \"" + phone + "\"}");
		HttpResponse<String> token = TestHttp.call(gateway, "POST", "/api/auth/token", null, """
				{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "%s",
				 "channel": "APP"}""".formatted(phone, lastCode(phone)));
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return read(token).path("accessToken").asString();
	}

	private static String verificationCode(String destination) {
		String type = destination.contains("@") ? "EMAIL" : "PHONE";
		TestHttp.call(gateway, "POST", "/api/members/verification-codes", null,
				"{\"type\": \"" + type + "\", \"value\": \"" + destination + "\"}");
		return lastCode(destination);
	}

	private static String lastCode(String destination) {
		return read(TestHttp.call(stack.serviceUrl("member-service"), "GET",
				"/dev/one-time-codes?destination=" + URLEncoder.encode(destination, StandardCharsets.UTF_8), null,
				null))
			.path("code")
			.asString();
	}

	private static String subject(String token) {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("sub").asString();
	}

	private static String newPhone() {
		return "+86136" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
