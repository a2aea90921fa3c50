package io.concord.member.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.concord.platform.test.TestIssuers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * member-service's HTTP API as a storefront, a channel's backend or an ops tool calls it,
 * for the tests. Calls to {@code /admin/**} without a token are made as a staff admin
 * (from the test staff issuer); pass a token to call as someone else, or {@code ""} for
 * no token at all. Open channels (APP, WEB) are used anonymously; any other channel with
 * its channel client's token ({@link #channelClient}).
 */
public final class MemberApi {

	public record Answer(int status, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String field(String name) {
			return json().path(name).asString();
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public MemberApi(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	public Answer get(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		authorize(request, path, token);
		return send(request.GET());
	}

	public Answer post(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString(json));
		authorize(request, path, token);
		return send(request);
	}

	public Answer delete(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).DELETE();
		authorize(request, path, token);
		return send(request);
	}

	public Answer put(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		authorize(request, path, token);
		return send(request);
	}

	/**
	 * Asks for a code for the phone or e-mail and reads it from the development mailbox.
	 */
	public String verificationCode(String type, String value, String normalized) {
		Answer requested = post("/api/members/verification-codes",
				"{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}", null);
		if (requested.status() != 202) {
			throw new IllegalStateException("Code request failed: " + requested);
		}
		return mailbox(normalized);
	}

	public String signInCode(String type, String value, String normalized) {
		Answer requested = post("/api/auth/one-time-codes", "{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}",
				null);
		if (requested.status() != 202) {
			throw new IllegalStateException("Code request failed: " + requested);
		}
		return mailbox(normalized);
	}

	/**
	 * Registers with a verified phone and signs in with a code on an open channel;
	 * returns the member id, access token and refresh token.
	 */
	public String[] registerAndSignIn(String phone, String channel) {
		return registerAndSignIn(phone, channel, null);
	}

	/**
	 * Registers with a verified phone and signs in with a code, as the channel client
	 * whose token is given (null: anonymously, on an open channel).
	 */
	public String[] registerAndSignIn(String phone, String channel, String clientToken) {
		String code = verificationCode("PHONE", phone, phone);
		Answer registered = post("/api/members", """
				{"displayName": "Shopper", "channel": "%s",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(channel,
				phone, code), clientToken);
		if (registered.status() != 201 && registered.status() != 200) {
			throw new IllegalStateException("Registration failed: " + registered);
		}
		Answer token = signInWithCode(phone, channel, clientToken);
		if (token.status() != 200) {
			throw new IllegalStateException("Sign-in failed: " + token);
		}
		return new String[] { registered.field("id"), token.field("accessToken"), token.field("refreshToken") };
	}

	public Answer signInWithCode(String phone, String channel) {
		return signInWithCode(phone, channel, null);
	}

	public Answer signInWithCode(String phone, String channel, String clientToken) {
		String code = signInCode("PHONE", phone, phone);
		return post("/api/auth/token",
				"""
						{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "%s"}, "code": "%s", "channel": "%s"}"""
					.formatted(phone, code, channel),
				clientToken);
	}

	/**
	 * A channel client's token ({@code mini-program}, {@code livestream},
	 * {@code marketplace}, {@code store-pos}, {@code app-backend}).
	 */
	public static String channelClient(String name) {
		return TestIssuers.get().channelClientToken(name);
	}

	/** The claims of an access token (not verified: the service has done that). */
	public static JsonNode claims(String accessToken) {
		return JSON.readTree(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
	}

	private String mailbox(String destination) {
		Answer code = get("/dev/one-time-codes?destination=" + URLEncoder.encode(destination, StandardCharsets.UTF_8),
				null);
		if (code.status() != 200) {
			throw new IllegalStateException("No code delivered to the development mailbox: " + code);
		}
		return code.field("code");
	}

	/** A fresh valid mainland China mobile number, E.164. */
	public static String newPhone() {
		return "+86139"
				+ String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
	}

	/** Sends a request with extra headers (e.g. identity headers a spoofer would add). */
	public Answer get(String path, String token, java.util.Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return send(request.GET());
	}

	public static String staffToken(String... roles) {
		return TestIssuers.get().staffToken("ops-test", roles);
	}

	private static void authorize(HttpRequest.Builder request, String path, String token) {
		String bearer = (token == null && path.startsWith("/admin/")) ? staffToken("admin") : token;
		if (bearer != null && !bearer.isEmpty()) {
			request.header("Authorization", "Bearer " + bearer);
		}
	}

	/** Sends a request and keeps the response headers (e.g. Cache-Control). */
	public HttpResponse<String> raw(String path) {
		try {
			return this.http.send(
					HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
