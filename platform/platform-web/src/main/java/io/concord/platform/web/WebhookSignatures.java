package io.concord.platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Partner webhooks (payment providers, carriers, suppliers) prove who sent them with an
 * HMAC-SHA256 of the raw body under a shared secret, sent as {@code sha256=<hex>}. The
 * comparison takes the same time whatever the signature, so it leaks nothing.
 */
public final class WebhookSignatures {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private WebhookSignatures() {
	}

	/** The header value a partner sends for {@code body}. */
	public static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a signed JSON callback, as a partner would (the local stack's simulated
	 * partners use it).
	 */
	public static HttpResponse<String> send(URI target, String secret, byte[] body)
			throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(target)
			.header("Content-Type", "application/json")
			.header("X-Signature", sign(secret, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/**
	 * Throws a 401 {@code invalid-signature} problem unless {@code signature} matches.
	 */
	public static void verify(String secret, byte[] body, @Nullable String signature) {
		byte[] expected = sign(secret, body).getBytes(StandardCharsets.UTF_8);
		if (signature == null || !MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.of("invalid-signature"),
					"Invalid signature", "The callback's X-Signature does not match its body");
		}
	}

}
