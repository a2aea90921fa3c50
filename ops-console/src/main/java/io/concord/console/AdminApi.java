package io.concord.console;

import java.net.http.HttpClient;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The admin API, through the gateway, as the signed-in staff member: their own access
 * token on every call, so the gateway's and the services' rules and audit apply to what
 * they do here exactly as to a curl line. Connect 2 s, read 5 s (configurable).
 */
@Component
public class AdminApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient http;

	private final OAuth2AuthorizedClientManager clients;

	AdminApi(ConsoleProperties properties, OAuth2AuthorizedClientManager clients, RestClient.Builder builder) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(properties.readTimeout());
		this.http = builder.baseUrl(properties.gatewayUrl()).requestFactory(requests).build();
		this.clients = clients;
	}

	/** {@code GET} a path of the admin API (e.g. {@code /admin/fulfillment/kpis}). */
	public JsonNode get(Authentication user, String path, Object... variables) {
		return call(() -> this.http.get()
			.uri(path, variables)
			.headers((headers) -> headers.setBearerAuth(token(user)))
			.retrieve()
			.body(JsonNode.class));
	}

	/**
	 * {@code GET} a path of the admin API that answers text, not JSON (e.g. the sales
	 * history's CSV).
	 */
	public String text(Authentication user, String path, Object... variables) {
		try {
			String body = this.http.get()
				.uri(path, variables)
				.headers((headers) -> headers.setBearerAuth(token(user)))
				.accept(MediaType.ALL)
				.retrieve()
				.body(String.class);
			return (body != null) ? body : "";
		}
		catch (RestClientResponseException ex) {
			throw Refused.of(ex.getStatusCode(), ex.getResponseBodyAsString());
		}
	}

	/** {@code POST} to a path of the admin API, without a body. */
	public JsonNode post(Authentication user, String path, Object... variables) {
		return send(user, HttpMethod.POST, path, null, variables);
	}

	/**
	 * {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} to a path of the admin
	 * API, with a JSON body (a record or map) or none.
	 */
	public JsonNode send(Authentication user, HttpMethod method, String path, @Nullable Object body,
			Object... variables) {
		return sendOnce(user, method, path, body, null, variables);
	}

	/**
	 * As {@link #send}, with an {@code Idempotency-Key} (when not null): operations that
	 * need one refuse without it, and a form submitted twice with the same key takes
	 * effect once.
	 */
	public JsonNode sendOnce(Authentication user, HttpMethod method, String path, @Nullable Object body,
			@Nullable String idempotencyKey, Object... variables) {
		return call(() -> {
			RestClient.RequestBodySpec request = this.http.method(method)
				.uri(path, variables)
				.headers((headers) -> headers.setBearerAuth(token(user)));
			if (idempotencyKey != null) {
				request.header("Idempotency-Key", idempotencyKey);
			}
			if (body != null) {
				request.contentType(MediaType.APPLICATION_JSON).body(body);
			}
			return request.retrieve().body(JsonNode.class);
		});
	}

	private String token(Authentication user) {
		OAuth2AuthorizedClient client = this.clients.authorize(
				OAuth2AuthorizeRequest.withClientRegistrationId(ConsoleSecurity.REGISTRATION).principal(user).build());
		if (client == null) {
			// Signed out meanwhile, or the refresh failed: sign in again.
			throw new ClientAuthorizationRequiredException(ConsoleSecurity.REGISTRATION);
		}
		return client.getAccessToken().getTokenValue();
	}

	private static JsonNode call(java.util.function.Supplier<@Nullable JsonNode> call) {
		try {
			JsonNode body = call.get();
			return (body != null) ? body : JSON.nullNode();
		}
		catch (RestClientResponseException ex) {
			throw Refused.of(ex.getStatusCode(), ex.getResponseBodyAsString());
		}
	}

	/**
	 * The API said no: the status and the problem document's title and detail (RFC 9457),
	 * shown to the user as they are.
	 */
	public static final class Refused extends RuntimeException {

		private final int status;

		private final String title;

		private final String detail;

		Refused(int status, String title, String detail) {
			super(status + " " + title + ": " + detail);
			this.status = status;
			this.title = title;
			this.detail = detail;
		}

		static Refused of(HttpStatusCode status, String body) {
			Map<String, String> problem = Map.of("title", "", "detail", "");
			try {
				JsonNode node = JSON.readTree(body);
				// A validation problem names its fields apart: say which, so the form can
				// be
				// corrected.
				StringBuilder detail = new StringBuilder(node.path("detail").asString(""));
				for (JsonNode error : node.path("errors")) {
					if (!error.path("field").isString()) {
						continue;
					}
					detail.append(' ')
						.append(error.path("field").asString(""))
						.append(": ")
						.append(error.path("message").asString(""))
						.append('.');
				}
				problem = Map.of("title", node.path("title").asString(""), "detail", detail.toString().strip());
			}
			catch (RuntimeException ex) {
				// Not a problem document (a proxy's page): the status says enough.
			}
			return new Refused(status.value(), problem.get("title"), problem.get("detail"));
		}

		public int status() {
			return this.status;
		}

		public String title() {
			return this.title;
		}

		public String detail() {
			return this.detail;
		}

	}

}
