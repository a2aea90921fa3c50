package io.concord.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP for preparing the sale (ops calls, staff tokens) and for scraping metrics, with a
 * client's timeouts: a stalled answer fails the setup instead of hanging it.
 */
final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	record Answer(int status, String raw) {

		JsonNode json() {
			return this.raw.isBlank() ? JSON.nullNode() : JSON.readTree(this.raw);
		}

		Answer ok(String what) {
			if (this.status < 200 || this.status >= 300) {
				throw new IllegalStateException(what + " failed: " + this.status + " " + this.raw);
			}
			return this;
		}

	}

	private final String base;

	/** Sent with every request: a load test's run tag and credential. */
	private final java.util.Map<String, String> headers;

	Api(String base) {
		this(base, java.util.Map.of());
	}

	Api(String base, java.util.Map<String, String> headers) {
		this.base = base;
		this.headers = java.util.Map.copyOf(headers);
	}

	Answer get(String path, String token) {
		return send(request(path, token).GET());
	}

	Answer post(String path, String token, String idempotencyKey, String json) {
		HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request);
	}

	Answer delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	Answer put(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * A client-credentials token from the development staff issuer this client points at.
	 */
	String staffToken(String client) {
		String basic = Base64.getEncoder()
			.encodeToString((client + ":" + client + "-local-dev-only").getBytes(StandardCharsets.UTF_8));
		Answer answer = send(HttpRequest.newBuilder(URI.create(this.base + "/oauth2/token"))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")))
			.ok("A staff token for " + client);
		return answer.json().path("access_token").asString();
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(REQUEST_TIMEOUT);
		this.headers.forEach(request::header);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private static Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Answer(0, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
