package io.concord.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Reads a signed partner callback, the one way every webhook does: the body with a size
 * cap, then the signature ({@link WebhookSignatures}) over the time, method, path and
 * body, and only then the JSON, into a record that Bean Validation checks. A body too
 * large is 413 {@code content-too-large}, a bad or old signature 401, and a payload that
 * is not what the partner API describes 422 {@code invalid-webhook} listing the fields.
 */
public class SignedWebhooks {

	private final JsonMapper json;

	private final Validator validator;

	private final Clock clock;

	private final WebhookProperties properties;

	public SignedWebhooks(JsonMapper json, Validator validator, Clock clock, WebhookProperties properties) {
		this.json = json;
		this.validator = validator;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * The callback's payload, once it is proven to come from the holder of {@code secret}
	 * within the tolerance window and to be valid.
	 */
	public <T> T read(HttpServletRequest request, String secret, Class<T> type) {
		byte[] body = body(request);
		WebhookSignatures.verify(secret, request.getHeader(WebhookSignatures.HEADER), request.getMethod(),
				request.getRequestURI(), body, this.clock.instant(), this.properties.tolerance());
		T payload;
		try {
			payload = this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			payload = null;
		}
		if (payload == null) {
			throw invalid("The callback's body is not JSON of the shape the partner API describes", List.of());
		}
		List<Map<String, Object>> errors = this.validator.validate(payload)
			.stream()
			.sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
			.map((v) -> Map.<String, Object>of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
			.toList();
		if (!errors.isEmpty()) {
			throw invalid("The callback has " + errors.size() + " invalid field(s)", errors);
		}
		return payload;
	}

	/**
	 * 422 {@code invalid-webhook}: for checks that need state (a SKU not on the purchase
	 * order), in the same shape as the field checks.
	 */
	public static ProblemException invalid(String detail, List<Map<String, Object>> errors) {
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("invalid-webhook"),
				"Invalid callback", detail)
			.with("errors", errors);
	}

	private byte[] body(HttpServletRequest request) {
		long max = this.properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		// Chunked bodies declare no length: read at most one byte past the limit.
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
			if (body.length > max) {
				throw tooLarge(max);
			}
			return body;
		}
		catch (IOException ex) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
					"The callback's body could not be read");
		}
	}

	private static ProblemException tooLarge(long max) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.of("content-too-large"),
				"Content too large", "A callback's body may have at most " + max + " bytes");
	}

}
