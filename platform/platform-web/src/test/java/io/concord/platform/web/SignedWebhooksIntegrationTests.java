package io.concord.platform.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reader for every signed partner callback: the body is capped before anything else,
 * the signature is checked before the JSON is read, and the payload is validated into a
 * record with its invalid fields listed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignedWebhooksIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String SECRET = "test-partner-secret-0001";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void aSignedValidCallbackIsReadIntoItsRecord() throws Exception {
		String body = "{\"eventId\": \"E-1\", \"quantity\": 3, \"lines\": [{\"sku\": \"SKU-1\"}], \"extra\": true}";
		HttpResponse<String> answer = send("/test/webhooks/acme", body, sign("/test/webhooks/acme", body, 0), false);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(JSON.readTree(answer.body()).path("quantity").asInt()).isEqualTo(3);
	}

	@Test
	void theSignatureIsCheckedBeforeTheBodyIsRead() throws Exception {
		String notJson = "{\"eventId\": [";
		HttpResponse<String> forged = send("/test/webhooks/acme", notJson, sign("/test/webhooks/acme", "{}", 0), false);
		assertProblem(forged, 401, "invalid-signature");
		HttpResponse<String> signed = send("/test/webhooks/acme", notJson, sign("/test/webhooks/acme", notJson, 0),
				false);
		assertProblem(signed, 422, "invalid-webhook");
		assertThat(signed.body()).doesNotContain("jackson").doesNotContain("Scan");
	}

	@Test
	void aCallbackSignedForAnotherPathOrTooLongAgoIsRefused() throws Exception {
		String body = "{\"eventId\": \"E-2\", \"quantity\": 1, \"lines\": []}";
		assertProblem(send("/test/webhooks/acme", body, sign("/test/webhooks/other", body, 0), false), 401,
				"invalid-signature");
		assertProblem(send("/test/webhooks/acme", body, sign("/test/webhooks/acme", body, -301), false), 401,
				"stale-signature");
		assertProblem(send("/test/webhooks/acme", body, sign("/test/webhooks/acme", body, 301), false), 401,
				"stale-signature");
	}

	@Test
	void invalidFieldsAreListed() throws Exception {
		String body = "{\"eventId\": \"\", \"quantity\": 1000, \"lines\": [{\"sku\": \"\"}, {}, {}, {}]}";
		HttpResponse<String> answer = send("/test/webhooks/acme", body, sign("/test/webhooks/acme", body, 0), false);
		assertProblem(answer, 422, "invalid-webhook");
		assertThat(JSON.readTree(answer.body()).path("errors").findValuesAsString("field")).contains("eventId",
				"quantity", "lines", "lines[0].sku");
	}

	@Test
	void aBodyOverTheLimitIsRefusedWithOrWithoutALength() throws Exception {
		String huge = "{\"eventId\": \"" + "x".repeat(128 * 1024) + "\"}";
		String signature = sign("/test/webhooks/acme", huge, 0);
		assertProblem(send("/test/webhooks/acme", huge, signature, false), 413, "content-too-large");
		assertProblem(send("/test/webhooks/acme", huge, signature, true), 413, "content-too-large");
	}

	private static String sign(String path, String body, long offsetSeconds) {
		return WebhookSignatures.sign(SECRET, Instant.now().getEpochSecond() + offsetSeconds, "POST", path,
				body.getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> send(String path, String body, String signature, boolean chunked) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
				: HttpRequest.BodyPublishers.ofByteArray(bytes);
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header(WebhookSignatures.HEADER, signature)
			.POST(publisher)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> answer, int status, String type) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/" + type);
	}

}
