package io.concord.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request after request on one keep-alive connection, where answers are made off the
 * connection's event loop (the blocking Prometheus endpoint runs on boundedElastic; a
 * service's answer arrives on a client loop) so the client's next request can arrive
 * while the previous exchange is still terminating. Reactor Netty 1.3.6 parked such a
 * request and, answering it at once, stopped reading the connection: the request after it
 * was never read (reactor/reactor-netty#4188, #4361), the resilience issue's hang. Both
 * tests timed out with it (the first in every run); Reactor Netty 1.3.9 (gateway/pom.xml)
 * resumes reading.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveTests {

	private static final Downstreams SERVICES = new Downstreams();

	@LocalManagementPort
	int managementPort;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void serviceLocations(DynamicPropertyRegistry registry) {
		SERVICES.register(registry);
	}

	@AfterAll
	static void stopDownstreams() {
		SERVICES.close();
	}

	@Test
	void scrapesAndProbesOnOneConnectionAreAllAnswered() throws IOException {
		try (Socket socket = connect(this.managementPort)) {
			for (int i = 0; i < 60; i++) {
				for (String path : new String[] { "/actuator/prometheus", "/actuator/health/readiness",
						"/actuator/health/liveness" }) {
					assertThat(exchange(socket, path, null)).as("%s, round %d", path, i).startsWith("HTTP/1.1 200 ");
				}
			}
		}
	}

	@Test
	void forwardedAnswersAndRefusalsOnOneConnectionAreAllAnswered() throws IOException {
		try (Socket socket = connect(this.port)) {
			for (int i = 0; i < 40; i++) {
				assertThat(exchange(socket, "/api/inventory/availability?skus=SKU-1", null)).as("round %d", i)
					.startsWith("HTTP/1.1 200 ");
				assertThat(exchange(socket, "/api/members/me", "not-a-jwt")).as("round %d", i)
					.startsWith("HTTP/1.1 401 ");
				assertThat(exchange(socket, "/api/members/me", "not-a-jwt")).as("round %d", i)
					.startsWith("HTTP/1.1 401 ");
			}
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("localhost", port), 2000);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String exchange(Socket socket, String path, String token) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
				+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return readResponse(socket.getInputStream());
	}

	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed after: " + head);
			}
			head.write(next);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		long length = -1;
		boolean chunked = false;
		for (String line : headers.split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(line.substring("content-length:".length()).strip());
			}
			if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		if (chunked) {
			readChunks(in);
		}
		else if (length > 0) {
			in.readNBytes((int) length);
		}
		return headers;
	}

	private static void readChunks(InputStream in) throws IOException {
		while (true) {
			String size = readLine(in);
			int length = Integer.parseInt(size.split(";")[0].strip(), 16);
			if (length == 0) {
				readLine(in);
				return;
			}
			in.readNBytes(length);
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int next;
		while ((next = in.read()) >= 0) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
			}
			line.write(next);
			previous = next;
		}
		throw new IOException("Connection closed in a chunked body");
	}

}
