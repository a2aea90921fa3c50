package io.concord.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits that hold (H3): who a caller is for limits, the strict class for registration
 * and one-time codes, and the per-address limits every request passes before any token is
 * checked. Behind one trusted proxy, like the k8s shape: each test speaks for its own
 * client address through X-Forwarded-For, as the ingress appends it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.trusted-proxy-hops=1", "concord.gateway.address-limits.requests.capacity=40",
				"concord.gateway.address-limits.requests.per-second=0.001",
				"concord.gateway.address-limits.refused.capacity=5",
				"concord.gateway.address-limits.refused.per-second=0.001",
				"concord.gateway.rate-limits.auth.per-second=0.001", "concord.gateway.api-keys[0].id=reporting-tool",
				"concord.gateway.api-keys[0].sha256=230ec221c175b07d2e6b6061205fabbf226edf6b54d5359fa810ccc6bf10b33f",
				"concord.gateway.api-keys[0].limit-multiplier=3" })
class AddressLimitTests {

	private static final Downstreams SERVICES = new Downstreams();

	private static final AtomicInteger nextAddress = new AtomicInteger(1);

	@LocalServerPort
	int port;

	@Autowired
	RateLimitFilter rateLimits;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.close();
	}

	@Test
	@DisplayName("H3: made-up API keys do not escape the caller's address limit")
	void h3_madeUpApiKeysDoNotEscapeTheAddressLimit() {
		String address = newAddress();
		for (int i = 0; i < 10; i++) {
			assertThat(signIn(address, UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = signIn(address, UUID.randomUUID().toString());
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("https://concord.dev/problems/too-many-requests", "auth limit");
	}

	@Test
	@DisplayName("H3: made-up API keys create no rate-limit buckets (the cache cannot be flooded)")
	void h3_madeUpApiKeysCreateNoBuckets() {
		String address = newAddress();
		signIn(address, null);
		long before = this.rateLimits.bucketCount();
		for (int i = 0; i < 8; i++) {
			signIn(address, UUID.randomUUID().toString());
		}
		assertThat(this.rateLimits.bucketCount()).isEqualTo(before);
	}

	@Test
	void registeredApiKeysAreLimitedAsTheirOwnClient() {
		String address = newAddress();
		for (int i = 0; i < 30; i++) {
			assertThat(signIn(address, "reporting-tool-key-3").statusCode()).as("three times the auth limit")
				.isEqualTo(200);
		}
		assertThat(signIn(address, "reporting-tool-key-3").statusCode()).isEqualTo(429);
		assertThat(signIn(address, null).statusCode()).as("the address's own budget is untouched").isEqualTo(200);
	}

	@Test
	@DisplayName("H3: one-time code requests (SMS) and registrations are in the strict auth class")
	void h3_verificationCodesAndRegistrationsAreInTheStrictAuthClass() {
		String codes = newAddress();
		for (int i = 0; i < 10; i++) {
			assertThat(post(codes, "/api/members/verification-codes", null).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = post(codes, "/api/members/verification-codes", null);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("auth limit");

		String registrations = newAddress();
		for (int i = 0; i < 10; i++) {
			// Percent-encoded, it is still registration, and counts the same.
			String path = (i % 2 == 0) ? "/api/members" : "/api/%6Dembers";
			assertThat(post(registrations, path, null).statusCode()).isEqualTo(200);
		}
		assertThat(post(registrations, "/api/members", null).statusCode()).isEqualTo(429);
		// Spring Security's firewall refuses matrix parameters, so they cannot dodge the
		// class either.
		assertThat(post(newAddress(), "/api/members;channel=app", null).statusCode()).isEqualTo(400);
	}

	@Test
	@DisplayName("H3: refused requests (401, 403) spend the address's budget; then it gets 429 before any token is checked")
	void h3_refusedRequestsSpendTheAddressBudgetBeforeAnyTokenIsChecked() {
		String address = newAddress();
		for (int i = 0; i < 5; i++) {
			assertThat(get(address, "/api/members/me", "not-a-jwt").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> limited = get(address, "/api/members/me", "not-a-jwt");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(limited.body()).contains("https://concord.dev/problems/too-many-requests", "refused");
		assertThat(get(address, "/api/members/me", TestIssuers.get().memberToken(UUID.randomUUID())).statusCode())
			.as("a valid token from that address is not even looked at")
			.isEqualTo(429);
		assertThat(get(newAddress(), "/api/members/me", "not-a-jwt").statusCode()).as("another address").isEqualTo(401);
	}

	@Test
	@DisplayName("H3: every request passes the per-address limit, whatever route or token it has")
	void h3_everyRequestPassesThePerAddressLimit() {
		String address = newAddress();
		for (int i = 0; i < 40; i++) {
			assertThat(get(address, "/api/inventory/availability?skus=SKU-1", null).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> limited = get(address, "/api/inventory/availability?skus=SKU-1", null);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.body()).contains("from this address");
	}

	@Test
	@DisplayName("H3: the client is the address the trusted proxy appended, not the X-Forwarded-For entries the client wrote")
	void h3_onlyTheEntryTheTrustedProxyAppendedIdentifiesTheClient() {
		String address = newAddress();
		for (int i = 0; i < 5; i++) {
			assertThat(get(spoofed() + ", " + address, "/api/members/me", "not-a-jwt").statusCode()).isEqualTo(401);
		}
		assertThat(get(spoofed() + ", " + spoofed() + ", " + address, "/api/members/me", "not-a-jwt").statusCode())
			.isEqualTo(429);
	}

	private HttpResponse<String> signIn(String address, String apiKey) {
		return post(address, "/api/auth/token", apiKey);
	}

	private HttpResponse<String> post(String forwardedFor, String path, String apiKey) {
		HttpRequest.Builder request = new GatewayHttp(this.port).request(path)
			.header("X-Forwarded-For", forwardedFor)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"));
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		return new GatewayHttp(this.port).send(request);
	}

	private HttpResponse<String> get(String forwardedFor, String path, String token) {
		HttpRequest.Builder request = new GatewayHttp(this.port).request(path)
			.header("X-Forwarded-For", forwardedFor)
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return new GatewayHttp(this.port).send(request);
	}

	/** A client address of its own (TEST-NET-3). */
	private static String newAddress() {
		return "203.0.113." + nextAddress.getAndIncrement();
	}

	private static String spoofed() {
		return "198.51.100." + (1 + (int) (Math.random() * 250));
	}

}
