package io.concord.console.members;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * A real HTTP server standing in for the gateway in the suppliers' and members' screen
 * tests: it answers each {@code METHOD path} with the status and body given, refuses any
 * change a viewer's token asks for with the API's 403, and records every call (method,
 * path and query, bearer token, body).
 */
public final class StandInGateway implements AutoCloseable {

	/** A call as the gateway saw it. */
	public record Call(String method, String uri, String authorization, String body) {

		@Override
		public String toString() {
			return this.method + " " + this.uri + " " + this.authorization;
		}

	}

	private record Answer(int status, String body) {
	}

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	public StandInGateway() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String method = exchange.getRequestMethod();
			this.calls.add(new Call(method, exchange.getRequestURI().toString(), authorization, body));
			Answer answer = this.answers.getOrDefault(method + " " + exchange.getRequestURI().getPath(),
					new Answer(404, problem(404, "Not Found", "No such thing")));
			if (!method.equals("GET") && authorization.contains("viewer")) {
				answer = new Answer(403, problem(403, "Forbidden", "The access token does not grant this operation."));
			}
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.set("Content-Type", (answer.status() < 400) ? "application/json" : "application/problem+json");
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.server.start();
	}

	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	/** Answers {@code METHOD path} (no query) with 200 and this JSON. */
	public StandInGateway answer(String methodAndPath, String json) {
		return answer(methodAndPath, 200, json);
	}

	public StandInGateway answer(String methodAndPath, int status, String json) {
		this.answers.put(methodAndPath, new Answer(status, json));
		return this;
	}

	public static String problem(int status, String title, String detail) {
		return """
				{"type": "https://concord.example/problems/x", "title": "%s", "status": %d, "detail": "%s"}"""
			.formatted(title, status, detail);
	}

	public List<Call> calls() {
		return new ArrayList<>(this.calls);
	}

	public List<String> callLines() {
		return this.calls.stream().map(Call::toString).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A signed-in staff member with this role (null: none) whose access token is
	 * {@code accessToken}, as the console's OIDC login would leave them.
	 */
	public static OAuth2AuthenticationToken signedIn(String role, String accessToken,
			OAuth2AuthorizedClientService clients, ClientRegistrationRepository registrations) {
		return io.concord.console.SignedInStaff.signedIn(clients, registrations, role, accessToken);
	}

	/** One bundle of the console, as on the classpath. */
	public static Properties bundle(String name) {
		Properties properties = new Properties();
		try (var in = StandInGateway.class.getResourceAsStream("/" + name)) {
			properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return properties;
	}

}
