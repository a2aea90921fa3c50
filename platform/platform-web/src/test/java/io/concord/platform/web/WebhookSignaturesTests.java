package io.concord.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The partner signature: it binds the secret, the time, the method, the path and the
 * body, and a signature made too long ago (or ahead) is refused even when it matches.
 */
class WebhookSignaturesTests {

	private static final String SECRET = "carrier-webhook-secret-0001";

	private static final String PATH = "/webhooks/suppliers/SUP-1/purchase-orders/PO-1/confirmation";

	private static final byte[] BODY = "{\"lines\":[]}".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.parse("2026-11-11T00:00:00Z");

	private static final Duration WINDOW = Duration.ofMinutes(5);

	@Test
	void aSignatureOverTheTimeMethodPathAndBodyIsAccepted() {
		String header = WebhookSignatures.sign(SECRET, NOW.getEpochSecond(), "POST", PATH, BODY);
		assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
		assertThatCode(() -> WebhookSignatures.verify(SECRET, header, "POST", PATH, BODY, NOW, WINDOW))
			.doesNotThrowAnyException();
		assertThatCode(
				() -> WebhookSignatures.verify(SECRET, header.toUpperCase().replace("T=", "t=").replace("V1=", "v1="),
						"post", PATH, BODY, NOW.plusSeconds(300), WINDOW))
			.as("hex in either case, the method in either case, and exactly at the window's edge")
			.doesNotThrowAnyException();
	}

	@Test
	void anyChangeToWhatWasSignedIsAnInvalidSignature() {
		String header = WebhookSignatures.sign(SECRET, NOW.getEpochSecond(), "POST", PATH, BODY);
		assertInvalid(() -> WebhookSignatures.verify("another-secret-000000", header, "POST", PATH, BODY, NOW, WINDOW));
		assertInvalid(() -> WebhookSignatures.verify(SECRET, header, "PUT", PATH, BODY, NOW, WINDOW));
		assertInvalid(() -> WebhookSignatures.verify(SECRET, header, "POST", PATH.replace("PO-1", "PO-2"), BODY, NOW,
				WINDOW));
		assertInvalid(() -> WebhookSignatures.verify(SECRET, header, "POST", PATH,
				"{\"lines\":[{}]}".getBytes(StandardCharsets.UTF_8), NOW, WINDOW));
		String movedInTime = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
		assertInvalid(() -> WebhookSignatures.verify(SECRET, movedInTime, "POST", PATH, BODY, NOW, WINDOW));
	}

	@Test
	void aMissingOrMalformedHeaderIsAnInvalidSignature() {
		String v1 = WebhookSignatures.sign(SECRET, NOW.getEpochSecond(), "POST", PATH, BODY).split(",")[1];
		for (String header : new String[] { null, "", "sha256=abc", v1, "t=" + NOW.getEpochSecond(), "t=-5," + v1,
				"t=9999999999999," + v1, "t=12a," + v1 }) {
			assertInvalid(() -> WebhookSignatures.verify(SECRET, header, "POST", PATH, BODY, NOW, WINDOW));
		}
	}

	@Test
	void aMatchingSignatureOutsideTheWindowIsStale() {
		for (long offset : new long[] { -301, 301, -86_400 }) {
			String header = WebhookSignatures.sign(SECRET, NOW.getEpochSecond() + offset, "POST", PATH, BODY);
			assertThatThrownBy(() -> WebhookSignatures.verify(SECRET, header, "POST", PATH, BODY, NOW, WINDOW))
				.isInstanceOfSatisfying(ProblemException.class, (problem) -> {
					assertThat(problem.status().value()).isEqualTo(401);
					assertThat(problem.typeName()).isEqualTo("stale-signature");
				});
		}
	}

	@Test
	void aPartnerRotatingItsSecretMaySignWithBoth() {
		String old = WebhookSignatures.sign("the-old-secret-00000", NOW.getEpochSecond(), "POST", PATH, BODY);
		String fresh = WebhookSignatures.sign(SECRET, NOW.getEpochSecond(), "POST", PATH, BODY);
		String both = old + "," + fresh.split(",")[1];
		assertThatCode(() -> WebhookSignatures.verify(SECRET, both, "POST", PATH, BODY, NOW, WINDOW))
			.doesNotThrowAnyException();
		assertThatCode(() -> WebhookSignatures.verify("the-old-secret-00000", both, "POST", PATH, BODY, NOW, WINDOW))
			.doesNotThrowAnyException();
	}

	private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
			assertThat(problem.status().value()).isEqualTo(401);
			assertThat(problem.typeName()).isEqualTo("invalid-signature");
		});
	}

}
