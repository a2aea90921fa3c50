package io.concord.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.concord.platform.test.TestIssuers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body limit on the bytes that arrive (M4): a chunked body has no Content-Length to
 * check, so it is counted on its way to the service and cut off at the limit. The
 * downstream here records every body it received in full.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.max-body-size=64KB", "concord.gateway.circuit-breaker.sliding-window-size=4",
				"concord.gateway.circuit-breaker.minimum-calls=4" })
class BodyLimitTests {

	private static final int LIMIT = 64 * 1024;

	/** The sizes of the bodies the service received completely. */
	private static final List<Integer> received = new CopyOnWriteArrayList<>();

	private static final HttpServer service = service();

	@LocalServerPort
	int port;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory breakers;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		String url = "http://localhost:" + service.getAddress().getPort();
		for (String name : List.of("member", "inventory", "promotion", "fulfillment")) {
			registry.add("concord.services." + name, () -> url);
		}
	}

	@AfterAll
	static void stop() {
		service.stop(0);
	}

	@Test
	@DisplayName("M4: a chunked body over the limit gets 413 problem+json, the connection is closed, the service never gets it whole")
	void m4_aChunkedBodyOverTheLimitGets413AndTheConnectionIsClosed() throws IOException {
		int size = 4 * LIMIT;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 2000);
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/returns HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Authorization: Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()) + "\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[8 * 1024];
			java.util.Arrays.fill(chunk, (byte) 'x');
			for (int sent = 0; sent < size; sent += chunk.length) {
				out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(chunk);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String answer = readToEnd(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 413 ");
			assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json",
					"connection: close");
			assertThat(answer).contains("\"type\":\"https://concord.dev/problems/content-too-large\"",
					"\"status\":413");
			// readToEnd returned: the gateway closed the connection after the answer.
		}
		assertThat(received).as("bodies the service received in full").allMatch((length) -> length <= LIMIT);
	}

	@Test
	void aChunkedBodyWithinTheLimitIsForwardedWhole() {
		int before = received.size();
		HttpResponse<String> response = postChunked(LIMIT - 100);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(received.subList(before, received.size())).containsExactly(LIMIT - 100);
	}

	@Test
	@DisplayName("M4: oversized bodies say nothing about the service: its circuit breaker stays closed")
	void m4_oversizedBodiesNeverOpenTheServicesCircuitBreaker() {
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> response = postChunked(3 * LIMIT);
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("content-too-large");
		}
		assertThat(this.breakers.getCircuitBreakerRegistry().circuitBreaker("fulfillment-service").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(postChunked(100).statusCode()).isEqualTo(200);
	}

	@Test
	void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyByteIsForwarded() {
		int before = received.size();
		HttpResponse<String> response = new GatewayHttp(this.port)
			.send(new GatewayHttp(this.port).request("/api/returns")
				.header("Authorization", "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
				.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Connection")).hasValue("close");
		assertThat(received).hasSize(before);
	}

	private HttpResponse<String> postChunked(int size) {
		byte[] body = new byte[size];
		GatewayHttp http = new GatewayHttp(this.port);
		return http.send(http.request("/api/returns")
			.header("Authorization", "Bearer " + TestIssuers.get().memberToken(UUID.randomUUID()))
			.header("Content-Type", "application/json")
			// No length given: the client sends it chunked.
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))));
	}

	private static String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		in.transferTo(answer);
		return answer.toString(StandardCharsets.UTF_8);
	}

	private static HttpServer service() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				try {
					byte[] body = exchange.getRequestBody().readAllBytes();
					received.add(body.length);
					exchange.sendResponseHeaders(200, -1);
				}
				finally {
					exchange.close();
				}
			});
			server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
