package io.concord.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Key rotation and issuer outages, end to end: a key the member issuer withdraws stops
 * opening the gateway within the JWKS TTL; an issuer whose keys cannot be fetched makes
 * the gateway answer 503, not a misleading 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.jwks.ttl=2s", "concord.gateway.jwks.min-refetch-interval=1s" })
@ContextConfiguration(initializers = JwksRotationTests.Issuers.class)
class JwksRotationTests {

	private static final StubIssuer MEMBER_ISSUER = new StubIssuer();

	/** Publishes nothing: every fetch fails. */
	private static final StubIssuer BROKEN_STAFF_ISSUER = new StubIssuer();

	private static final Downstreams SERVICES = new Downstreams();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	static class Issuers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			MEMBER_ISSUER.register(context, "member");
			BROKEN_STAFF_ISSUER.failing(true);
			BROKEN_STAFF_ISSUER.register(context, "staff");
		}

	}

	@AfterAll
	static void stop() {
		SERVICES.close();
		MEMBER_ISSUER.close();
		BROKEN_STAFF_ISSUER.close();
	}

	@Test
	@DisplayName("L15: a key removed at the issuer stops validating at the gateway after the JWKS TTL")
	void l15_aKeyRemovedAtTheIssuerStopsValidatingAfterTheTtl() {
		GatewayHttp http = new GatewayHttp(this.port);
		RSAKey compromised = MEMBER_ISSUER.publish("member-key-1");
		String token = StubIssuer.memberToken(compromised, UUID.randomUUID());
		assertThat(http.get("/api/members/me", token).statusCode()).isEqualTo(200);

		MEMBER_ISSUER.withdraw(compromised);
		RSAKey next = MEMBER_ISSUER.publish("member-key-2");
		long withdrawn = System.nanoTime();
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> http.get("/api/members/me", token).statusCode() == 401);
		assertThat(Duration.ofNanos(System.nanoTime() - withdrawn)).as("refused within the TTL (2 s) and a margin")
			.isLessThan(Duration.ofSeconds(6));
		HttpResponse<String> refused = http.get("/api/members/me", token);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		assertThat(http.get("/api/members/me", StubIssuer.memberToken(next, UUID.randomUUID())).statusCode())
			.as("the new key works")
			.isEqualTo(200);
	}

	@Test
	void whenAnIssuersKeysCannotBeFetchedTheGatewayAnswers503NotUnauthorized() {
		GatewayHttp http = new GatewayHttp(this.port);
		HttpResponse<String> response = http.get("/admin/members/audit",
				TestIssuers.get().staffToken("ops-1", "ops-viewer"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://concord.dev/problems/service-unavailable");
	}

}
