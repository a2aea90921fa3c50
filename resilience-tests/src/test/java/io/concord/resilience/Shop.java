package io.concord.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP as a shopper's app or an ops tool speaks it, with the timeouts a real client has:
 * a stalled answer is an error here, never a hang.
 */
final class Shop {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	/** How long one request may take before the client gives up (the app's timeout). */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	/** An answer; status 0 when none came (connection refused, reset, timeout). */
	record Answer(int status, JsonNode body, String raw, Map<String, java.util.List<String>> headers, long atNanos) {

		String problemType() {
			String type = this.body.path("type").asString("");
			return type.substring(type.lastIndexOf('/') + 1);
		}

		long retryAfterSeconds(long otherwise) {
			java.util.List<String> values = this.headers.getOrDefault("retry-after", java.util.List.of());
			try {
				return values.isEmpty() ? otherwise : Long.parseLong(values.get(0).trim());
			}
			catch (NumberFormatException ex) {
				return otherwise;
			}
		}

		boolean replayed() {
			return this.headers.getOrDefault("idempotent-replayed", java.util.List.of()).contains("true");
		}

		@Override
		public String toString() {
			return this.status + " " + ((this.status == 0) ? this.raw : problemType());
		}

	}

	private final String base;

	Shop(String base) {
		this.base = base;
	}

	Answer get(String path, String token) {
		return send(request(path, token).GET());
	}

	Answer post(String path, String token, String idempotencyKey, String json) {
		HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString((json != null) ? json : ""));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request);
	}

	Answer put(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A client-credentials token from the development staff issuer. */
	String clientToken(String client) {
		String basic = Base64.getEncoder()
			.encodeToString((client + ":" + client + "-local-dev-only").getBytes(StandardCharsets.UTF_8));
		Answer answer = send(HttpRequest.newBuilder(URI.create(this.base + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		String token = answer.body().path("access_token").asString("");
		if (token.isEmpty()) {
			throw new IllegalStateException("No token for " + client + ": " + answer.raw());
		}
		return token;
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(REQUEST_TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private static Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body;
			try {
				body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				body = JSON.getNodeFactory().textNode(response.body());
			}
			return new Answer(response.statusCode(), body, response.body(), response.headers().map(),
					System.nanoTime());
		}
		catch (IOException ex) {
			return new Answer(0, JSON.nullNode(), ex.getClass().getSimpleName() + ": " + ex.getMessage(), Map.of(),
					System.nanoTime());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
