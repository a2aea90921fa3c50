package io.concord.platform.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.platform.web.IdempotencyKeyRequired;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Each operation's problem answers and headers: the {@link ProblemResponse}s on its
 * handler method, and those every operation of its kind can give (validation, body too
 * large, idempotency, the gateway's rate limits and shedding).
 */
class ProblemAnswers implements GlobalOperationCustomizer {

	static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_BASE = "https://concord.dev/problems/";

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		boolean idempotent = isPostOrPatch(handler);
		boolean keyRequired = handler.hasMethodAnnotation(IdempotencyKeyRequired.class);
		boolean hasBody = operation.getRequestBody() != null;
		boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
		headers(operation, idempotent, keyRequired);
		for (ProblemResponse problem : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
				ProblemResponse.class, ProblemResponses.class)) {
			add(operation, problem.status(), problem.type(), problem.when());
		}
		if (hasBody || hasParameters) {
			add(operation, 400, "validation", "a field or parameter is invalid; `errors[]` lists each");
			add(operation, 400, "malformed-request",
					"the body is missing or not JSON of the expected shape, or a path or query value has the wrong type");
		}
		if (hasBody) {
			add(operation, 413, "content-too-large", "the request body is larger than allowed on this path");
		}
		if (keyRequired) {
			add(operation, 400, "idempotency-key-missing", "the `Idempotency-Key` header is missing");
		}
		if (idempotent) {
			add(operation, 409, "idempotency-key-in-flight",
					"a request with this `Idempotency-Key` is still running; retry after `Retry-After`");
			add(operation, 409, "idempotency-outcome-unknown",
					"the first request with this key took effect but its answer was lost; read the resource instead");
			add(operation, 422, "idempotency-key-reused", "the key was used before for a different request");
		}
		add(operation, 429, "too-many-requests",
				"the gateway's rate limit for this caller or address is reached; retry after `Retry-After`");
		add(operation, 503, "service-unavailable",
				"the service is unavailable or the gateway is shedding load; retry after `Retry-After`");
		responseHeaders(operation, idempotent);
		return operation;
	}

	private static boolean isPostOrPatch(HandlerMethod handler) {
		org.springframework.web.bind.annotation.RequestMapping mapping = AnnotatedElementUtils
			.findMergedAnnotation(handler.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
		if (mapping == null) {
			return false;
		}
		for (org.springframework.web.bind.annotation.RequestMethod method : mapping.method()) {
			if (method == org.springframework.web.bind.annotation.RequestMethod.POST
					|| method == org.springframework.web.bind.annotation.RequestMethod.PATCH) {
				return true;
			}
		}
		return false;
	}

	private static void headers(Operation operation, boolean idempotent, boolean keyRequired) {
		List<Parameter> parameters = new ArrayList<>(
				(operation.getParameters() != null) ? operation.getParameters() : List.of());
		parameters.removeIf((parameter) -> "header".equals(parameter.getIn())
				&& ServiceDocument.REQUEST_ID.equalsIgnoreCase(parameter.getName()));
		parameters.add(new Parameter().$ref("#/components/parameters/" + ServiceDocument.REQUEST_ID));
		if (idempotent || keyRequired) {
			Parameter key = parameters.stream()
				.filter((parameter) -> "header".equals(parameter.getIn())
						&& ServiceDocument.IDEMPOTENCY_KEY.equalsIgnoreCase(parameter.getName()))
				.findFirst()
				.orElseGet(() -> {
					Parameter added = new Parameter().in("header").name(ServiceDocument.IDEMPOTENCY_KEY);
					parameters.add(added);
					return added;
				});
			key.required(keyRequired)
				.schema(new StringSchema().minLength(1).maxLength(255))
				.description(keyRequired
						? "Required: a unique key per intended effect (a UUID). Retrying with the same key and body "
								+ "answers the first attempt's result (`Idempotent-Replayed: true`) instead of repeating it."
						: "Optional: a unique key per intended effect (a UUID). Retrying with the same key and body "
								+ "answers the first attempt's result (`Idempotent-Replayed: true`) instead of repeating it.");
		}
		operation.parameters(parameters);
	}

	private static void responseHeaders(Operation operation, boolean idempotent) {
		operation.getResponses().forEach((code, response) -> {
			if (response.get$ref() != null) {
				return;
			}
			header(response, ServiceDocument.REQUEST_ID);
			if (code.equals("409") || code.equals("429") || code.equals("503")) {
				header(response, ServiceDocument.RETRY_AFTER);
			}
			if (idempotent && code.startsWith("2")) {
				header(response, ServiceDocument.IDEMPOTENT_REPLAYED);
			}
		});
	}

	private static void header(ApiResponse response, String name) {
		response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
	}

	/**
	 * Adds a problem answer: the status's response gets {@code application/problem+json}
	 * with the shared schema and an example of this type, next to any it already has.
	 */
	static void add(Operation operation, int status, String slug, String when) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.responses(responses);
		String code = Integer.toString(status);
		ApiResponse response = responses.get(code);
		if (response == null) {
			response = new ApiResponse();
			responses.addApiResponse(code, response);
		}
		Content content = (response.getContent() != null) ? response.getContent() : new Content();
		response.content(content);
		MediaType problemJson = content.get(PROBLEM_JSON);
		if (problemJson == null) {
			problemJson = new MediaType();
			content.addMediaType(PROBLEM_JSON, problemJson);
		}
		problemJson.schema(new Schema<>().$ref("#/components/schemas/" + ServiceDocument.PROBLEM));
		if (problemJson.getExamples() != null && problemJson.getExamples().containsKey(slug)) {
			return;
		}
		problemJson.addExamples(slug, new Example().summary(when).value(example(status, slug, when)));
		String line = "`" + slug + "`: " + when;
		String description = response.getDescription();
		response.description((description == null || description.isBlank()) ? line : description + "; " + line);
	}

	private static Map<String, Object> example(int status, String slug, String when) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", PROBLEM_BASE + slug);
		example.put("title", title(slug));
		example.put("status", status);
		example.put("detail", Character.toUpperCase(when.charAt(0)) + when.substring(1) + ".");
		example.put("requestId", "4f1c2b7e9a0d4c3b");
		return example;
	}

	private static String title(String slug) {
		String words = slug.replace('-', ' ');
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
	}

}
