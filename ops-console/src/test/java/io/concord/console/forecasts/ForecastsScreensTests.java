package io.concord.console.forecasts;

import io.concord.console.SignedInStaff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The forecasts screens against a stand-in for the gateway (a real HTTP server answering
 * as inventory-service's admin API would): a SKU's forecast with its bands, history,
 * model and accuracy; the runs and a request for one by role (403 and 409 shown as the
 * API says them); stock gaps with lead times and order-by days; suggestions and a check
 * on demand; both languages.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class ForecastsScreensTests {

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private static final LocalDate TODAY = LocalDate.now(ZONE);

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
	void theForecastShowsHistoryBandsModelAndAccuracyWithTheUsersToken() throws Exception {
		String page = page("/ops/forecasts?sku=SKU-RED", signedIn("ops-viewer", "token-of-viewer"), "en");
		assertThat(CALLS).contains("GET /admin/inventory/forecasts/SKU-RED Bearer token-of-viewer",
				"GET /admin/inventory/demand/history?sku=SKU-RED&from=" + TODAY.minusDays(56) + "&to="
						+ TODAY.minusDays(1) + " Bearer token-of-viewer");
		assertThat(page).contains("WH-NORTH", "Ensemble 2026.11-3", "ETS(A,N,N)", "Accuracy over the last 28 days",
				// WAPE 12.5%, coverage of the 80% interval 78.6%, pinball 95% 4.2%.
				"12.5%", "78.6%", "4.2%", "src=\"/ops/js/forecasts.js\"", "data-label-band95=\"95% interval\"");
		// The chart's data: history from the CSV up to yesterday (whole days; a day with
		// no
		// row sold 0), the mean and each band as its lower bound plus its width.
		String chart = attribute(page, "data-chart");
		assertThat(chart).contains("\"location\":\"WH-NORTH\"", "\"dates\":[\"" + TODAY.minusDays(56) + "\"",
				"\"" + TODAY.plusDays(1) + "\"", "\"mean\":[", "10.5,12.0]", "\"lower80\":[", "8.0,9.0]",
				"\"band80\":[", "5.0,6.0]", "\"lower95\":[", "6.0,7.0]", "\"band95\":[", "9.0,10.0]");
		assertThat(chart).as("the history ends with 3, 2 (yesterday), none for today")
			.contains("\"history\":[0,", ",0,3,2,null,null]");
		// The same figures in a table, for screen readers and a glance.
		assertThat(page).contains("data-day=\"" + TODAY + "\"", "8.0 – 13.0", "6.0 – 15.0");
	}

	@Test
	void theForecastInChineseHasNoUntranslatedKey() throws Exception {
		String page = page("/ops/forecasts?sku=SKU-RED", signedIn("ops-viewer", "token-of-viewer"), "zh-CN");
		assertThat(page).contains("需求预测", "最近 28 天的预测准确度", "95% 区间", "预测方法").doesNotContain("??");
		for (String path : List.of("/ops/forecasts", "/ops/forecasts/runs", "/ops/forecasts/stock-gaps",
				"/ops/forecasts/replenishment?sku=SKU-RED")) {
			assertThat(page(path, signedIn("ops-manager", "token-of-manager"), "zh-CN")).as(path).doesNotContain("??");
		}
	}

	@Test
	void aSkuWithoutAForecastShowsTheApisAnswer() throws Exception {
		String page = page("/ops/forecasts?sku=NOPE", signedIn("ops-viewer", "token-of-viewer"), "en");
		assertThat(page).contains("id=\"failure\"", "404").doesNotContain("data-chart");
	}

	@Test
	void aManagerRequestsARunAndSeesThe409WhileOneIsInProgress() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		String runs = page("/ops/forecasts/runs", manager, "en");
		assertThat(runs).contains("id=\"request-run\"", "data-run-id=\"12\"", "Succeeded", "Ensemble 2026.11-3",
				"9f2c1e0d5a", "host-1:4242", "Nightly", "No contract for SUP-X",
				"global 0.7 + inverse-error combination, level x1.000");
		this.mvc.perform(post("/ops/forecasts/runs").contextPath("/ops").with(authentication(manager)).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/forecasts/runs"))
			.andExpect(flash().attribute("notice",
					"Forecast run 43 requested: the forecast job will pick it up within seconds."));
		assertThat(CALLS).contains("POST /admin/inventory/forecasts/runs Bearer token-of-manager");

		OAuth2AuthenticationToken busy = signedIn("ops-manager", "token-of-busy");
		this.mvc.perform(post("/ops/forecasts/runs").contextPath("/ops").with(authentication(busy)).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("failure",
					org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("409"),
							org.hamcrest.Matchers.containsString("Another forecast run is requested or running"))));
	}

	@Test
	void aViewerSeesNoRequestButtonAndTheirForgedRequestShowsThe403() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		assertThat(page("/ops/forecasts/runs", viewer, "en")).doesNotContain("id=\"request-run\"")
			.contains("requesting one needs ops manager");
		this.mvc.perform(post("/ops/forecasts/runs").contextPath("/ops").with(authentication(viewer)).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(page("/ops/forecasts/replenishment", viewer, "en")).doesNotContain("id=\"evaluate\"");
		this.mvc
			.perform(post("/ops/forecasts/replenishment/evaluations").contextPath("/ops")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(flash().attribute("failure", org.hamcrest.Matchers.containsString("(403)")));
	}

	@Test
	void stockGapsShowLeadTimesFromTheContractAndTheDayToOrderBy() throws Exception {
		String page = page("/ops/forecasts/stock-gaps?days=21", signedIn("ops-viewer", "token-of-viewer"), "en");
		assertThat(CALLS).contains("GET /admin/inventory/stock-gaps?days=21 Bearer token-of-viewer",
				"GET /admin/inventory/replenishment/SKU-RED Bearer token-of-viewer");
		String north = row(page, "data-location=\"WH-NORTH\"");
		// Runs out in 10 days, 7 days' lead time: order within 3 days.
		assertThat(north)
			.contains("href=\"/ops/forecasts?sku=SKU-RED\"", "7 days", "supplier contract", "SUP-WARMTH",
					TODAY.plusDays(3).toString())
			.doesNotContain("late");
		// Runs out in 3 days with 7 days' lead time: should have been ordered 4 days ago.
		assertThat(row(page, "data-location=\"WH-SOUTH\"")).contains(TODAY.minusDays(4).toString(), "late",
				"inventory setting");
	}

	@Test
	void replenishmentShowsSuggestionsPlansAndAManagersCheck() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		String page = page("/ops/forecasts/replenishment?status=OPEN&sku=SKU-RED", manager, "en");
		assertThat(CALLS)
			.contains("GET /admin/inventory/replenishment/suggestions?status=OPEN&sku=SKU-RED Bearer token-of-manager");
		assertThat(row(page, "data-suggestion-id=\"sg-1\"")).contains("SKU-RED", "Open", "120", "SUP-WARMTH", "7 days",
				TODAY.minusDays(1).toString(), TODAY.plusDays(6).toString(), "late");
		assertThat(page).contains("id=\"plans\"", "40 / 5 / 0 / 0", "120 (min 24, ×12)", "id=\"evaluate\"");
		this.mvc
			.perform(post("/ops/forecasts/replenishment/evaluations").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/forecasts/replenishment"))
			.andExpect(flash().attribute("notice", "Replenishment checked: 2 new suggestions."));
	}

	@Test
	void everyStatusTriggerAndTermsSourceTheApiNamesHasALabelInBothLanguages() throws IOException {
		for (String language : List.of("", "_zh_CN")) {
			Properties bundle = new Properties();
			try (InputStream in = getClass().getResourceAsStream("/i18n/forecasts" + language + ".properties")) {
				bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
			}
			ForecastRun.STATUSES.forEach((s) -> assertThat(bundle).containsKey("forecasts.status." + s));
			ForecastRun.TRIGGERS.forEach((t) -> assertThat(bundle).containsKey("forecasts.trigger." + t));
			Supply.TERMS_SOURCES.forEach((t) -> assertThat(bundle).containsKey("forecasts.terms." + t));
			Supply.SUGGESTION_STATUSES.forEach((s) -> assertThat(bundle).containsKey("forecasts.suggestion." + s));
		}
	}

	@Test
	void theHistoryIsReadForTheSkuOnly() {
		assertThat(ForecastsController.history("""
				date,sku,location,quantity,price,promo
				2026-11-10,SKU-RED,WH-NORTH,4,,false
				2026-11-10,SKU-BLUE,WH-NORTH,9,,false
				2026-11-11,SKU-RED,WH-NORTH,7,,true
				2026-11-11,SKU-RED,WH-SOUTH,1,,false
				garbage
				""", "SKU-RED"))
			.isEqualTo(Map.of("WH-NORTH", Map.of(LocalDate.of(2026, 11, 10), 4L, LocalDate.of(2026, 11, 11), 7L),
					"WH-SOUTH", Map.of(LocalDate.of(2026, 11, 11), 1L)));
	}

	private String page(String path, OAuth2AuthenticationToken user, String lang) throws Exception {
		String[] parts = path.split("\\?", 2);
		var request = get(parts[0]).contextPath("/ops").with(authentication(user)).param("lang", lang);
		if (parts.length > 1) {
			for (String pair : parts[1].split("&")) {
				String[] kv = pair.split("=", 2);
				request.param(kv[0], kv[1]);
			}
		}
		return this.mvc.perform(request)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	/** An attribute's value, unescaped. */
	private static String attribute(String page, String name) {
		int start = page.indexOf(name + "=\"") + name.length() + 2;
		assertThat(start).as(name).isGreaterThan(name.length() + 1);
		return page.substring(start, page.indexOf('"', start)).replace("&quot;", "\"");
	}

	/** The table row holding the marker. */
	private static String row(String page, String marker) {
		int at = page.indexOf(marker);
		assertThat(at).as(marker).isPositive();
		return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", ForecastsScreensTests::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String token = exchange.getRequestHeaders().getFirst("Authorization");
		CALLS.add(method + " " + exchange.getRequestURI() + " " + token);
		String path = exchange.getRequestURI().getPath();
		int status = 200;
		String type = "application/json";
		String body = "[]";
		if (method.equals("POST") && token.endsWith("token-of-viewer")) {
			status = 403;
			body = """
					{"type": "https://concord.example/problems/forbidden", "title": "Forbidden", "status": 403,
					 "detail": "The access token does not grant this operation."}""";
		}
		else if (method.equals("POST") && path.equals("/admin/inventory/forecasts/runs")) {
			if (token.endsWith("token-of-busy")) {
				status = 409;
				body = """
						{"type": "https://concord.dev/problems/forecast-run-in-progress", "status": 409,
						 "title": "A forecast run is in progress",
						 "detail": "Another forecast run is requested or running; try again when it ends"}""";
			}
			else {
				status = 202;
				body = run(43, "REQUESTED", null);
			}
		}
		else if (method.equals("POST") && path.equals("/admin/inventory/replenishment/evaluations")) {
			body = "{\"suggested\": 2}";
		}
		else if (path.equals("/admin/inventory/forecasts/runs")) {
			body = "[" + run(12, "SUCCEEDED", null) + "," + run(11, "FAILED", "No contract for SUP-X") + "]";
		}
		else if (path.equals("/admin/inventory/forecasts/SKU-RED")) {
			body = """
					[{"sku": "SKU-RED", "location": "WH-NORTH", "model": "ETS(A,N,N)", "modelName": "Ensemble",
					  "modelVersion": "2026.11-3", "promotionLift": 1.4, "sigma": 2.1, "firstDay": "%1$s",
					  "generatedAt": "2026-11-08T02:00:00Z", "runId": 12, "extra": "ignored",
					  "days": [{"day": "%1$s", "mean": 10.5, "lower80": 8, "upper80": 13, "lower95": 6, "upper95": 15},
					           {"day": "%2$s", "mean": 12, "lower80": 9, "upper80": 15, "lower95": 7, "upper95": 17}],
					  "accuracy": {"days": 28, "actualUnits": 280, "forecastUnits": 300.5, "wapePercent": 12.5,
					               "biasPercent": 7.3, "coverage80Percent": 78.57, "coverage95Percent": 96.4,
					               "pinball80Percent": 6.1, "pinball95Percent": 4.2}}]""".formatted(TODAY,
					TODAY.plusDays(1));
		}
		else if (path.startsWith("/admin/inventory/forecasts/")) {
			status = 404;
			body = """
					{"type": "https://concord.dev/problems/not-found", "title": "Not found", "status": 404,
					 "detail": "Forecast of SKU NOPE not found"}""";
		}
		else if (path.equals("/admin/inventory/demand/history")) {
			type = "text/csv";
			body = "date,sku,location,quantity,price,promo\n" + TODAY.minusDays(2) + ",SKU-RED,WH-NORTH,3,,false\n"
					+ TODAY.minusDays(1) + ",SKU-RED,WH-NORTH,2,,false\n";
		}
		else if (path.equals("/admin/inventory/stock-gaps")) {
			body = """
					[{"sku": "SKU-RED", "location": "WH-SOUTH", "available": 4, "incoming": 0, "forecastDemand": 9.5,
					  "runsOutOn": "%s", "daysOfCover": 3, "shortfall": 30, "openSuggestionId": "sg-2"},
					 {"sku": "SKU-RED", "location": "WH-NORTH", "available": 40, "incoming": 0, "forecastDemand": 120,
					  "runsOutOn": "%s", "daysOfCover": 10, "shortfall": 80, "openSuggestionId": null}]"""
				.formatted(TODAY.plusDays(3), TODAY.plusDays(10));
		}
		else if (path.equals("/admin/inventory/replenishment/suggestions")) {
			Instant made = TODAY.minusDays(1).atTime(10, 0).atZone(ZONE).toInstant();
			body = """
					[{"id": "sg-1", "sku": "SKU-RED", "location": "WH-NORTH", "quantity": 120,
					  "supplierId": "SUP-WARMTH", "needBy": "%s", "safetyStock": 12, "reorderPoint": 60,
					  "orderUpTo": 160, "position": 40, "status": "OPEN", "createdAt": "%s", "termsSource": "CONTRACT"}]"""
				.formatted(made.plus(java.time.Duration.ofDays(7)), made);
		}
		else if (path.equals("/admin/inventory/replenishment/SKU-RED")) {
			body = """
					[{"sku": "SKU-RED", "location": "WH-NORTH", "model": "ETS", "leadTimeDemand": 70.5,
					  "policy": {"sku": "SKU-RED", "location": "WH-NORTH", "leadTimeDays": 7, "reviewDays": 7,
					             "serviceLevel": 0.95, "supplierId": "SUP-WARMTH", "minimumOrder": 24,
					             "orderMultiple": 12, "configured": false, "termsSource": "CONTRACT"},
					  "position": {"onHand": 40, "reserved": 5, "inTransit": 0, "onOrder": 0},
					  "safetyStock": 12, "reorderPoint": 60, "orderUpTo": 160, "quantityToOrder": 120,
					  "openSuggestion": null},
					 {"sku": "SKU-RED", "location": "WH-SOUTH", "model": "ETS", "leadTimeDemand": 20,
					  "policy": {"sku": "SKU-RED", "location": "WH-SOUTH", "leadTimeDays": 7, "reviewDays": 7,
					             "serviceLevel": 0.95, "supplierId": null, "minimumOrder": 1,
					             "orderMultiple": 1, "configured": false, "termsSource": "SETTING"},
					  "position": {"onHand": 4, "reserved": 0, "inTransit": 0, "onOrder": 0},
					  "safetyStock": 3, "reorderPoint": 20, "orderUpTo": 40, "quantityToOrder": 36,
					  "openSuggestion": null}]""";
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", (status >= 400) ? "application/problem+json" : type);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static String run(long id, String status, String failure) {
		return """
				{"id": %d, "trigger": "%s", "status": "%s", "requestedBy": "staff:ops-manager",
				 "firstDay": "2026-11-08", "horizon": 28, "requestedAt": "2026-11-08T02:00:00Z",
				 "startedAt": "2026-11-08T02:00:05Z", "finishedAt": "2026-11-08T02:01:05Z", "runner": "host-1:4242",
				 "model": {"name": "Ensemble", "version": "2026.11-3",
				           "artefactSha256": "9f2c1e0d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
				           "trainingRows": 5000, "trainingSeconds": 12.5,
				           "blend": "global 0.7 + inverse-error combination, level x1.000"},
				 "series": 40, "models": {"ETS": 30, "Croston": 10}, "censoredDays": 3, "failure": %s}""".formatted(id,
				(id == 12) ? "ON_DEMAND" : "SCHEDULED", status, (failure != null) ? "\"" + failure + "\"" : "null");
	}

}
