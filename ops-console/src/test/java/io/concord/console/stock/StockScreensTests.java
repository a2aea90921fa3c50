package io.concord.console.stock;

import io.concord.console.SignedInStaff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The stock screens against a stand-in for the gateway (a real HTTP server answering as
 * inventory's admin API would): levels with empty and low locations marked, forms only
 * for ops managers, what each form sends (typed values, the signed-in user's token, the
 * form's idempotency key), and the API's refusals shown in the form with the values kept.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class StockScreensTests {

	private static final String SKU = "JACKET-BLK-M";

	/** Method, path and query, token, idempotency key and body of each call. */
	private static final List<Call> CALLS = new CopyOnWriteArrayList<>();

	private static final HttpServer GATEWAY = gateway();

	record Call(String method, String uri, String authorization, String key, String body) {
	}

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

	@BeforeEach
	void forget() {
		CALLS.clear();
	}

	@Test
	void aManagerSeesEachLocationWithEmptyAndLowOnesMarkedAndTheFormsToChangeStock() throws Exception {
		String page = page(get("/ops/stock").param("sku", SKU), signedIn("ops-manager", "token-of-manager"));
		assertThat(CALLS).extracting(Call::uri, Call::authorization)
			.contains(org.assertj.core.groups.Tuple.tuple("/admin/inventory/skus/" + SKU, "Bearer token-of-manager"),
					org.assertj.core.groups.Tuple.tuple("/admin/inventory/stock/" + SKU, "Bearer token-of-manager"),
					org.assertj.core.groups.Tuple.tuple("/admin/inventory/ring-fences?sku=" + SKU,
							"Bearer token-of-manager"),
					org.assertj.core.groups.Tuple.tuple("/admin/inventory/transfers?sku=" + SKU,
							"Bearer token-of-manager"));
		// Reorder point 20: 150 available is fine, 5 is low, none is out of stock.
		assertThat(page).contains("data-location=\"WH-SH-01\" data-state=\"OK\"",
				"data-location=\"STORE-SH-01\" data-state=\"LOW\"", "data-location=\"STORE-BJ-01\" data-state=\"OUT\"",
				"class=\"stock-out\"", "class=\"stock-low\"", "out of stock", ">low<")
			// Totals over the locations (155 available): fine as a whole; 12 units
			// fenced.
			.contains("id=\"totals\" data-state=\"OK\"", ">203<", ">155<", "id=\"fenced\">12<")
			.contains("/ops/stock/JACKET-BLK-M/STORE-BJ-01/movements")
			.contains("id=\"adjust-form\"", "id=\"count-form\"", "id=\"fence-form\"", "id=\"transfer-form\"",
					"id=\"release-41\"", "id=\"receive-77\"", "name=\"key\" value=\"ops-console-")
			.doesNotContain("id=\"read-only\"", "id=\"failure\"");
	}

	@Test
	void aViewerSeesTheStockButNoFormOrButton() throws Exception {
		String page = page(get("/ops/stock").param("sku", SKU), signedIn("ops-viewer", "token-of-viewer"));
		assertThat(page)
			.contains("data-location=\"STORE-BJ-01\" data-state=\"OUT\"", "data-fence-id=\"41\"",
					"data-transfer-id=\"77\"", "id=\"read-only\"", "changing it needs ops manager")
			.doesNotContain("adjust-form", "count-form", "fence-form", "transfer-form", "release-41", "receive-77");
	}

	@Test
	void theChinesePageSaysEverythingInChinese() throws Exception {
		String page = page(get("/ops/stock").param("sku", SKU).param("lang", "zh-CN"),
				signedIn("ops-manager", "token-of-manager"));
		assertThat(page).contains("各仓点库存", "缺货", "库存偏低", "渠道锁库", "在途调拨", "调整库存", "盘点", "生效中", "库存流水")
			.doesNotContain("??");
		String movements = page(get("/ops/stock/" + SKU + "/WH-SH-01/movements").param("lang", "zh-CN"),
				signedIn("ops-viewer", "token-of-viewer"));
		assertThat(movements).contains("库存调整", "销售出库", "盘点").doesNotContain("??");
		String reconcile = page(get("/ops/stock/reconcile").param("lang", "zh-CN"),
				signedIn("ops-viewer", "token-of-viewer"));
		assertThat(reconcile).contains("台账核对", "1 个仓点").doesNotContain("??");
	}

	@Test
	void opsFindASkuByNameOrGoStraightToTheOnlyMatch() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = page(get("/ops/stock").param("q", "jacket"), viewer);
		assertThat(page).contains("data-sku=\"JACKET-BLK-M\"", "data-sku=\"JACKET-BLK-L\"", "Down jacket, black, L");
		assertThat(CALLS).extracting(Call::uri).contains("/admin/inventory/skus?q=jacket&limit=50");
		this.mvc.perform(get("/ops/stock").param("q", "scarf").contextPath("/ops").with(authentication(viewer)))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/stock?sku=SCARF-RED"));
		assertThat(page(get("/ops/stock").param("q", "nothing"), viewer)).contains("id=\"none-found\"",
				"No SKU has &quot;nothing&quot;");
	}

	@Test
	void anAdjustmentIsSentAsTypedWithTheFormsKeyAndItsResultShown() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		this.mvc
			.perform(post("/ops/stock/adjustments").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("location", "WH-SH-01")
				.param("quantity", "-2")
				.param("reason", "DAMAGED")
				.param("reference", "")
				.param("key", "ops-console-form-1"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/stock?sku=JACKET-BLK-M"))
			.andExpect(flash().attribute("notice", "Adjusted at WH-SH-01 by -2: 148 on hand, 146 available."));
		Call adjusted = last("POST", "/admin/inventory/adjustments");
		assertThat(adjusted.authorization()).isEqualTo("Bearer token-of-manager");
		assertThat(adjusted.key()).isEqualTo("ops-console-form-1");
		assertThat(adjusted.body()).isEqualTo(
				"{\"sku\":\"JACKET-BLK-M\",\"location\":\"WH-SH-01\",\"quantity\":-2,\"reason\":\"DAMAGED\",\"reference\":null}");
	}

	@Test
	void aRefusedFormComesBackWithTheApisWordsAndTheValuesTyped() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		MvcResult refused = this.mvc
			.perform(post("/ops/stock/adjustments").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("location", "WH-SH-01")
				.param("quantity", "-999")
				.param("reason", "DAMAGED")
				.param("key", "ops-console-form-2"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/stock?sku=JACKET-BLK-M"))
			.andExpect(flash().attribute("failure",
					"Not valid (422): Only 148 unreserved units of JACKET-BLK-M are at WH-SH-01"))
			.andExpect(flash().attribute("failedForm", "adjustment"))
			.andReturn();
		StockForms.Adjustment kept = (StockForms.Adjustment) refused.getFlashMap().get("adjustment");
		assertThat(kept.quantity()).isEqualTo("-999");
		assertThat(kept.key()).as("corrected values are a new request").isNotEqualTo("ops-console-form-2");
		// The page after the redirect: the refusal in the adjustment form, the values
		// kept.
		String page = page(get("/ops/stock").param("sku", SKU).flashAttrs(refused.getFlashMap()), manager);
		String form = page.substring(page.indexOf("id=\"adjust-form\""), page.indexOf("id=\"count-form\""));
		assertThat(form).contains("id=\"failure\"", "Only 148 unreserved units", "value=\"-999\"", "value=\"DAMAGED\"",
				"value=\"" + kept.key() + "\"");
		assertThat(page.indexOf("id=\"failure\"")).as("shown once, in its form")
			.isEqualTo(page.lastIndexOf("id=\"failure\""));

		// A negative count is the API's 400, with the field it refused.
		this.mvc
			.perform(post("/ops/stock/counts").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("location", "WH-SH-01")
				.param("counted", "-1"))
			.andExpect(flash().attribute("failure",
					"The API could not accept this (400): The request has 1 invalid field(s). counted: must be greater than or equal to 0."))
			.andExpect(flash().attribute("failedForm", "count"));
		assertThat(last("POST", "/admin/inventory/counts").key()).as("a post without a key gets one")
			.startsWith("ops-console-");
		// An unknown location: the API's 404, in the transfer form.
		this.mvc
			.perform(post("/ops/stock/transfers").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("from", "WH-SH-01")
				.param("to", "NOWHERE")
				.param("quantity", "3")
				.param("key", "k-3"))
			.andExpect(flash().attribute("failure", "Not found (404): SKU or location not found: NOWHERE"))
			.andExpect(flash().attribute("failedForm", "transfer"));
	}

	@Test
	void aViewersForgedAdjustmentIsRefusedByTheApi() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		this.mvc
			.perform(post("/ops/stock/adjustments").contextPath("/ops")
				.with(authentication(viewer))
				.with(csrf())
				.param("sku", SKU)
				.param("location", "WH-SH-01")
				.param("quantity", "5")
				.param("reason", "FOUND"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."))
			.andExpect(flash().attribute("failedForm", "adjustment"));
		assertThat(last("POST", "/admin/inventory/adjustments").authorization()).isEqualTo("Bearer token-of-viewer");
		// No form to show it in: the refusal is at the top of the page.
		String page = page(get("/ops/stock").param("sku", SKU)
			.flashAttr("failure", "Not allowed (403)")
			.flashAttr("failedForm", "adjustment"), viewer);
		assertThat(page).contains("id=\"failure\">Not allowed (403)<").doesNotContain("adjust-form");
	}

	@Test
	void fencesTransfersAndCountsReachTheApiAsOpsTypedThem() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		this.mvc
			.perform(post("/ops/stock/ring-fences").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("channel", "LIVESTREAM")
				.param("amount", "30")
				.param("unit", "PERCENT")
				.param("campaignId", "")
				.param("releaseAt", "2026-11-11T23:59")
				.param("key", "k-fence"))
			.andExpect(flash().attribute("notice", "Ring-fence 42 created: 45 units for LIVESTREAM."));
		// 23:59 in Shanghai is 15:59 UTC.
		assertThat(last("POST", "/admin/inventory/ring-fences").body()).isEqualTo(
				"{\"sku\":\"JACKET-BLK-M\",\"channel\":\"LIVESTREAM\",\"sharePercent\":30,\"campaignId\":null,\"releaseAt\":\"2026-11-11T15:59:00Z\"}");
		this.mvc
			.perform(post("/ops/stock/ring-fences/41/release").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU))
			.andExpect(redirectedUrl("/ops/stock?sku=JACKET-BLK-M"))
			.andExpect(flash().attribute("notice", "Ring-fence 41 released: its units are free for every channel."));
		this.mvc
			.perform(post("/ops/stock/transfers").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("from", "WH-SH-01")
				.param("to", "STORE-BJ-01")
				.param("quantity", "1.5")
				.param("key", "k-transfer"))
			.andExpect(flash().attribute("failedForm", "transfer"));
		assertThat(last("POST", "/admin/inventory/transfers").body()).as("a decimal is never rounded into units")
			.contains("\"quantity\":\"1.5\"");
		this.mvc
			.perform(post("/ops/stock/transfers/77/receipt").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("received", "9"))
			.andExpect(flash().attribute("notice", "Transfer 77 received: 9 units at STORE-BJ-01."));
		assertThat(last("POST", "/admin/inventory/transfers/77/receipt").body()).isEqualTo("{\"received\":9}");
		this.mvc
			.perform(post("/ops/stock/counts").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf())
				.param("sku", SKU)
				.param("location", "STORE-BJ-01")
				.param("counted", "4")
				.param("reference", "COUNT-W49")
				.param("key", "k-count"))
			.andExpect(flash().attribute("notice", "Count booked at STORE-BJ-01: 4 on hand, 4 available."));
		assertThat(last("POST", "/admin/inventory/counts").key()).isEqualTo("k-count");
	}

	@Test
	void theLedgerOfALocationAndTheLedgerCheck() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String movements = page(get("/ops/stock/" + SKU + "/WH-SH-01/movements"), viewer);
		assertThat(CALLS).extracting(Call::uri)
			.contains("/admin/inventory/stock/JACKET-BLK-M/WH-SH-01/movements?limit=100");
		assertThat(movements).contains("data-movement-id=\"9\" data-kind=\"ADJUSTMENT\"", "adjustment", "DAMAGED",
				"QC-1187", "staff:ops-manager", "data-kind=\"SALE\"", ">-2<", ">+150<");
		String reconcile = page(get("/ops/stock/reconcile"), viewer);
		assertThat(reconcile).contains("class=\"stock-mismatch\" data-sku=\"SCARF-RED\" data-location=\"WH-SH-01\"",
				"1 location differs from its ledger", ">+3<");
		assertThat(page(get("/ops/stock/" + SKU + "/NOWHERE/movements"), viewer)).contains("id=\"failure\"",
				"Not found (404)");
	}

	@Test
	void everyValueTheApiNamesHasALabelInBothLanguages() {
		for (String language : List.of("", "_zh_CN")) {
			Properties bundle = bundle("i18n/stock" + language + ".properties");
			StockViews.Movement.KINDS.forEach((kind) -> assertThat(bundle).containsKey("stock.kind." + kind));
			StockViews.Fence.STATES.forEach((state) -> assertThat(bundle).containsKey("stock.fenceStatus." + state));
			StockViews.Transfer.STATES
				.forEach((state) -> assertThat(bundle).containsKey("stock.transferStatus." + state));
			for (StockViews.State state : StockViews.State.values()) {
				assertThat(bundle).containsKey("stock.state." + state);
			}
		}
	}

	private String page(MockHttpServletRequestBuilder request, OAuth2AuthenticationToken user) throws Exception {
		return this.mvc.perform(request.contextPath("/ops").with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private static Call last(String method, String uri) {
		return CALLS.reversed()
			.stream()
			.filter((call) -> call.method().equals(method) && call.uri().equals(uri))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + method + " " + uri + " in " + CALLS));
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static Properties bundle(String name) {
		Properties properties = new Properties();
		try (InputStream in = StockScreensTests.class.getResourceAsStream("/" + name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return properties;
	}

	/** inventory's admin API as far as these screens use it. */
	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", StockScreensTests::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String uri = exchange.getRequestURI().toString();
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		CALLS.add(new Call(method, uri, authorization, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
		int status = 200;
		String answer = "[]";
		String path = exchange.getRequestURI().getPath();
		if (method.equals("POST") && authorization.contains("token-of-viewer")) {
			status = 403;
			answer = problem(403, "Forbidden", "The access token does not grant this operation.");
		}
		else if (uri.equals("/admin/inventory/skus?q=jacket&limit=50")) {
			answer = """
					[{"sku": "JACKET-BLK-M", "name": "Down jacket, black, M", "reorderPoint": 20, "dropship": false},
					 {"sku": "JACKET-BLK-L", "name": "Down jacket, black, L", "reorderPoint": 20, "dropship": false}]""";
		}
		else if (uri.equals("/admin/inventory/skus?q=scarf&limit=50")) {
			answer = """
					[{"sku": "SCARF-RED", "name": "Silk scarf", "reorderPoint": 0}]""";
		}
		else if (path.equals("/admin/inventory/skus/" + SKU)) {
			answer = """
					{"sku": "JACKET-BLK-M", "name": "Down jacket, black, M", "category": "outerwear",
					 "brand": "Concord Basics", "dropship": false, "supplierId": "SUP-1", "reorderPoint": 20,
					 "attributes": {}}""";
		}
		else if (path.equals("/admin/inventory/stock/" + SKU)) {
			answer = """
					[{"sku": "JACKET-BLK-M", "location": "STORE-BJ-01", "onHand": 3, "reserved": 3, "safetyStock": 0,
					  "inTransit": 10, "available": 0},
					 {"sku": "JACKET-BLK-M", "location": "STORE-SH-01", "onHand": 8, "reserved": 1, "safetyStock": 2,
					  "inTransit": 0, "available": 5},
					 {"sku": "JACKET-BLK-M", "location": "WH-SH-01", "onHand": 192, "reserved": 40, "safetyStock": 2,
					  "inTransit": 0, "available": 150}]""";
		}
		else if (uri.equals("/admin/inventory/ring-fences?sku=" + SKU)) {
			answer = """
					[{"id": 41, "sku": "JACKET-BLK-M", "channel": "LIVESTREAM", "quantity": 20, "consumed": 8,
					  "remaining": 12, "sharePercent": null, "campaignId": "SINGLES-DAY", "startsAt": "2026-11-10T16:00:00Z",
					  "releaseAt": "2026-11-11T16:00:00Z", "releasedAt": null, "status": "ACTIVE"}]""";
		}
		else if (uri.equals("/admin/inventory/transfers?sku=" + SKU)) {
			answer = """
					[{"id": 77, "sku": "JACKET-BLK-M", "fromLocation": "WH-SH-01", "toLocation": "STORE-BJ-01",
					  "quantity": 10, "received": null, "status": "IN_TRANSIT", "reference": "TR-1",
					  "shippedAt": "2026-11-09T01:00:00Z", "receivedAt": null}]""";
		}
		else if (path.equals("/admin/inventory/stock/" + SKU + "/WH-SH-01/movements")) {
			answer = """
					[{"id": 9, "quantity": -2, "kind": "ADJUSTMENT", "reason": "DAMAGED", "reference": "QC-1187",
					  "actor": "staff:ops-manager", "at": "2026-11-09T02:00:00Z"},
					 {"id": 8, "quantity": -40, "kind": "SALE", "reason": null, "reference": "ORD-1",
					  "actor": "service:order-flow", "at": "2026-11-09T01:30:00Z"},
					 {"id": 1, "quantity": 150, "kind": "CYCLE_COUNT", "reason": "CYCLE_COUNT", "reference": null,
					  "actor": "staff:ops-manager", "at": "2026-11-01T01:00:00Z"}]""";
		}
		else if (path.endsWith("/NOWHERE/movements")) {
			status = 404;
			answer = problem(404, "Not found", "Stock level not found: JACKET-BLK-M at NOWHERE");
		}
		else if (path.equals("/admin/inventory/reconcile")) {
			answer = """
					[{"sku": "SCARF-RED", "location": "WH-SH-01", "onHand": 10, "ledgerSum": 7}]""";
		}
		else if (path.equals("/admin/inventory/adjustments")) {
			if (body.contains("\"quantity\":-999")) {
				status = 422;
				answer = problem(422, "Insufficient stock",
						"Only 148 unreserved units of JACKET-BLK-M are at WH-SH-01");
			}
			else {
				answer = """
						{"sku": "JACKET-BLK-M", "location": "WH-SH-01", "onHand": 148, "reserved": 0,
						 "safetyStock": 2, "inTransit": 0, "available": 146}""";
			}
		}
		else if (path.equals("/admin/inventory/counts")) {
			if (body.contains("\"counted\":-1")) {
				status = 400;
				answer = """
						{"type": "https://concord.example/problems/validation", "title": "Invalid request",
						 "status": 400, "detail": "The request has 1 invalid field(s).",
						 "errors": [{"field": "counted", "message": "must be greater than or equal to 0"}]}""";
			}
			else {
				answer = """
						{"sku": "JACKET-BLK-M", "location": "STORE-BJ-01", "onHand": 4, "reserved": 0,
						 "safetyStock": 0, "inTransit": 10, "available": 4}""";
			}
		}
		else if (path.equals("/admin/inventory/transfers")) {
			if (body.contains("NOWHERE")) {
				status = 404;
				answer = problem(404, "Not found", "SKU or location not found: NOWHERE");
			}
			else if (body.contains("\"quantity\":\"1.5\"")) {
				status = 400;
				answer = problem(400, "Malformed request",
						"The request body is missing or is not valid JSON of the expected shape.");
			}
			else {
				status = 201;
				answer = """
						{"id": 78, "sku": "JACKET-BLK-M", "fromLocation": "WH-SH-01", "toLocation": "STORE-BJ-01",
						 "quantity": 3, "status": "IN_TRANSIT", "shippedAt": "2026-11-09T03:00:00Z"}""";
			}
		}
		else if (path.equals("/admin/inventory/transfers/77/receipt")) {
			answer = """
					{"id": 77, "sku": "JACKET-BLK-M", "fromLocation": "WH-SH-01", "toLocation": "STORE-BJ-01",
					 "quantity": 10, "received": 9, "status": "RECEIVED", "shippedAt": "2026-11-09T01:00:00Z",
					 "receivedAt": "2026-11-09T05:00:00Z"}""";
		}
		else if (path.equals("/admin/inventory/ring-fences")) {
			status = 201;
			answer = """
					{"id": 42, "sku": "JACKET-BLK-M", "channel": "LIVESTREAM", "quantity": 45, "consumed": 0,
					 "remaining": 45, "sharePercent": 30, "status": "ACTIVE"}""";
		}
		else if (path.equals("/admin/inventory/ring-fences/41/release")) {
			answer = """
					{"id": 41, "sku": "JACKET-BLK-M", "channel": "LIVESTREAM", "quantity": 20, "consumed": 8,
					 "remaining": 12, "releasedAt": "2026-11-09T06:00:00Z", "status": "RELEASED"}""";
		}
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders()
			.set("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static String problem(int status, String title, String detail) {
		return """
				{"type": "https://concord.example/problems/x", "title": "%s", "status": %d, "detail": "%s"}"""
			.formatted(title, status, detail);
	}

}
