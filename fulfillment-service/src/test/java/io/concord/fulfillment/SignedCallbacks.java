package io.concord.fulfillment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.concord.platform.web.WebhookSignatures;

/**
 * Partner callbacks as a payment provider, carrier or supplier sends them: signed over
 * the time, method, path and body ({@link WebhookSignatures}), or with whatever signature
 * a test needs to forge or replay.
 */
public final class SignedCallbacks {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private SignedCallbacks() {
	}

	/** Signed now with {@code secret}. */
	public static HttpResponse<String> post(String base, String path, String body, String secret) {
		return postWithSignature(base, path, body, sign(secret, path, body, 0));
	}

	/** The signature a partner sends, made {@code offsetSeconds} from now. */
	public static String sign(String secret, String path, String body, long offsetSeconds) {
		return WebhookSignatures.sign(secret, Instant.now().getEpochSecond() + offsetSeconds, "POST", path,
				body.getBytes(StandardCharsets.UTF_8));
	}

	/** With exactly this {@code X-Signature} (or none). */
	public static HttpResponse<String> postWithSignature(String base, String path, String body, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header(WebhookSignatures.HEADER, signature);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST " + base + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
