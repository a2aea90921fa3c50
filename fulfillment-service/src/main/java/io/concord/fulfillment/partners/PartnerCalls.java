package io.concord.fulfillment.partners;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.concord.platform.web.RequestDeadline;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * JSON calls to one partner service: every call carries the service token and what is
 * left of the caller's deadline ({@link RequestDeadline#HEADER}), waits no longer than
 * that, and ends as the answer, a {@link PartnerRefusal} (4xx) or a
 * {@link PartnerUnavailable} (anything else). A 404 can be accepted as "nothing there" by
 * the caller.
 *
 * <p>
 * Timeouts and retries line up end to end (security review M6): a call waits at most the
 * configured timeout and never past the request's deadline; an outage (no answer, 5xx) is
 * retried once after a jittered pause, and only if the deadline leaves room for it; a
 * partner that says it is saturated (429, 503) is not retried at all, so retries never
 * pile onto a busy service. A 401 means our token went stale (the issuer rotated its
 * keys): the token is fetched again and the call repeated once. A circuit breaker per
 * partner fails calls at once while the partner keeps failing; its state is a metric.
 */
final class PartnerCalls {

	/** Not worth starting a call with less time than this left. */
	private static final Duration MIN_CALL = Duration.ofMillis(200);

	private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

	/** Read timeouts are per client: one client per quarter second of budget left. */
	private static final long BUCKET_MILLIS = 250;

	private final HttpClient http;

	private final RestClient.Builder builder;

	private final Map<Long, RestClient> clientsByTimeout = new ConcurrentHashMap<>();

	private final ServiceTokens tokens;

	private final JsonMapper json;

	private final String name;

	private final CircuitBreaker breaker;

	private final Duration timeout;

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
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(2))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		// The builder carries the observation set-up, so calls are traced end to end.
		this.builder = builder.clone().baseUrl(baseUrl);
		this.tokens = tokens;
		this.json = json;
		this.name = name;
		this.timeout = timeout;
	}

	JsonNode post(String path, @Nullable Object body) {
		return call(HttpMethod.POST, path, body, false);
	}

	JsonNode get(String path) {
		return call(HttpMethod.GET, path, null, false);
	}

	/**
	 * A POST whose 404 means "nothing to do" (e.g. releasing what was never held): null.
	 */
	@Nullable JsonNode postUnlessMissing(String path) {
		return call(HttpMethod.POST, path, null, true);
	}

	private @Nullable JsonNode call(HttpMethod method, String path, @Nullable Object body, boolean missingIsFine) {
		try {
			return CircuitBreaker.decorateSupplier(this.breaker, () -> attempts(method, path, body, missingIsFine))
				.get();
		}
		catch (CallNotPermittedException ex) {
			throw new PartnerUnavailable(this.name + " is failing; its circuit breaker is open", ex);
		}
	}

	private @Nullable JsonNode attempts(HttpMethod method, String path, @Nullable Object body, boolean missingIsFine) {
		boolean tokenRefreshed = false;
		boolean retried = false;
		while (true) {
			try {
				return once(method, path, body, missingIsFine);
			}
			catch (StaleToken ex) {
				if (tokenRefreshed) {
					throw new PartnerUnavailable(this.name + " refuses our service token: " + ex.getMessage());
				}
				this.tokens.forget();
				tokenRefreshed = true;
			}
			catch (Saturated ex) {
				throw new PartnerUnavailable(this.name + " is saturated (" + ex.getMessage() + ")");
			}
			catch (PartnerUnavailable ex) {
				Duration pause = RETRY_PAUSE
					.plusMillis(ThreadLocalRandom.current().nextLong(RETRY_PAUSE.toMillis() + 1));
				if (retried || RequestDeadline.atMost(this.timeout).compareTo(pause.plus(MIN_CALL)) < 0) {
					throw ex;
				}
				retried = true;
				pause(pause);
			}
		}
	}

	private @Nullable JsonNode once(HttpMethod method, String path, @Nullable Object body, boolean missingIsFine) {
		Duration budget = RequestDeadline.atMost(this.timeout);
		if (budget.compareTo(MIN_CALL) < 0) {
			throw new PartnerUnavailable("No time left to call " + this.name + " " + path);
		}
		RestClient.RequestBodySpec request = client(budget).method(method)
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer " + this.tokens.bearer())
			.header(RequestDeadline.HEADER, String.valueOf(budget.toMillis()));
		if (body != null) {
			request.body(body);
		}
		try {
			return request.exchange((req, response) -> {
				HttpStatusCode code = response.getStatusCode();
				int status = code.value();
				String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
				if (code.is2xxSuccessful()) {
					return text.isBlank() ? this.json.createObjectNode() : this.json.readTree(text);
				}
				if (status == 404 && missingIsFine) {
					return null;
				}
				if (status == 401) {
					throw new StaleToken(status + " " + abbreviated(text));
				}
				if (status == 429 || status == 503) {
					throw new Saturated(status + " " + abbreviated(text));
				}
				if (code.is4xxClientError() && status != 403) {
					throw new PartnerRefusal(status, problem(text));
				}
				throw new PartnerUnavailable(
						this.name + " answered " + status + " to " + path + ": " + abbreviated(text));
			});
		}
		catch (ResourceAccessException ex) {
			throw new PartnerUnavailable(this.name + " did not answer " + path + ": " + ex.getMessage(), ex);
		}
	}

	private RestClient client(Duration budget) {
		long bucket = Math.max(1, (budget.toMillis() + BUCKET_MILLIS - 1) / BUCKET_MILLIS) * BUCKET_MILLIS;
		return this.clientsByTimeout.computeIfAbsent(bucket, (millis) -> {
			JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(this.http);
			requests.setReadTimeout(Duration.ofMillis(millis));
			return this.builder.clone().requestFactory(requests).build();
		});
	}

	private JsonNode problem(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode().put("detail", text);
		}
	}

	private static String abbreviated(String text) {
		return text.substring(0, Math.min(200, text.length()));
	}

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PartnerUnavailable("Interrupted while waiting to retry");
		}
	}

	/** Our service token was refused: fetch a new one. */
	private static final class StaleToken extends RuntimeException {

		StaleToken(String message) {
			super(message);
		}

	}

	/** The partner asked us to back off. */
	private static final class Saturated extends PartnerUnavailable {

		Saturated(String message) {
			super(message);
		}

	}

}
