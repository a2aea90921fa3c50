package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forecasts screens in a real browser against the running stack, through the gateway:
 * an ops-manager requests a forecast run and sees it listed until the stack's forecast
 * job process has carried it out, then a SKU's forecast page shows its chart with the 80%
 * and 95% bands (and the same figures in a table), the model's name and version, and the
 * SKU's stock gap with the contract's lead time; the Chinese pages have no untranslated
 * key; an ops-viewer sees no request button and a forged request is refused by the API
 * (403).
 */
class OpsConsoleForecastsBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * How long a run may take in the shared stack (the job polls every 5 s; another
	 * test's or the nightly run may be ahead of ours).
	 */
	private static final Duration RUN = Duration.ofSeconds(120);

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void aManagerRequestsARunAndTheSkusForecastShowsItsBandsModelAndGap() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = forecastable(gateway, manager);
		// One run at a time: wait out one already requested or running.
		await().atMost(RUN)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> !runs(gateway, manager).isEmpty()
					? !List.of("REQUESTED", "RUNNING").contains(runs(gateway, manager).get(0).path("status").asString())
					: true);

		WebDriver page = this.browser.signedIn("en", "ops-manager");
		ConsoleBrowser.go(page, "forecasts/runs");
		page.findElement(By.id("request-run")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("requested");
		long run = runs(gateway, manager).get(0).path("id").asLong();
		assertThat(ConsoleBrowser.text(page, "notice")).contains("run " + run + " requested");
		assertThat(page.findElement(By.cssSelector("tr[data-run-id='" + run + "']")).getAttribute("data-status"))
			.isIn("REQUESTED", "RUNNING", "SUCCEEDED");
		assertThat(runs(gateway, manager).get(0).path("requestedBy").asString()).isEqualTo("staff:ops-manager");

		// Followed on the page (Refresh) until the job process has carried it out.
		new WebDriverWait(page, RUN, Duration.ofSeconds(2)).until((driver) -> {
			driver.findElement(By.id("refresh")).click();
			return !driver.findElements(By.cssSelector("tr[data-run-id='" + run + "'][data-status='SUCCEEDED']"))
				.isEmpty();
		});
		ConsoleBrowser.screenshot(page, "forecast-runs-en");

		ConsoleBrowser.go(page, "forecasts?sku=" + sku);
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".forecast-chart canvas")));
		assertThat(page.findElement(By.cssSelector(".forecast-chart")).getAttribute("data-chart"))
			.contains("\"lower80\"", "\"band80\"", "\"lower95\"", "\"band95\"", "\"history\"");
		assertThat(page.findElements(By.cssSelector(".forecast-days tr[data-day]"))).hasSizeGreaterThan(7);
		JsonNode forecast = JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/inventory/forecasts/" + sku, manager, null).body());
		assertThat(page.findElement(By.cssSelector(".model-name")).getText()).isEqualTo(
				forecast.get(0).path("modelName").asString() + " " + forecast.get(0).path("modelVersion").asString());
		assertThat(page.findElement(By.cssSelector(".forecast-days tr[data-day] td:nth-child(3)")).getText())
			.as("80% interval of the first day")
			.contains("–");
		ConsoleBrowser.screenshot(page, "forecast-en");

		// About 10 a day against 12 units: a gap, ordered by the contract's 7 days ahead.
		ConsoleBrowser.go(page, "forecasts/stock-gaps?days=14");
		String gap = page.findElement(By.cssSelector("#gaps tr[data-sku='" + sku + "']")).getText();
		assertThat(gap).contains("7 days", "supplier contract");
		page.findElement(By.cssSelector("#gaps tr[data-sku='" + sku + "'] a.to-forecast")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.urlContains("forecasts?sku=" + sku));

		// The same page in Chinese, without an untranslated key.
		ConsoleBrowser.go(page, "forecasts?sku=" + sku + "&lang=zh-CN");
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".forecast-chart canvas")));
		ConsoleBrowser.translated(page, "95% 区间");
		ConsoleBrowser.screenshot(page, "forecast-zh-CN");
		for (String screen : List.of("forecasts/runs", "forecasts/stock-gaps", "forecasts/replenishment?sku=" + sku)) {
			ConsoleBrowser.go(page, screen);
			ConsoleBrowser.translated(page, "预测与补货");
		}
	}

	@Test
	void aViewerSeesNoRequestButtonAndAForgedRequestIsRefused() {
		WebDriver viewer = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.go(viewer, "forecasts/runs");
		assertThat(viewer.findElements(By.id("request-run"))).isEmpty();
		assertThat(ConsoleBrowser.text(viewer, "read-only")).contains("needs ops manager");
		ConsoleBrowser.forgePost(viewer, "forecasts/runs", Map.of());
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(viewer, "failure")).contains("Not allowed", "403");

		ConsoleBrowser.go(viewer, "forecasts/replenishment");
		assertThat(viewer.findElements(By.id("evaluate"))).isEmpty();
		ConsoleBrowser.forgePost(viewer, "forecasts/replenishment/evaluations", Map.of());
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(viewer, "failure")).contains("Not allowed", "403");
	}

	/**
	 * A SKU stocked at one warehouse with 12 units, a supplier contract of 7 days' lead
	 * time and eight weeks of about 10 sold a day: the next run forecasts it.
	 */
	private static String forecastable(String gateway, String manager) {
		String sku = "SYS-FCUI-" + UUID.randomUUID().toString().substring(0, 8);
		String warehouse = "WH-" + sku;
		String supplier = "SUP-" + sku;
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager,
				"{\"name\":\"Down jacket\",\"supplierId\":\"" + supplier + "\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Hangzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}"));
		ok(TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":12,\"reason\":\"INITIAL_COUNT\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Down jacket\",\"unitPriceMinor\":59900,\"currency\":\"CNY\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/suppliers/" + supplier, manager, """
				{"name": "Down works", "webhookSecret": "down-works-webhook-secret-0001",
				 "contracts": [{"sku": "%s", "unitPriceMinor": 31000, "currency": "CNY", "leadTimeDays": 7}]}"""
			.formatted(sku)));
		StringBuilder history = new StringBuilder("date,sku,location,quantity,price,promo\n");
		for (int d = 56; d >= 1; d--) {
			history.append(LocalDate.now().minusDays(d))
				.append(',')
				.append(sku)
				.append(',')
				.append(warehouse)
				.append(',')
				.append(8 + d % 5)
				.append(",59900,false\n");
		}
		ok(TestHttp.call(gateway, "POST", "/admin/inventory/demand/history", manager, history.toString(),
				Map.of("Content-Type", "text/csv")));
		return sku;
	}

	private static List<JsonNode> runs(String gateway, String manager) {
		HttpResponse<String> runs = TestHttp.call(gateway, "GET", "/admin/inventory/forecasts/runs", manager, null);
		assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
		List<JsonNode> list = new java.util.ArrayList<>();
		JSON.readTree(runs.body()).forEach(list::add);
		return list;
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
