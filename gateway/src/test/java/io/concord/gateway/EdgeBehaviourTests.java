package io.concord.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the gateway does at the edge, against real HTTP downstreams: problem+json for its
 * own errors, request ids, security headers, CORS, body limits, retries only for safe
 * methods, and a circuit breaker that opens while a service is down and closes after it
 * returns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.circuit-breaker.sliding-window-size=4",
				"concord.gateway.circuit-breaker.minimum-calls=4", "concord.gateway.circuit-breaker.open-for=2s",
				"concord.gateway.circuit-breaker.half-open-calls=1", "concord.gateway.max-body-size=1KB",
				"concord.gateway.shedding.max-in-flight=4", "concord.gateway.shedding.browse-share-percent=50",
				"concord.gateway.circuit-breaker.max-concurrent-calls=2",
				"concord.gateway.rate-limits.admin.capacity=3", "concord.gateway.rate-limits.admin.per-second=1",
				"concord.gateway.api-keys[0].id=storefront-app",
				"concord.gateway.api-keys[0].sha256=5c0454a1c78d8981429b4afef867136058dd29517b444043b456052531323d5c",
				"concord.gateway.api-keys[1].id=partner-app",
				"concord.gateway.api-keys[1].sha256=077c1d9ea709567a0186df092ca64ea4d11c383a5f9b5f552729a64a7c049378" })
@AutoConfigureWebTestClient
class EdgeBehaviourTests {

	private static final AtomicInteger memberCalls = new AtomicInteger();

	private static final AtomicInteger failuresToServe = new AtomicInteger();

	private static final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

	private static final AtomicInteger slowArrived = new AtomicInteger();

	// Reset by each test that holds calls.
	private static final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> releaseHeld = new java.util.concurrent.atomic.AtomicReference<>(
			new java.util.concurrent.CountDownLatch(1));

	private static final AtomicInteger heldArrived = new AtomicInteger();

	private static final HttpServer member = server(0);

	private static HttpServer inventory = server(0);

	private static final int inventoryPort = inventory.getAddress().getPort();

	@Autowired
	WebTestClient client;

	/** The same client signed in as a member. */
	WebTestClient asMember;

