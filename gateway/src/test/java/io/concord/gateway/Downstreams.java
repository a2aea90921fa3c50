package io.concord.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real HTTP servers standing in for the four services and the ops console: each answers
 * 200 with its name, the path it was asked for and the identity headers it received.
 */
final class Downstreams implements AutoCloseable {

	private final Map<String, HttpServer> services = Map.of("member", start("member"), "inventory", start("inventory"),
			"promotion", start("promotion"), "fulfillment", start("fulfillment"), "console", start("console"));

	void register(DynamicPropertyRegistry registry) {
		this.services.forEach((name, server) -> registry.add("concord.services." + name,
				() -> "http://localhost:" + server.getAddress().getPort()));
	}

	@Override
	public void close() {
		this.services.values().forEach((server) -> server.stop(0));
	}

	private static HttpServer start(String name) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				byte[] body = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
				// What budget the gateway gave the request (RequestDeadlineFilter).
				String budget = exchange.getRequestHeaders().getFirst("X-Request-Timeout-Ms");
				if (budget != null) {
					exchange.getResponseHeaders().set("X-Seen-Request-Timeout-Ms", budget);
				}
				// Which host the request named (the ops console builds its sign-in
				// redirect from the one the client called).
				exchange.getResponseHeaders().set("X-Seen-Host", exchange.getRequestHeaders().getFirst("Host"));
				// What shadow-traffic headers reached the service (TestRunGate).
				String testRun = exchange.getRequestHeaders().getFirst("X-Concord-Test-Run");
				if (testRun != null) {
					exchange.getResponseHeaders().set("X-Seen-Test-Run", testRun);
				}
				if (exchange.getRequestHeaders().containsKey("X-Concord-Test-Run-Credential")) {
					exchange.getResponseHeaders().set("X-Seen-Test-Run-Credential", "yes");
				}
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
