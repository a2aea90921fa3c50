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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Partner webhooks (payment providers, carriers, suppliers) prove who sent them, and
 * when, with
 * {@code X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<METHOD>.<path>.<body>")>}.
 * The time, method and path are signed with the raw body, so a captured callback can
 * neither be replayed after the tolerance window nor be aimed at another resource (a
 * supplier's confirmation of one purchase order at another). Comparisons take the same
 * time whatever the signature, so they leak nothing. Several {@code v1} values may be
 * sent (a partner rotating its secret signs with both).
 */
public final class WebhookSignatures {

	/** The header carrying the signature. */
	public static final String HEADER = "X-Signature";

	/** How long a simulated partner waits to connect, and for the whole answer. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

	// Enough digits for any real time, few enough that parsing cannot overflow.
	private static final int MAX_TIMESTAMP_DIGITS = 12;

	private WebhookSignatures() {
	}

	/** The header value a partner sends for {@code body} at {@code timestamp}. */
	public static String sign(String secret, long timestamp, String method, String path, byte[] body) {
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(secret, timestamp, method, path, body));
	}

	/**
	 * Sends a signed JSON callback now, as a partner would (the local stack's simulated
	 * partners use it); gives up after a 2-second connect and a 10-second answer.
	 */
	public static HttpResponse<String> send(URI target, String secret, byte[] body)
			throws IOException, InterruptedException {
		String signature = sign(secret, Instant.now().getEpochSecond(), "POST", target.getRawPath(), body);
		return HTTP.send(HttpRequest.newBuilder(target)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.header(HEADER, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/**
	 * Throws a 401 problem unless {@code header} signs this request under {@code secret}:
	 * {@code invalid-signature} when it is missing, malformed or does not match;
	 * {@code stale-signature} when it matches but was made more than {@code tolerance}
	 * away from {@code now} (either way: a partner's clock may run ahead).
	 */
	public static void verify(String secret, @Nullable String header, String method, String path, byte[] body,
			Instant now, Duration tolerance) {
		Parsed parsed = parse(header);
		byte[] expected = HexFormat.of()
			.formatHex(mac(secret, parsed.timestamp(), method, path, body))
			.getBytes(StandardCharsets.US_ASCII);
		boolean matches = false;
		for (String candidate : parsed.signatures()) {
			// No early exit: every candidate is compared.
			matches |= MessageDigest.isEqual(expected,
					candidate.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
		}
		if (!matches) {
			throw invalid("The callback's X-Signature does not match its time, method, path and body");
		}
		long age = Math.abs(now.getEpochSecond() - parsed.timestamp());
		if (age > tolerance.toSeconds()) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.of("stale-signature"), "Stale signature",
					"The callback was signed " + age + " s from now; at most " + tolerance.toSeconds()
							+ " s are accepted");
		}
	}

	private record Parsed(long timestamp, List<String> signatures) {
	}

	private static Parsed parse(@Nullable String header) {
		if (header == null) {
			throw invalid("The callback has no X-Signature");
		}
		Long timestamp = null;
		List<String> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			if (name.equals("t") && timestamp == null && !value.isEmpty() && value.length() <= MAX_TIMESTAMP_DIGITS
					&& value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				timestamp = Long.parseLong(value);
			}
			else if (name.equals("v1")) {
				signatures.add(value);
			}
		}
		if (timestamp == null || signatures.isEmpty()) {
			throw invalid("X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>");
		}
		return new Parsed(timestamp, signatures);
	}

	private static byte[] mac(String secret, long timestamp, String method, String path, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + "." + method.toUpperCase(Locale.ROOT) + "." + path + ".")
				.getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.of("invalid-signature"), "Invalid signature",
				detail);
	}

}