	@org.springframework.beans.factory.annotation.Value("${local.server.port}")
	int port;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory breakers;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		registry.add("concord.services.member", () -> "http://localhost:" + member.getAddress().getPort());
		registry.add("concord.services.inventory", () -> "http://localhost:" + inventoryPort);
		registry.add("concord.services.promotion", () -> "http://localhost:" + member.getAddress().getPort());
		registry.add("concord.services.fulfillment", () -> "http://localhost:" + member.getAddress().getPort());
	}

	@BeforeEach
	void signIn() {
		this.asMember = this.client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
			.build();
	}

	@AfterAll
	static void stop() {
		member.stop(0);
		inventory.stop(0);
	}

	@Test
	void unroutedPathsAnswerProblemJson() {
		this.client.get()
			.uri("/nowhere")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://concord.dev/problems/not-found");
		// Service-to-service APIs are not on the public door, whatever token is shown.
		this.client.post()
			.uri("/internal/inventory/reservations")
			.header("Authorization",
					"Bearer " + TestIssuers.get().staffToken("fulfillment-service", "service:order-flow"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void pathsTheFirewallRefusesAnswerProblemJson() {
		int before = memberCalls.get();
		for (String path : new String[] { "/api/members//points", "/api/members/%00%E2%80%AE" }) {
			this.asMember.get()
				.uri(java.net.URI.create("http://localhost:" + this.port + path))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://concord.dev/problems/malformed-request");
		}
		assertThat(memberCalls.get() - before).as("nothing refused reached the service").isZero();
	}

	@Test
	void requestIdsAreMadeOrKeptAndReachTheService() {
		this.asMember.get()
			.uri("/api/members/echo-request-id")
			.header("X-Request-Id", "shop-123")
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", "shop-123")
			.expectBody(String.class)
			.isEqualTo("shop-123");
		this.asMember.get()
			.uri("/api/members/echo-request-id")
			.header("X-Request-Id", "not a safe id")
			.exchange()
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).isNotEqualTo("not a safe id").hasSize(36));
	}

	@Test
	void responsesCarrySecurityHeadersAndCorsServesConfiguredStorefronts() {
		this.asMember.get()
			.uri("/api/members/1")
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.exists("Strict-Transport-Security")
			.expectHeader()
			.exists("X-Frame-Options");
		this.asMember.options()
			.uri("/api/members/1")
			.header(HttpHeaders.ORIGIN, "http://localhost:3000")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000");
		this.asMember.options()
			.uri("/api/members/1")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void oversizedBodiesAreRefusedWith413() {
		this.client.post()
			.uri("/api/members")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"x\":\"" + "a".repeat(2000) + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://concord.dev/problems/content-too-large");
	}

	@Test
	void onlySafeMethodsAreRetried() {
		failuresToServe.set(1);
		int before = memberCalls.get();
		this.asMember.get().uri("/api/members/flaky").exchange().expectStatus().isOk();
		assertThat(memberCalls.get() - before).as("GET retried once after the 503").isEqualTo(2);

		failuresToServe.set(1);
		before = memberCalls.get();
		this.asMember.post()
			.uri("/api/members/flaky")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(503);
		assertThat(memberCalls.get() - before).as("a POST is never repeated by the gateway").isEqualTo(1);
	}

	@Test
	void circuitBreakerOpensWhileAServiceIsDownAndClosesAfterItReturns() throws IOException {
		inventory.stop(0);
		for (int i = 0; i < 4; i++) {
			this.client.get()
				.uri("/api/inventory/availability")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("Retry-After")
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://concord.dev/problems/service-unavailable");
		}
		// Looked up only now: the gateway created it (with the configured thresholds) on
		// first use.
		CircuitBreaker breaker = this.breakers.getCircuitBreakerRegistry().circuitBreaker("inventory-service");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		inventory = server(inventoryPort);
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			this.client.get().uri("/api/inventory/availability").exchange();
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
		this.client.get().uri("/api/inventory/availability").exchange().expectStatus().isOk();
	}

	// Formerly any X-Api-Key value got a bucket of its own (H3); now only registered keys
	// do
	// (AddressLimitTests shows a made-up key changes nothing).
	@Test
	void clientsOverTheirLimitGet429WithRetryAfterWhileOthersAreServed() {
		for (int i = 0; i < 10; i++) {
			this.client.get()
				.uri("/api/auth/jwks")
				.header("X-Api-Key", "storefront-app-key-1")
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.client.get()
			.uri("/api/auth/jwks")
			.header("X-Api-Key", "storefront-app-key-1")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://concord.dev/problems/too-many-requests");
		this.client.get()
			.uri("/api/auth/jwks")
			.header("X-Api-Key", "partner-app-key-2")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aChannelBackendSigningItsShoppersInIsNotHeldToOneShoppersLimit() {
		String channel = io.concord.platform.test.TestIssuers.get().channelClientToken("mini-program");
		for (int i = 0; i < 15; i++) {
			this.client.get()
				.uri("/api/auth/jwks")
				.header("Authorization", "Bearer " + channel)
				.exchange()
				.expectStatus()
				.isOk();
		}
		String staff = io.concord.platform.test.TestIssuers.get().staffToken("someone", "ops-viewer");
		for (int i = 0; i < 10; i++) {
			this.client.get().uri("/api/auth/jwks").header("Authorization", "Bearer " + staff).exchange();
		}
		this.client.get()
			.uri("/api/auth/jwks")
			.header("Authorization", "Bearer " + staff)
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	@Test
	void browsingIsShedUnderLoadWhileCheckoutIsStillServed() {
		java.util.List<java.util.concurrent.CompletableFuture<?>> slow = inBackground("GET", "/api/members/slow", 2);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> slowArrived.get() >= 2);
			this.asMember.get()
				.uri("/api/members/1")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://concord.dev/problems/overloaded");
			this.asMember.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		finally {
			release.countDown();
			java.util.concurrent.CompletableFuture.allOf(slow.toArray(java.util.concurrent.CompletableFuture[]::new))
				.join();
		}
	}

	@Test
	void aFullBulkheadAnswers503AtOnceButNeverOpensTheBreaker() {
		releaseHeld.set(new java.util.concurrent.CountDownLatch(1));
		heldArrived.set(0);
		java.util.List<java.util.concurrent.CompletableFuture<?>> held = inBackground("POST", "/api/orders/held", 2);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> heldArrived.get() >= 2);
			for (int i = 0; i < 6; i++) {
				this.asMember.post()
					.uri("/api/orders")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{}")
					.exchange()
					.expectStatus()
					.isEqualTo(503)
					.expectBody()
					.jsonPath("$.type")
					.isEqualTo("https://concord.dev/problems/service-unavailable");
			}
			assertThat(this.breakers.getCircuitBreakerRegistry().circuitBreaker("fulfillment-service").getState())
				.as("the service is busy, not failing")
				.isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			releaseHeld.get().countDown();
			java.util.concurrent.CompletableFuture.allOf(held.toArray(java.util.concurrent.CompletableFuture[]::new))
				.join();
		}
		this.asMember.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	@DisplayName("M2: payment webhooks pass while order placement's circuit breaker is open")
	void m2_paymentWebhooksPassWhileOrderPlacementsBreakerIsOpen() {
		CircuitBreaker orders = this.breakers.getCircuitBreakerRegistry().circuitBreaker("fulfillment-service");
		orders.transitionToForcedOpenState();
		try {
			this.asMember.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isEqualTo(503);
			this.client.post()
				.uri("/webhooks/payments/simulated")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
			this.client.post()
				.uri("/webhooks/carriers/sf-express")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		finally {
			orders.transitionToClosedState();
		}
		assertThat(this.breakers.getCircuitBreakerRegistry().circuitBreaker("fulfillment-webhooks").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	@DisplayName("M2: order placements filling their bulkhead do not refuse payment webhooks")
	void m2_aFullOrdersBulkheadDoesNotRefusePaymentWebhooks() {
		releaseHeld.set(new java.util.concurrent.CountDownLatch(1));
		heldArrived.set(0);
		java.util.List<java.util.concurrent.CompletableFuture<?>> held = inBackground("POST", "/api/orders/held", 2);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> heldArrived.get() >= 2);
			this.asMember.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isEqualTo(503);
			this.client.post()
				.uri("/webhooks/payments/simulated")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		finally {
			releaseHeld.get().countDown();
			java.util.concurrent.CompletableFuture.allOf(held.toArray(java.util.concurrent.CompletableFuture[]::new))
				.join();
		}
	}

	@Test
	void signedInClientsAreLimitedByTheirOwnIdNotTheAddressTheyShare() {
		String viewerA = "Bearer " + TestIssuers.get().staffToken("ops-a", "ops-viewer");
		for (int i = 0; i < 3; i++) {
			this.client.get()
				.uri("/admin/members/audit")
				.header(HttpHeaders.AUTHORIZATION, viewerA)
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.client.get()
			.uri("/admin/members/audit")
			.header(HttpHeaders.AUTHORIZATION, viewerA)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After");
		// Same address, same API key, another person: their own bucket.
		this.client.get()
			.uri("/admin/members/audit")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuers.get().staffToken("ops-b", "ops-viewer"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void theAccessLogHasNoTokensQueryStringsOrAddresses() {
		ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger("concord.access");
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
		lines.start();
		access.addAppender(lines);
		try {
			String token = TestIssuers.get().memberToken(UUID.randomUUID());
			this.client.get()
				.uri("/api/members/1?phone=%2B8613912345678&email=ada@example.com")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header("X-Request-Id", "access-log-1")
				.exchange()
				.expectStatus()
				.isOk();
			this.client.get()
				.uri("/api/members/1")
				.header("X-Request-Id", "access-log-2")
				.exchange()
				.expectStatus()
				.isUnauthorized();
			await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() >= 2);
			java.util.List<String> logged = lines.list.stream()
				.map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
				.toList();
			assertThat(logged).anySatisfy((line) -> assertThat(line).startsWith("GET /api/members/1 200 ")
				.contains("route=members-api", "client=member", "requestId=access-log-1"));
			assertThat(logged).anySatisfy((line) -> assertThat(line).startsWith("GET /api/members/1 401 ")
				.contains("requestId=access-log-2"));
			assertThat(String.join("\n", logged)).doesNotContain(token, token.substring(0, 20), "13912345678",
					"ada@example.com", "phone=", "127.0.0.1");
		}
		finally {
			access.detachAppender(lines);
		}
	}

	/** Sends requests without waiting for their answers (they are held downstream). */
	private java.util.List<java.util.concurrent.CompletableFuture<?>> inBackground(String method, String path,
			int count) {
		java.net.http.HttpClient http = GatewayHttp.newClient();
		java.util.List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			sent.add(http.sendAsync(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + path))
						.timeout(GatewayHttp.TIMEOUT)
						.header("Content-Type", "application/json")
						.header("Authorization", "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
						.method(method,
								method.equals("GET") ? java.net.http.HttpRequest.BodyPublishers.noBody()
										: java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
						.build(),
					java.net.http.HttpResponse.BodyHandlers.discarding()));
		}
		return sent;
	}

	/** A downstream call that stays open until the test releases it. */
	private static byte[] holdUntil(java.util.concurrent.CountDownLatch latch, AtomicInteger arrived, String answer) {
		arrived.incrementAndGet();
		try {
			latch.await(20, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return answer.getBytes(StandardCharsets.UTF_8);
	}

	private static HttpServer server(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
			server.createContext("/", (exchange) -> {
				memberCalls.incrementAndGet();
				String path = exchange.getRequestURI().getPath();
				byte[] body;
				int status = 200;
				if (path.endsWith("/held")) {
					body = holdUntil(releaseHeld.get(), heldArrived, "held");
				}
				else if (path.endsWith("/slow")) {
					body = holdUntil(release, slowArrived, "slow");
				}
				else if (path.endsWith("/echo-request-id")) {
					body = String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id"))
						.getBytes(StandardCharsets.UTF_8);
				}
				else if (path.endsWith("/flaky") && failuresToServe.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					status = 503;
					body = "busy".getBytes(StandardCharsets.UTF_8);
				}
				else {
					body = "ok".getBytes(StandardCharsets.UTF_8);
				}
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(status, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
