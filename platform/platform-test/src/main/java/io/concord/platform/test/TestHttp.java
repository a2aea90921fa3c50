package io.concord.platform.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Plain HTTP calls for black-box tests, as a storefront or ops tool makes them: a JSON
 * body gets a fresh {@code Idempotency-Key}, a token goes in {@code Authorization}.
 */
public final class TestHttp {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TestHttp() {
	}

	public static HttpResponse<String> call(String base, String method, String path, String token, String json) {
		return call(base, method, path, token, json, Map.of());
	}

	public static HttpResponse<String> call(String base, String method, String path, String token, String json,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		// A caller's header replaces the default (e.g. Content-Type: text/csv).
		headers.forEach(request::setHeader);
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + base + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
