package io.concord.gateway;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive stall of the resilience issue: many JDK HTTP/1.1 clients, each reusing
 * its connections, post bodies of several sizes (empty, 1 KB, 64 KB, 1.5 MB, with a
 * length or chunked) that the gateway refuses early (401 bad token, 403 member on the
 * admin API, 429 over the limit, 413 over the body limit) between accepted ones. Every
 * request has a timeout, so a stall fails the test (and is counted) instead of hanging
 * it. Refusing without reading the body used to leave the connection unread, and the
 * client's next request on it waited forever; and Reactor Netty 1.3.6 stopped reading a
 * connection whose request arrived while the previous exchange was still terminating
 * (KeepAliveTests). A stalled request's id and the one before it on its connection are in
 * the failure message and the gateway's access log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.gateway.max-body-size=2MB", "concord.gateway.drain-limit=4MB",
				"concord.gateway.rate-limits.checkout.capacity=1", "concord.gateway.rate-limits.checkout.per-second=1",
				"concord.gateway.address-limits.requests.capacity=1000000",
				"concord.gateway.address-limits.requests.per-second=1000000",
				"concord.gateway.address-limits.refused.capacity=1000000",
				"concord.gateway.address-limits.refused.per-second=1000000" })
class EarlyRefusalStressTests {

	private static final int CLIENTS = 16;

	private static final int ROUNDS = 3;

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

	/** One kind of request and the answers it may get. */
	record Case(String name, String path, String token, int size, boolean chunked, Set<Integer> expected) {

		String label() {
			return this.name + " " + this.size + (this.chunked ? " chunked" : "") + " bytes";
		}

	}

	@Test
	void earlyRefusalsNeverStallTheNextRequestOnAKeepAliveConnection() throws Exception {
		String limited = TestIssuers.get().memberToken(UUID.randomUUID());
		String member = TestIssuers.get().memberToken(UUID.randomUUID());
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		AtomicInteger failures = new AtomicInteger();
		List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
		List<String> stalled = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				clients.add(pool.submit(() -> {
					// Its own member for the accepted requests: the browse limit is per
					// member.
					List<Case> cases = cases(limited, member, TestIssuers.get().memberToken(UUID.randomUUID()));
					HttpClient http = GatewayHttp.newClient();
					GatewayHttp gateway = new GatewayHttp(this.port);
					String previous = "none";
					for (int i = 0; i < cases.size() * ROUNDS; i++) {
						Case one = cases.get((i + client * 5) % cases.size());
						String requestId = "stress-" + client + "-" + i;
						String outcome;
						try {
							HttpResponse<String> response = http.send(request(gateway, one, requestId),
									HttpResponse.BodyHandlers.ofString());
							outcome = String.valueOf(response.statusCode());
							if (!one.expected().contains(response.statusCode())) {
								unexpected.add(one.label() + " -> " + response.statusCode());
							}
						}
						catch (HttpTimeoutException ex) {
							stalled.add(one.label() + " (" + requestId + ", after " + previous + ")");
							outcome = "STALL";
						}
						catch (IOException ex) {
							failures.incrementAndGet();
							outcome = ex.getClass().getSimpleName();
						}
						outcomes.computeIfAbsent(one.label() + " -> " + outcome, (k) -> new AtomicInteger())
							.incrementAndGet();
						previous = one.label();
					}
					return null;
				}));
			}
			for (Future<?> client : clients) {
				client.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		String summary = new TreeMap<>(outcomes).toString();
		assertThat(stalled).as("requests that stalled until their timeout: %s", summary).isEmpty();
		assertThat(failures.get()).as("requests that failed without an answer: %s", summary).isZero();
		assertThat(unexpected).as(summary).isEmpty();
	}

	private static List<Case> cases(String limited, String member, String ownMember) {
		List<Case> cases = new ArrayList<>();
		for (int size : new int[] { 0, 1024, 64 * 1024, 1536 * 1024 }) {
			for (boolean chunked : new boolean[] { false, true }) {
				cases.add(new Case("401 bad token", "/api/orders", "not-a-jwt", size, chunked, Set.of(401)));
				cases.add(new Case("403 member on admin", "/admin/inventory/adjustments", member, size, chunked,
						Set.of(403)));
				// One request a second gets through the checkout limit.
				cases.add(new Case("429 over the limit", "/api/orders", limited, size, chunked, Set.of(429, 200)));
			}
		}
		for (boolean chunked : new boolean[] { false, true }) {
			cases
				.add(new Case("413 over the body limit", "/api/returns", ownMember, 2560 * 1024, chunked, Set.of(413)));
			cases.add(new Case("200 accepted", "/api/returns", ownMember, 64 * 1024, chunked, Set.of(200)));
		}
		return cases;
	}

	private static HttpRequest request(GatewayHttp gateway, Case one, String requestId) {
		byte[] body = new byte[one.size()];
		java.util.Arrays.fill(body, (byte) 'x');
		HttpRequest.BodyPublisher publisher = one.chunked()
				? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		return gateway.request(one.path())
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + one.token())
			.header("X-Request-Id", requestId)
			.POST(publisher)
			.build();
	}

}
