package io.concord.gateway;

import java.util.UUID;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Shadow traffic at the edge with load testing off, the default (ADR-25): every tagged
 * request is refused, even with a valid load-test credential; untagged traffic passes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ShadowTrafficSwitchedOffGatewayTests {

	private static final Downstreams SERVICES = new Downstreams();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.close();
	}

	@Test
	void aTaggedRequestIsRefusedEvenWithAValidCredentialWhileLoadTestingIsOff() {
		for (String path : new String[] { "/api/orders", "/webhooks/payments/simulated" }) {
			this.client.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
				.header(TestRunGate.HEADER, "run-42")
				.header(TestRunGate.CREDENTIAL, ShadowTrafficGatewayTests.loadTester())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.doesNotExist("X-Seen-Test-Run")
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo(Problems.BASE + "load-testing-disabled");
		}
		this.client.get()
			.uri("/api/inventory/availability?skus=SKU-1")
			.header(TestRunGate.HEADER, "run-42")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void untaggedTrafficPasses() {
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk();
	}

}
