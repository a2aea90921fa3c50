package io.concord.console.board;

import io.concord.console.SignedInStaff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The full board against a stand-in for the gateway: checkout latency, rejections, stock,
 * coupon burn, SLA breaches, outbox, lag and error rates per service, shadow traffic
 * apart, red where a target is missed; the KPI range the reader chose; drill-down links;
 * still at most one read cycle a second, the slow figures every few frames.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class BoardFiguresTests {

	private static final List<String> CALLS = new CopyOnWriteArrayList<>();

	private static final HttpServer GATEWAY = gateway();

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", () -> "http://localhost:" + GATEWAY.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		GATEWAY.stop(0);
	}

	@Test
	void aFrameCarriesEveryFigureRedWhereATargetIsMissedAndShadowTrafficApart() throws Exception {
		String frames = frames("token-of-figures", null, Locale.ENGLISH, "\"drops\":[{");
		// Checkout: the slower placement endpoint's p95/p99 (p99 1.5 s misses 1 s).
		assertThat(frames)
			.contains("\"checkout\":{\"p95\":\"120 ms\",\"p99\":\"1,500 ms\",\"perSecond\":\"2.0\",\"slow\":true}");
		assertThat(frames).contains("\"rejected\":4", "\"breaches\":1", "\"newestBreach\":\"ORD-LATE-1\"",
				"\"range\":\"24h\"", "\"rangeLabel\":\"24 h\"");
		assertThat(frames).contains("\"stock\":{\"outOfStock\":\"2\",\"lowStock\":\"5\",\"alert\":true",
				"\"sku\":\"SKU-EMPTY\"");
		assertThat(frames).contains("\"campaignId\":\"D11\"", "\"name\":\"CNY 20 off\"", "\"issued\":250",
				"\"minted\":1000", "\"share\":\"25.0%\"");
		// fulfillment: 7 unpublished, the oldest 75 s (over 60 s), lag 12; 3 of 100 real
		// requests failed with 5xx (3% > 1%).
		assertThat(frames).contains(
				"{\"service\":\"fulfillment-service\",\"backlog\":7,\"oldest\":\"75 s\",\"lag\":12,\"parked\":2,\"perSecond\":\"2.0\",\"serverErrors\":\"3.0%\",\"clientErrors\":\"1.0%\",\"alert\":true,\"error\":null}",
				"\"errorRate\":\"1.5%\"", "\"errorOverTarget\":true");
		// A service that refuses says so; the others still show.
		assertThat(frames).contains("{\"service\":\"member-service\",\"backlog\":0",
				"\"alert\":true,\"error\":\"Not allowed");
		assertThat(frames).contains("\"deadLetters\":{\"member-service\":\"?\",\"inventory-service\":\"0\"");
		// Shadow traffic: its own figures, not in the real ones.
		assertThat(frames)
			.contains("\"shadow\":{\"perSecond\":\"5.0\",\"checkoutPerSecond\":\"5.0\",\"lag\":40,\"active\":true}");
		assertThat(CALLS).contains("GET /admin/fulfillment/operations Bearer token-of-figures",
				"GET /admin/members/operations Bearer token-of-figures",
				"GET /admin/inventory/stock-alerts?limit=5 Bearer token-of-figures",
				"GET /admin/promotions/campaigns/D11/statistics Bearer token-of-figures");
	}

	@Test
	void theRangeTheReaderChoseBoundsTheKpisAndBreaches() throws Exception {
		Instant before = Instant.now();
		String frames = frames("token-of-range", "15m", Locale.ENGLISH, "\"stock\":{\"outOfStock\":\"2\"");
		assertThat(frames).contains("\"range\":\"15m\"", "\"rangeLabel\":\"15 min\"", "\"breaches\":0");
		String kpis = CALLS.stream()
			.filter((call) -> call.startsWith("GET /admin/fulfillment/kpis?from=") && call.endsWith("token-of-range"))
			.findFirst()
			.orElseThrow();
		Instant from = Instant
			.parse(URLDecoder.decode(kpis.replaceAll(".*from=([^& ]+).*", "$1"), StandardCharsets.UTF_8));
		assertThat(Duration.between(from, before).abs()).isCloseTo(Duration.ofMinutes(15), Duration.ofSeconds(10));
	}

	@Test
	void slowFiguresAreReadEveryFewFramesAndTheFeedStaysAtOneCycleASecond() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-pace");
		MvcResult stream = this.mvc
			.perform(get("/ops/board/stream").contextPath("/ops")
				.session(new MockHttpSession())
				.with(authentication(viewer)))
			.andExpect(request().asyncStarted())
			.andReturn();
		Thread.sleep(4500);
		stream.getRequest().getAsyncContext().complete();
		long frames = count("GET /admin/fulfillment/orders?status=PAID", "token-of-pace");
		assertThat(frames).isBetween(3L, 6L);
		// Frame 0 reads the operations and KPIs, frame 5 again; frame 1 stock and drops.
		assertThat(count("GET /admin/fulfillment/operations", "token-of-pace")).isBetween(1L, 2L);
		assertThat(count("GET /admin/fulfillment/kpis", "token-of-pace")).isBetween(1L, 2L);
		assertThat(count("GET /admin/inventory/stock-alerts", "token-of-pace")).isEqualTo(1);
	}

	@Test
	void thePageOffersRangesAndDrillDownInBothLanguages() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-page");
		String english = page(viewer, "1h", "en");
		String chosen = english.substring(english.indexOf("id=\"range-1h\""));
		assertThat(chosen.substring(0, chosen.indexOf('>'))).contains("href=\"/ops/?range=1h\"", "active",
				"aria-current=\"true\"");
		assertThat(english.split("aria-current").length).as("one range is the current one").isEqualTo(2);
		assertThat(english).contains("href=\"/ops/?range=15m\"", "href=\"/ops/?range=24h\"",
				"data-stream=\"/ops/board/stream?range=1h\"", "data-base=\"/ops/\"",
				"href=\"/ops/orders?status=REJECTED\"", "href=\"/ops/orders?status=CANCELLED\"",
				"href=\"/ops/forecasts/stock-gaps\"", "href=\"/ops/operations\"", "Checkout latency p95 / p99",
				"Load-test (shadow) traffic");
		String chinese = page(viewer, null, "zh-CN");
		assertThat(chinese).contains("大促看板", "下单延迟", "缺货与低库存", "各场券的领取进度", "压测（影子）流量", "24 小时").doesNotContain("??");
	}

	private String page(OAuth2AuthenticationToken user, String range, String lang) throws Exception {
		var request = get("/ops/").contextPath("/ops").param("lang", lang).with(authentication(user));
		if (range != null) {
			request.param("range", range);
		}
		return this.mvc.perform(request)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	/** The stream's frames until one contains {@code until} (10 s at most). */
	private String frames(String token, String range, Locale locale, String until) throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", token);
		var request = get("/ops/board/stream").contextPath("/ops")
			.session(new MockHttpSession())
			.locale(locale)
			.with(authentication(viewer));
		if (range != null) {
			request.param("range", range);
		}
		MvcResult stream = this.mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!stream.getResponse().getContentAsString(StandardCharsets.UTF_8).contains(until)
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		stream.getRequest().getAsyncContext().complete();
		String frames = stream.getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(frames).contains(until);
		return frames;
	}

	private static long count(String prefix, String token) {
		return CALLS.stream().filter((call) -> call.startsWith(prefix) && call.endsWith("Bearer " + token)).count();
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String call = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization");
				CALLS.add(call);
				String path = exchange.getRequestURI().getPath();
				String query = String.valueOf(exchange.getRequestURI().getQuery());
				int status = 200;
				String body = switch (path) {
					case "/admin/fulfillment/orders" -> query.contains("status=PAID") ? """
							[{"orderId": "ORD-FIG-1", "channel": "APP", "status": "PAID", "currency": "CNY",
							  "payableMinor": 5900, "createdAt": "2026-11-11T00:00:01Z"}]""" : "[]";
					case "/admin/fulfillment/kpis" -> """
							{"ordersPlaced": 40, "ordersByStatus": {"PAID": 30, "REJECTED": 4, "CANCELLED": 6},
							 "cancellationsByCause": {"PAYMENT_TIMEOUT": {"count": 2, "of": 40, "rate": 0.05}},
							 "supplyCausedCancellations": {"count": 1, "of": 40, "rate": 0.025}, "atRisk": 1}""";
					case "/admin/fulfillment/sla/breaches" -> """
							[{"orderId": "ORD-LATE-1", "kind": "DELIVERY", "cause": "CARRIER", "promisedBy": "%s"},
							 {"orderId": "ORD-OLD", "kind": "DISPATCH", "cause": "WAREHOUSE", "promisedBy": "%s"}]"""
						.formatted(Instant.now().minus(Duration.ofHours(1)), Instant.now().minus(Duration.ofDays(3)));
					case "/admin/inventory/stock-alerts" ->
						"""
								{"outOfStock": 2, "lowStock": 5, "worst": [{"sku": "SKU-EMPTY", "available": 0, "reorderPoint": 10}]}""";
					case "/admin/promotions/campaigns" -> "[{\"id\": \"D11\", \"status\": \"ACTIVE\"}]";
					case "/admin/promotions/campaigns/D11/statistics" ->
						"""
								{"campaignId": "D11", "status": "ACTIVE", "promotions": [
								 {"promotionId": "P-DROP", "name": "CNY 20 off", "couponsMinted": 1000, "couponsIssued": 250},
								 {"promotionId": "P-AUTO", "name": "Auto discount", "couponsMinted": null}]}""";
					case "/admin/fulfillment/operations" ->
						"""
								{"service": "fulfillment-service", "outbox": {"unpublished": 7, "oldestAgeSeconds": 75},
								 "deadLetters": {"parked": 2, "pending": 0},
								 "consumers": [{"group": "fulfillment-service", "topic": "concord.inventory.events.v1", "lag": 12, "shadow": false},
								               {"group": "fulfillment-service", "topic": "shadow.concord.inventory.events.v1", "lag": 40, "shadow": true}],
								 "consumersError": null,
								 "http": {"windowSeconds": 300, "endpoints": [
								  {"method": "POST", "uri": "/api/orders", "traffic": "real", "requests": 90, "perSecond": 1.5,
								   "clientErrors": 1, "serverErrors": 3, "p95Ms": 120.0, "p99Ms": 1500.0},
								  {"method": "POST", "uri": "/api/cart/checkout", "traffic": "real", "requests": 10, "perSecond": 0.5,
								   "clientErrors": 0, "serverErrors": 0, "p95Ms": 80.0, "p99Ms": 90.0},
								  {"method": "POST", "uri": "/api/orders", "traffic": "shadow", "requests": 1500, "perSecond": 5.0,
								   "clientErrors": 0, "serverErrors": 200, "p95Ms": 300.0, "p99Ms": 900.0}]}}""";
					case "/admin/inventory/operations", "/admin/promotions/operations" ->
						"""
								{"outbox": {"unpublished": 0, "oldestAgeSeconds": 0}, "deadLetters": {"parked": 0, "pending": 0},
								 "consumers": [], "consumersError": null,
								 "http": {"windowSeconds": 300, "endpoints": [
								  {"method": "GET", "uri": "/api/inventory/availability", "traffic": "real", "requests": 50, "perSecond": 0.2,
								   "clientErrors": 0, "serverErrors": 0, "p95Ms": 5.0, "p99Ms": 9.0}]}}""";
					default -> "[]";
				};
				if (path.equals("/admin/members/operations")) {
					status = 403;
					body = """
							{"type": "https://concord.example/problems/forbidden", "title": "Forbidden", "status": 403,
							 "detail": "The access token does not grant this operation."}""";
				}
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, bytes.length);
				exchange.getResponseBody().write(bytes);
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
