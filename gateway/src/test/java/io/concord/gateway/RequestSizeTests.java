package io.concord.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over-long request lines and headers get the gateway's problem documents (414, 431), not
 * Netty's bare statuses: Netty's limits (64 KB) sit well above the gateway's (8 KB
 * request target, 16 KB of headers by default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestSizeTests {

	private static final Downstreams SERVICES = new Downstreams();

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
	void aRequestTargetOverTheLimitGets414ProblemJson() {
		HttpResponse<String> response = new GatewayHttp(this.port)
			.get("/api/inventory/availability?skus=" + "A".repeat(9 * 1024), null);
		assertThat(response.statusCode()).isEqualTo(414);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"https://concord.dev/problems/uri-too-long\"",
				"\"status\":414");
	}

	@Test
	void aLongRequestTargetWithinTheLimitIsForwarded() {
		String query = "skus=" + "A".repeat(6 * 1024);
		HttpResponse<String> response = new GatewayHttp(this.port).get("/api/inventory/availability?" + query, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("inventory /api/inventory/availability?" + query);
	}

	@Test
	void headersOverTheLimitGet431ProblemJson() {
		GatewayHttp http = new GatewayHttp(this.port);
		HttpResponse<String> response = http
			.send(http.request("/api/inventory/availability").header("X-Padding", "p".repeat(20 * 1024)).GET());
		assertThat(response.statusCode()).isEqualTo(431);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body())
			.contains("\"type\":\"https://concord.dev/problems/request-header-fields-too-large\"");
	}

}
