package io.concord.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain JDK HTTP calls to the gateway under test, as a client outside makes them, always
 * with connect and request timeouts.
 */
final class GatewayHttp {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient client = newClient();

	private final String base;

	GatewayHttp(int port) {
		this.base = "http://localhost:" + port;
	}

	static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> get(String path, String token) {
		HttpRequest.Builder request = request(path).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

}
