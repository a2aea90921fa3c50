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
 * Shadow traffic at the edge with load testing switched on (ADR-25): a tagged request
 * needs the load-test credential (a staff-issuer token with role load-tester) besides the
 * shopper's own token; the tag reaches the service, the credential never does; untagged
 * traffic is unaffected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.load-testing.enabled=true")
@AutoConfigureWebTestClient
class ShadowTrafficGatewayTests {

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
	void aTaggedRequestWithTheLoadTestCredentialReachesTheServiceWithItsTagButNotTheCredential() {
		placeOrder("run-42", loadTester()).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Seen-Test-Run", "run-42")
			.expectHeader()
			.doesNotExist("X-Seen-Test-Run-Credential");
	}

	@Test
	void aTaggedRequestWithoutTheCredentialIsRefused() {
		refusedForCredential(placeOrder("run-42", null));
	}

	@Test
	void aTaggedRequestWithAStaffTokenOfAnotherRoleIsRefused() {
		refusedForCredential(placeOrder("run-42", TestIssuers.get().staffToken("admin-1", "admin")));
		refusedForCredential(placeOrder("run-42", TestIssuers.get().staffToken("order-flow", "service:order-flow")));
	}

	@Test
	void aTaggedRequestWithAnInvalidCredentialIsRefused() {
		refusedForCredential(placeOrder("run-42", TestIssuers.get().forgedStaffToken("load-test", "load-tester")));
		refusedForCredential(placeOrder("run-42", TestIssuers.get().expiredStaffToken("load-test", "load-tester")));
		refusedForCredential(placeOrder("run-42", "not-a-jwt"));
		// A member token is not a staff-issuer credential, whatever it claims.
		refusedForCredential(placeOrder("run-42", TestIssuers.get().memberToken(UUID.randomUUID())));
	}

	@Test
	void aMalformedTagIsRefused() {
		placeOrder("Run 42; drop", loadTester()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(Problems.BASE + "test-run-invalid");
	}

	@Test
	void untaggedTrafficIsUnaffectedAndAStrayCredentialNeverReachesAService() {
		placeOrder(null, null).expectStatus().isOk().expectHeader().doesNotExist("X-Seen-Test-Run");
		placeOrder(null, loadTester()).expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("X-Seen-Test-Run")
			.expectHeader()
			.doesNotExist("X-Seen-Test-Run-Credential");
	}

	@Test
	void onlyAdminsPurgeATestRun() {
		this.client.delete()
			.uri("/admin/fulfillment/test-runs/run-42")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().staffToken("manager-1", "ops-manager"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.delete()
			.uri("/admin/fulfillment/test-runs/run-42")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + loadTester())
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.delete()
			.uri("/admin/fulfillment/test-runs/run-42")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().staffToken("admin-1", "admin"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("fulfillment /admin/fulfillment/test-runs/run-42");
	}

	static String loadTester() {
		return TestIssuers.get().staffToken("load-test", "load-tester");
	}

	private WebTestClient.ResponseSpec placeOrder(String testRun, String credential) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()));
		if (testRun != null) {
			request.header(TestRunGate.HEADER, testRun);
		}
		if (credential != null) {
			request.header(TestRunGate.CREDENTIAL, credential);
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
	}

	private static void refusedForCredential(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(Problems.BASE + "test-run-credential-required");
	}

}
