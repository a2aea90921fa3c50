package io.concord.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The reader without a server: every way a callback is refused answers the problem a
 * partner is documented to get, and the checks run in the documented order (size, then
 * signature and time, then JSON, then fields).
 */
class SignedWebhooksTests {

	private static final String SECRET = "supplier-webhook-secret-0001";

	private static final String PATH = "/webhooks/suppliers/SUP-1/purchase-orders/PO-1/confirmation";

	private static final Instant NOW = Instant.parse("2026-11-11T00:00:00Z");

	private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

	private final SignedWebhooks webhooks = new SignedWebhooks(JsonMapper.builder().build(), VALIDATION.getValidator(),
			Clock.fixed(NOW, ZoneOffset.UTC), new WebhookProperties(Duration.ofMinutes(5), DataSize.ofBytes(256)));

	record Confirmation(@NotNull @Size(min = 1, max = 3) List<@Valid @NotNull Line> lines) {
	}

	record Line(@NotBlank String sku, @NotNull @Min(1) @Max(1000) Integer quantity) {
	}

	@AfterAll
	static void close() {
		VALIDATION.close();
	}

	@Test
	void aSignedValidCallbackIsReadIntoItsRecord() {
		String body = "{\"lines\": [{\"sku\": \"JACKET-BLK-M\", \"quantity\": 240}], \"unknown\": 1}";
		Confirmation read = this.webhooks.read(request(PATH, body, signed(PATH, body, 0)), SECRET, Confirmation.class);
		assertThat(read.lines()).containsExactly(new Line("JACKET-BLK-M", 240));
	}

	@Test
	void aMissingForgedOrMisdirectedSignatureIs401InvalidSignature() {
		String body = "{\"lines\": [{\"sku\": \"A\", \"quantity\": 1}]}";
		assertProblem(() -> read(request(PATH, body, null)), HttpStatus.UNAUTHORIZED, "invalid-signature");
		assertProblem(() -> read(request(PATH, body, "v1=abc")), HttpStatus.UNAUTHORIZED, "invalid-signature");
		assertProblem(
				() -> read(
						request(PATH, body,
								WebhookSignatures.sign("another-secret-000000000", NOW.getEpochSecond(), "POST", PATH,
										body.getBytes(StandardCharsets.UTF_8)))),
				HttpStatus.UNAUTHORIZED, "invalid-signature");
		String other = "/webhooks/suppliers/SUP-1/purchase-orders/PO-2/confirmation";
		assertProblem(() -> read(request(PATH, body, signed(other, body, 0))), HttpStatus.UNAUTHORIZED,
				"invalid-signature");
	}

	@Test
	void aSignatureOutsideTheWindowEitherWayIs401StaleSignature() {
		String body = "{\"lines\": [{\"sku\": \"A\", \"quantity\": 1}]}";
		assertProblem(() -> read(request(PATH, body, signed(PATH, body, -301))), HttpStatus.UNAUTHORIZED,
				"stale-signature");
		assertProblem(() -> read(request(PATH, body, signed(PATH, body, 301))), HttpStatus.UNAUTHORIZED,
				"stale-signature");
		assertThat(read(request(PATH, body, signed(PATH, body, -300)))).as("the window's edge is inside").isNotNull();
	}

	@Test
	void aSignedBodyThatIsNotJsonOfTheShapeIs422InvalidWebhook() {
		for (String body : List.of("{\"lines\": [", "null", "{\"lines\": \"none\"}", "[1, 2]")) {
			assertProblem(() -> read(request(PATH, body, signed(PATH, body, 0))), HttpStatus.UNPROCESSABLE_CONTENT,
					"invalid-webhook");
		}
	}

	@Test
	void aSignedBodyWithInvalidFieldsIs422ListingThemInOrder() {
		String body = "{\"lines\": [{\"sku\": \"\", \"quantity\": 0}, {\"sku\": \"B\", \"quantity\": 1001}]}";
		ProblemException problem = capture(() -> read(request(PATH, body, signed(PATH, body, 0))));
		assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(problem.typeName()).isEqualTo("invalid-webhook");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.toProblemDetail()
			.getProperties()
			.get("errors");
		assertThat(errors).extracting((e) -> e.get("field"))
			.containsExactly("lines[0].quantity", "lines[0].sku", "lines[1].quantity");
	}

	@Test
	void aBodyOverTheLimitIs413BeforeItsSignatureIsChecked() {
		String body = "{\"lines\": [{\"sku\": \"" + "x".repeat(300) + "\", \"quantity\": 1}]}";
		assertProblem(() -> read(request(PATH, body, null)), HttpStatus.CONTENT_TOO_LARGE, "content-too-large");
	}

	private Confirmation read(MockHttpServletRequest request) {
		return this.webhooks.read(request, SECRET, Confirmation.class);
	}

	private static MockHttpServletRequest request(String path, String body, String signature) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.addHeader(WebhookSignatures.HEADER, signature);
		}
		return request;
	}

	private static String signed(String path, String body, long offsetSeconds) {
		return WebhookSignatures.sign(SECRET, NOW.getEpochSecond() + offsetSeconds, "POST", path,
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertProblem(Runnable call, HttpStatus status, String type) {
		ProblemException problem = capture(call);
		assertThat(problem.status()).isEqualTo(status);
		assertThat(problem.type()).hasToString("https://concord.dev/problems/" + type);
	}

	private static ProblemException capture(Runnable call) {
		Throwable thrown = catchThrowable(call::run);
		assertThat(thrown).isInstanceOf(ProblemException.class);
		return (ProblemException) thrown;
	}

}
