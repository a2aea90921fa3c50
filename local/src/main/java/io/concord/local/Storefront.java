package io.concord.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the gateway, as a storefront app or an ops tool would use it.
 */
final class Storefront {

	record Answer(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {

		String header(String name) {
			return (this.headers != null) ? this.headers.firstValue(name).orElse("") : "";
		}

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	/** Sent with every request (e.g. a load test's run tag and credential). */
	private final java.util.Map<String, String> headers;

	Storefront(String baseUrl) {
		this(baseUrl, java.util.Map.of());
	}

	Storefront(String baseUrl, java.util.Map<String, String> headers) {
		this.baseUrl = baseUrl;
		this.headers = java.util.Map.copyOf(headers);
	}

	Answer get(String path) {
		return get(path, null);
	}

	Answer get(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	Answer post(String path, String json, String idempotencyKey) {
		return post(path, json, idempotencyKey, null);
	}

	Answer post(String path, String json, String idempotencyKey, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	/**
	 * A partner's signed callback: {@code X-Signature: t=<unix seconds>,v1=<hex
	 * HMAC-SHA256 of "t.METHOD.path." + body>} under the partner's secret, as the
	 * platform's {@code WebhookSignatures} checks it.
	 */
	Answer postSigned(String path, String json, String secret) {
		long now = java.time.Instant.now().getEpochSecond();
		byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			mac.update((now + ".POST." + URI.create(this.baseUrl + path).getRawPath() + ".")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			String signature = "t=" + now + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
			return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.header("Content-Type", "application/json")
				.header("X-Signature", signature)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Answer put(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	/**
	 * A staff token from the development issuer this client points at: the client id is
	 * the role, the secret {@code <role>-local-dev-only}.
	 */
	String staffToken(String role) {
		String basic = java.util.Base64.getEncoder()
			.encodeToString((role + ":" + role + "-local-dev-only").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Answer answer = send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		return answer.body().path("access_token").asString("");
	}

	private Answer send(HttpRequest.Builder request) {
		this.headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? JSON.nullNode() : parse(response.body());
			return new Answer(response.statusCode(), body, response.body(), response.headers());
		}
		catch (IOException ex) {
			return new Answer(0, JSON.nullNode(), ex.getMessage(), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return JSON.getNodeFactory().textNode(body);
		}
	}

}
