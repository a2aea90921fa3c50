package io.concord.gateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Member tokens checked against a stub issuer that counts its JWKS fetches: tokens naming
 * keys nobody published cannot make the gateway fetch the key set again and again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.jwks.min-refetch-interval=60s",
				// Every forged token is a refused request; this test is about the JWKS,
				// not
				// the per-address limit.
				"concord.gateway.address-limits.refused.capacity=100000",
				"concord.gateway.address-limits.refused.per-second=100000" })
@ContextConfiguration(initializers = JwksRefetchTests.Issuer.class)
class JwksRefetchTests {

	private static final StubIssuer ISSUER = new StubIssuer();

	private static final RSAKey PUBLISHED = ISSUER.publish("member-key-1");

	private static final Downstreams SERVICES = new Downstreams();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	static class Issuer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			ISSUER.register(context);
		}

	}

	@AfterAll
	static void stop() {
		SERVICES.close();
		ISSUER.close();
	}

	@Test
	@DisplayName("M5: 200 tokens with random key ids cause at most a couple of JWKS fetches, concurrent misses share one")
	void m5_tokensWithRandomKeyIdsCauseAtMostACoupleOfJwksFetches() throws Exception {
		GatewayHttp http = new GatewayHttp(this.port);
		assertThat(http.get("/api/members/me", StubIssuer.memberToken(PUBLISHED, UUID.randomUUID())).statusCode())
			.as("a token signed with the published key")
			.isEqualTo(200);
		int before = ISSUER.fetches();
		assertThat(before).isEqualTo(1);

		// Forged: signed by keys the issuer never published, each with its own key id.
		List<String> forged = new ArrayList<>();
		RSAKey forger = StubIssuer.generate("forger");
		for (int i = 0; i < 200; i++) {
			forged.add(StubIssuer.memberToken(new RSAKey.Builder(forger).keyID(UUID.randomUUID().toString()).build(),
					UUID.randomUUID()));
		}
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (String token : forged) {
				answers.add(callers.submit(() -> http.get("/api/members/me", token)));
			}
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				assertThat(response.statusCode()).isEqualTo(401);
				assertThat(response.body()).contains("https://concord.dev/problems/unauthorized");
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(ISSUER.fetches() - before).as("JWKS fetches caused by 200 unknown key ids").isLessThanOrEqualTo(1);
		assertThat(http.get("/api/members/me", StubIssuer.memberToken(PUBLISHED, UUID.randomUUID())).statusCode())
			.as("the published key still works")
			.isEqualTo(200);
	}

}
