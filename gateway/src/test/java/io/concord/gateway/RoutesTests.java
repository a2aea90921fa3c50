package io.concord.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every route reaches the right service with the right path. The downstream services are
 * real HTTP servers that answer with who they are and what path they were asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RoutesTests {

	private static final Map<String, HttpServer> SERVICES = Map.of("member", downstream("member"), "inventory",
			downstream("inventory"), "promotion", downstream("promotion"), "fulfillment", downstream("fulfillment"));

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.forEach((name, server) -> registry.add("concord.services." + name,
				() -> "http://localhost:" + server.getAddress().getPort()));
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.values().forEach((server) -> server.stop(0));
	}

	static Stream<Arguments> routes() {
		return Stream.of(Arguments.of("/api/members/42", "member", "/api/members/42"),
				Arguments.of("/api/auth/token", "member", "/api/auth/token"),
				Arguments.of("/api/inventory/availability?skus=A", "inventory", "/api/inventory/availability?skus=A"),
				Arguments.of("/api/promotions/quote", "promotion", "/api/promotions/quote"),
				Arguments.of("/api/orders/7", "fulfillment", "/api/orders/7"),
				Arguments.of("/api/returns/9", "fulfillment", "/api/returns/9"),
				Arguments.of("/webhooks/carriers/sf-express", "fulfillment", "/webhooks/carriers/sf-express"),
				Arguments.of("/admin/members/audit", "member", "/admin/members/audit"),
				Arguments.of("/admin/inventory/skus", "inventory", "/admin/inventory/skus"),
				Arguments.of("/admin/promotions/campaigns", "promotion", "/admin/promotions/campaigns"),
				Arguments.of("/admin/fulfillment/kpis", "fulfillment", "/admin/fulfillment/kpis"),
				Arguments.of("/admin/members/actuator/health", "member", "/actuator/health"),
				Arguments.of("/admin/inventory/actuator/health", "inventory", "/actuator/health"),
				Arguments.of("/admin/promotions/actuator/health/readiness", "promotion", "/actuator/health/readiness"),
				Arguments.of("/admin/fulfillment/actuator/prometheus", "fulfillment", "/actuator/prometheus"));
	}

	@ParameterizedTest(name = "{0} -> {1} {2}")
	@MethodSource("routes")
	void routeReachesItsService(String path, String service, String forwardedPath) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(service + " " + forwardedPath);
	}

	@ParameterizedTest(name = "{0} is not routed")
	@MethodSource("unrouted")
	void unknownPathsAreNotForwarded(String path) {
		this.client.get().uri(path).exchange().expectStatus().isNotFound();
	}

	static Stream<String> unrouted() {
		return Stream.of("/api/unknown", "/admin/other/thing", "/internal/anything");
	}

	private static HttpServer downstream(String name) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
