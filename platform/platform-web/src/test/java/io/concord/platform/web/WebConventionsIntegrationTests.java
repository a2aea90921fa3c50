package io.concord.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerExceptionResolver;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebConventionsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	IdempotencyRecords records;

	@Autowired
	IdempotencyProperties idempotencyProperties;

	@Autowired
	io.concord.platform.instances.ServiceInstances instances;

	@Autowired
	@Qualifier("handlerExceptionResolver")
	HandlerExceptionResolver problems;

	@Test
	void invalidBodyAnswersValidationProblemWithFieldErrors() throws Exception {
		HttpResponse<String> response = post("/test/orders", "{\"sku\":\"\",\"quantity\":0}", key());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/validation");
		assertThat(problem.path("instance").asString()).isEqualTo("/test/orders");
		assertThat(problem.path("requestId").asString()).isNotBlank();
		assertThat(problem.path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("sku", "quantity");
	}

	@Test
	void unreadableJsonAnswersMalformedRequestWithoutParserDetails() throws Exception {
		HttpResponse<String> response = post("/test/orders", "{\"sku\": [", key());
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/malformed-request");
		assertThat(response.body()).doesNotContain("jackson").doesNotContain("PlaceTestOrder");
	}

	@Test
	void unknownResourceAndUnknownPathAnswerNotFound() throws Exception {
		HttpResponse<String> missing = get("/test/orders/987654321");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(missing.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/not-found");
		HttpResponse<String> noRoute = get("/no/such/path");
		assertThat(noRoute.statusCode()).isEqualTo(404);
		assertThat(noRoute.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void unexpectedErrorIsA500ProblemWithoutInternals() throws Exception {
		HttpResponse<String> response = get("/test/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
		assertThat(JSON.readTree(response.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/internal");
	}

	@Test
	void businessRuleAnswers422WithExtensionMembers() throws Exception {
		HttpResponse<String> response = post("/test/orders", "{\"sku\":\"SOLD-OUT\",\"quantity\":1}", key());
		assertThat(response.statusCode()).isEqualTo(422);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/insufficient-stock");
		assertThat(problem.path("available").asInt()).isZero();
	}

	@Test
	void requiredIdempotencyKeyIsEnforced() throws Exception {
		HttpResponse<String> response = post("/test/orders", "{\"sku\":\"A\",\"quantity\":1}", null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/idempotency-key-missing");
	}

	@Test
	void sameKeySameBodyReplaysTheStoredAnswerWithOneEffect() throws Exception {
		String key = key();
		String body = "{\"sku\":\"REPLAY-" + key + "\",\"quantity\":2}";
		HttpResponse<String> first = post("/test/orders", body, key);
		HttpResponse<String> second = post("/test/orders", body, key);
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(second.statusCode()).isEqualTo(201);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(ordersFor("REPLAY-" + key)).isEqualTo(1);
	}

	@Test
	void sameKeyDifferentBodyIsRefusedWith422() throws Exception {
		String key = key();
		assertThat(post("/test/orders", "{\"sku\":\"K1-" + key + "\",\"quantity\":1}", key).statusCode())
			.isEqualTo(201);
		HttpResponse<String> reused = post("/test/orders", "{\"sku\":\"K2-" + key + "\",\"quantity\":1}", key);
		assertThat(reused.statusCode()).isEqualTo(422);
		assertThat(JSON.readTree(reused.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/idempotency-key-reused");
		assertThat(ordersFor("K2-" + key)).isZero();
	}

	@Test
	void concurrentRetriesWithOneKeyHaveExactlyOneEffect() throws Exception {
		String key = key();
		String body = "{\"sku\":\"SLOW\",\"quantity\":" + (Math.abs(key.hashCode() % 1000) + 1) + "}";
		int before = ordersFor("SLOW");
		List<Callable<Integer>> attempts = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			attempts.add(() -> post("/test/orders", body, key).statusCode());
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
			for (Future<Integer> status : pool.invokeAll(attempts)) {
				statuses.add(status.get());
			}
		}
		assertThat(ordersFor("SLOW") - before).isEqualTo(1);
		assertThat(statuses).containsOnly(201, 409).contains(201);
		// After the first attempt finished, a retry is a replay, not a second effect.
		assertThat(post("/test/orders", body, key).statusCode()).isEqualTo(201);
		assertThat(ordersFor("SLOW") - before).isEqualTo(1);
	}

	@Test
	void failedFirstAttemptFreesTheKey() throws Exception {
		String key = key();
		assertThat(post("/test/orders", "{\"sku\":\"SOLD-OUT\",\"quantity\":1}", key).statusCode()).isEqualTo(422);
		// A 4xx answer is the answer: the retry gets it again.
		assertThat(post("/test/orders", "{\"sku\":\"SOLD-OUT\",\"quantity\":1}", key).headers()
			.firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from idempotency_record where idempotency_key = ? and completed", Integer.class, key))
			.isEqualTo(1);
	}

	@Test
	void expiredKeyCanBeUsedAgainAndItsOldAnswerIsGone() throws Exception {
		String key = key();
		assertThat(post("/test/orders", "{\"sku\":\"OLD-" + key + "\",\"quantity\":1}", key).statusCode())
			.isEqualTo(201);
		this.jdbc.update(
				"update idempotency_record set expires_at = now() - interval '1 second' where idempotency_key = ?",
				key);
		HttpResponse<String> reused = post("/test/orders", "{\"sku\":\"NEW-" + key + "\",\"quantity\":1}", key);
		assertThat(reused.statusCode()).isEqualTo(201);
		assertThat(reused.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(ordersFor("NEW-" + key)).isEqualTo(1);
	}

	@Test
	void aLiveInstancesUnfinishedAttemptBlocksTheKeyUntilTheInFlightTimeout() throws Exception {
		String key = key();
		String body = "{\"sku\":\"ABANDONED-" + key + "\",\"quantity\":1}";
		// An instance that still beats claimed the key for this very request and never
		// finished (it hangs): nobody else may run it, until the last-resort timeout.
		UUID live = UUID.randomUUID();
		this.jdbc.update("insert into service_instance (id, started_at, heartbeat_at) values (?, now(), now())", live);
		claimedBy(live, key, body, false);
		assertThat(post("/test/orders", body, key).statusCode()).isEqualTo(409);
		this.jdbc.update(
				"update idempotency_record set created_at = now() - interval '11 minutes' where idempotency_key = ?",
				key);
		assertThat(post("/test/orders", body, key).statusCode()).isEqualTo(201);
		assertThat(ordersFor("ABANDONED-" + key)).isEqualTo(1);
	}

	@Test
	void aCrashedInstancesKeyIsTakenOverAtOnceWhenItsEffectHadNotCommitted() throws Exception {
		String key = key();
		String body = "{\"sku\":\"CRASHED-" + key + "\",\"quantity\":1}";
		// Claimed by an instance that has not beaten for a minute: killed mid-request.
		UUID gone = UUID.randomUUID();
		this.jdbc.update("insert into service_instance (id, started_at, heartbeat_at)"
				+ " values (?, now() - interval '1 hour', now() - interval '1 minute')", gone);
		claimedBy(gone, key, body, false);
		HttpResponse<String> retried = post("/test/orders", body, key);
		assertThat(retried.statusCode()).isEqualTo(201);
		assertThat(ordersFor("CRASHED-" + key)).isEqualTo(1);
		assertThat(post("/test/orders", body, key).headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	@Test
	void aCrashedAttemptWhoseEffectCommittedIsNeverRunAgainUnlessTheHandlerIsRerunnable() throws Exception {
		String key = key();
		String body = "{\"sku\":\"LOST-ANSWER-" + key + "\",\"quantity\":1}";
		// The instance committed the effect, then died before storing the answer.
		claimedBy(UUID.randomUUID(), key, body, true);
		HttpResponse<String> retried = post("/test/orders", body, key);
		assertThat(retried.statusCode()).isEqualTo(409);
		assertThat(JSON.readTree(retried.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/idempotency-outcome-unknown");
		assertThat(ordersFor("LOST-ANSWER-" + key)).isZero();

		// A rerunnable handler finds its own earlier effect and answers with it.
		String again = key();
		String rerunBody = "{\"sku\":\"RERUN-" + again + "\",\"quantity\":1}";
		HttpResponse<String> first = post("/test/rerunnable-orders", rerunBody, again);
		assertThat(first.statusCode()).isEqualTo(201);
		this.jdbc.update("update idempotency_record set completed = false, response_status = null, owner = ?"
				+ " where idempotency_key = ?", UUID.randomUUID(), again);
		HttpResponse<String> rerun = post("/test/rerunnable-orders", rerunBody, again);
		assertThat(rerun.statusCode()).isEqualTo(201);
		assertThat(JSON.readTree(rerun.body()).path("id").asLong())
			.isEqualTo(JSON.readTree(first.body()).path("id").asLong());
		assertThat(ordersFor("RERUN-" + again)).isEqualTo(1);
	}

	@Test
	void anEffectDoesNotCommitOnceAnotherAttemptTookItsKeyOver() throws Exception {
		String key = key();
		// The handler learns, just before committing, that another instance has taken the
		// key over (this one looked dead meanwhile): its order must not appear.
		HttpResponse<String> response = post("/test/orders", "{\"sku\":\"TAKEN-OVER\",\"quantity\":1}", key);
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(ordersFor("TAKEN-OVER")).isZero();
	}

	@Test
	void a5xxAfterTheEffectCommittedIsTheAnswerNotARerun() throws Exception {
		String key = key();
		String body = "{\"sku\":\"FAILS-AFTER-" + key + "\",\"quantity\":1}";
		assertThat(post("/test/orders", body, key).statusCode()).isEqualTo(500);
		HttpResponse<String> retried = post("/test/orders", body, key);
		assertThat(retried.statusCode()).isEqualTo(500);
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(ordersFor("FAILS-AFTER-" + key)).isEqualTo(1);
	}

	private void claimedBy(UUID owner, String key, String body, boolean effectCommitted) {
		this.jdbc.update(
				"insert into idempotency_record (scope, idempotency_key, request_fingerprint, completed,"
						+ " created_at, expires_at, owner, effect_committed)"
						+ " values ('anonymous', ?, ?, false, now(), now() + interval '1 day', ?, ?)",
				key, IdempotencyKeyFilter.fingerprint("POST", "/test/orders", null,
						body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				owner, effectCommitted);
	}

	@Test
	void requestIdIsEchoedWhenSafeAndReplacedWhenNot() throws Exception {
		HttpResponse<String> echoed = this.http.send(HttpRequest.newBuilder(uri("/test/orders/1"))
			.timeout(Duration.ofSeconds(30))
			.header("X-Request-Id", "abc-123")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");
		HttpResponse<String> replaced = this.http.send(HttpRequest.newBuilder(uri("/test/orders/1"))
			.timeout(Duration.ofSeconds(30))
			.header("X-Request-Id", "bad id with spaces")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(replaced.headers().firstValue("X-Request-Id")).isPresent().get().isNotEqualTo("bad id with spaces");
	}

	@Test
	void actuatorExposesProbesAndPrometheus() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		HttpResponse<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("http_server_requests");
		assertThat(get("/v3/api-docs").body()).contains("/test/orders");
	}

	@Test
	@DisplayName("M4: a chunked body is refused with 413 once it passes the limit; a far larger one is cut off; the service stays healthy")
	void m4_aChunkedBodyOverTheLimitAnswers413AndTheServiceStaysHealthy() throws Exception {
		// Far past the limit (more than server.tomcat.max-swallow-size unread), Tomcat
		// closes the
		// connection without reading on; the client may then see a reset instead of the
		// answer.
		// That is the point of the limit: nothing is claimed and the service stays up.
		String cutOffKey = key();
		try {
			HttpResponse<String> cutOff = postChunked("/test/orders", json(5 * 1024 * 1024), cutOffKey);
			assertThat(cutOff.statusCode()).as(cutOff.body()).isEqualTo(413);
		}
		catch (IOException resetBeforeTheAnswerWasRead) {
			// the refusal raced the upload: acceptable, see above
		}
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select count(*) from idempotency_record where idempotency_key = ?",
				Integer.class, cutOffKey))
			.isZero();
		// Within the swallow allowance the answer always arrives whole.
		String refusedKey = key();
		HttpResponse<String> refused = postChunked("/test/orders", json(1024 * 1024 + 512 * 1024), refusedKey);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/content-too-large");
		assertThat(problem.path("maxBodySize").asLong()).isEqualTo(1024 * 1024);
		assertThat(problem.path("instance").asString()).isEqualTo("/test/orders");
		assertThat(problem.path("requestId").asString()).isNotBlank();
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		String key = key();
		assertThat(post("/test/orders", "{\"sku\":\"AFTER-" + key + "\",\"quantity\":1}", key).statusCode())
			.isEqualTo(201);
		assertThat(this.jdbc.queryForObject("select count(*) from idempotency_record where idempotency_key = ?",
				Integer.class, refusedKey))
			.as("nothing was claimed for the refused body")
			.isZero();
	}

	@Test
	@DisplayName("M4: a declared Content-Length over the limit is refused before the body is read")
	void m4_aDeclaredLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
		HttpResponse<String> refused = this.http.send(HttpRequest.newBuilder(uri("/test/orders"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(jsonText(2 * 1024 * 1024)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(JSON.readTree(refused.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/content-too-large");
	}

	@Test
	@DisplayName("M4: a path with its own limit (a file import) takes bodies up to it, streamed, and refuses larger ones")
	void m4_aPathLimitAppliesToBodiesTheHandlerReadsItself() throws Exception {
		HttpResponse<String> accepted = postChunked("/test/imports", bytes(2 * 1024 * 1024), null);
		assertThat(accepted.statusCode()).isEqualTo(200);
		assertThat(accepted.body()).isEqualTo(String.valueOf(2 * 1024 * 1024));
		HttpResponse<String> refused = postChunked("/test/imports", bytes(3 * 1024 * 1024 + 512 * 1024), null);
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(JSON.readTree(refused.body()).path("maxBodySize").asLong()).isEqualTo(3 * 1024 * 1024);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("M4: the Idempotency-Key fingerprint reads at most one byte past the limit, and answers 413")
	void m4_theIdempotencyKeyFingerprintReadsNoMoreThanTheLimit() throws Exception {
		IdempotencyKeyFilter filter = new IdempotencyKeyFilter(this.records, this.problems,
				new BodySizeLimits(DataSize.ofKilobytes(64), List.of()));
		CountingBody body = new CountingBody(64L * 1024 * 1024);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/test/orders") {
			@Override
			public ServletInputStream getInputStream() {
				return body;
			}
		};
		request.addHeader("Idempotency-Key", key());
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).contains("https://concord.dev/problems/content-too-large");
		assertThat(body.read).isEqualTo(64 * 1024 + 1);
	}

	@Test
	@DisplayName("A database that cannot be reached when a key is claimed answers a retryable 503 problem, not a 500")
	void anUnreachableDatabaseAnswersARetryable503() throws Exception {
		org.springframework.jdbc.datasource.DriverManagerDataSource closed = new org.springframework.jdbc.datasource.DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "nobody", "none");
		IdempotencyRecords unreachable = new IdempotencyRecords(new JdbcTemplate(closed), this.idempotencyProperties,
				this.instances, java.time.Clock.systemUTC());
		IdempotencyKeyFilter filter = new IdempotencyKeyFilter(unreachable, this.problems,
				new BodySizeLimits(DataSize.ofKilobytes(64), List.of()));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/test/orders");
		request.addHeader("Idempotency-Key", key());
		request.setContent("{\"sku\":\"DB-DOWN\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("https://concord.dev/problems/database-unavailable");
	}

	@Test
	void aLockConflictIsARetryable503() throws Exception {
		HttpResponse<String> response = get("/test/deadlock");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(JSON.readTree(response.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/lock-conflict");
	}

	/** A body of {@code size} bytes that counts what was read of it. */
	static final class CountingBody extends ServletInputStream {

		private final long size;

		long read;

		CountingBody(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			if (this.read >= this.size) {
				return -1;
			}
			this.read++;
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.read >= this.size) {
				return -1;
			}
			int n = (int) Math.min(length, this.size - this.read);
			java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
			this.read += n;
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.read >= this.size;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException();
		}

	}

	// An order whose SKU is about `size` bytes long: valid JSON all the way.
	private static InputStream json(int size) {
		return new SequenceInputStream(
				new SequenceInputStream(new ByteArrayInputStream("{\"sku\":\"".getBytes(StandardCharsets.UTF_8)),
						bytes(size)),
				new ByteArrayInputStream("\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8)));
	}

	private static InputStream bytes(int size) {
		return new InputStream() {

			private int left = size;

			@Override
			public int read() {
				return (this.left-- > 0) ? 'a' : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.left <= 0) {
					return -1;
				}
				int n = Math.min(length, this.left);
				java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
				this.left -= n;
				return n;
			}

		};
	}

	// No length known up front: the client sends Transfer-Encoding: chunked.
	private HttpResponse<String> postChunked(String path, InputStream body, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String jsonText(int size) {
		return "{\"sku\":\"" + "a".repeat(size) + "\",\"quantity\":1}";
	}

	private int ordersFor(String sku) {
		return this.jdbc.queryForObject("select count(*) from test_order where sku = ?", Integer.class, sku);
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
