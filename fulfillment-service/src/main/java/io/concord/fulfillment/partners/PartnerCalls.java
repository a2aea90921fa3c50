package io.concord.fulfillment.partners;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * JSON calls to one partner service: every call carries the service token, times out, and
 * ends as the answer, a {@link PartnerRefusal} (4xx) or a {@link PartnerUnavailable}
 * (anything else). A 404 can be accepted as "nothing there" by the caller. Outages are
 * retried twice with backoff (every partner call is idempotent) behind a circuit breaker
 * per partner: when a partner keeps failing, calls fail at once instead of tying up the
 * order flow's threads, and the breaker's state is a metric.
 */
final class PartnerCalls {

	private final RestClient http;

	private final ServiceTokens tokens;

	private final JsonMapper json;

	private final String name;

	private final CircuitBreaker breaker;

	private final Retry retry;

	PartnerCalls(String name, String baseUrl, RestClient.Builder builder, ServiceTokens tokens, JsonMapper json,
			Duration timeout, CircuitBreakerRegistry breakers) {
		this.breaker = breakers.circuitBreaker(name,
				CircuitBreakerConfig.custom()
					.failureRateThreshold(50)
					.slidingWindowSize(20)
					.minimumNumberOfCalls(10)
					.waitDurationInOpenState(Duration.ofSeconds(5))
					.recordExceptions(PartnerUnavailable.class)
					.build());
		this.retry = Retry.of(name,
				RetryConfig.custom()
					.maxAttempts(3)
					.intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2))
					.retryExceptions(PartnerUnavailable.class)
					.build());
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(timeout);
		this.http = builder.clone().baseUrl(baseUrl).requestFactory(requests).build();
		this.tokens = tokens;
		this.json = json;
		this.name = name;
	}

	JsonNode post(String path, @Nullable Object body) {
		return call(path, (spec) -> {
			RestClient.RequestBodySpec post = this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
			return (body != null) ? post.body(body) : post;
		}, false);
	}

	/**
	 * A POST whose 404 means "nothing to do" (e.g. releasing what was never held): null.
	 */
	@Nullable JsonNode postUnlessMissing(String path) {
		return call(path, (spec) -> this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON), true);
	}

	private @Nullable JsonNode call(String path, Function<Void, RestClient.RequestHeadersSpec<?>> request,
			boolean missingIsFine) {
		try {
			return Retry
				.decorateSupplier(this.retry,
						CircuitBreaker.decorateSupplier(this.breaker, () -> once(path, request, missingIsFine)))
				.get();
		}
		catch (CallNotPermittedException ex) {
			throw new PartnerUnavailable(this.name + " is failing; its circuit breaker is open", ex);
		}
	}

	private @Nullable JsonNode once(String path, Function<Void, RestClient.RequestHeadersSpec<?>> request,
			boolean missingIsFine) {
		try {
			return request.apply(null)
				.header("Authorization", "Bearer " + this.tokens.bearer())
				.exchange((req, response) -> {
					HttpStatusCode status = response.getStatusCode();
					String text = new String(response.getBody().readAllBytes(),
							java.nio.charset.StandardCharsets.UTF_8);
					if (status.is2xxSuccessful()) {
						return text.isBlank() ? this.json.createObjectNode() : this.json.readTree(text);
					}
					if (status.value() == 404 && missingIsFine) {
						return null;
					}
					if (status.is4xxClientError() && status.value() != 401 && status.value() != 403
							&& status.value() != 429) {
						throw new PartnerRefusal(status.value(), problem(text));
					}
					throw new PartnerUnavailable(this.name + " answered " + status.value() + " to " + path + ": "
							+ text.substring(0, Math.min(200, text.length())));
				});
		}
		catch (ResourceAccessException ex) {
			throw new PartnerUnavailable(this.name + " did not answer " + path + ": " + ex.getMessage(), ex);
		}
	}

	private JsonNode problem(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode().put("detail", text);
		}
	}

}
