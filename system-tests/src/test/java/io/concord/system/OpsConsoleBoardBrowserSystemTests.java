package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full peak board and the operations screen in a real browser against the running
 * stack: after an order placed through the gateway the board shows checkout latency and
 * each service's outbox backlog, its figures link to the screens with the detail, a range
 * switch changes the range the KPI figures cover, and the Chinese pages have no
 * untranslated keys. Both screens are read-only: there is nothing for a viewer to be
 * refused here (the API's 403 for reads without a role is covered in the web tests).
 */
class OpsConsoleBoardBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MILLIS = ".*\\d ms / .*\\d ms";

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void theBoardShowsTheNewFiguresDrillsDownAndSwitchesRange() {
		String gateway = SystemStack.get().gatewayUrl();
		String orderId = placedOrder(gateway);

		WebDriver page = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		// Checkout latency from fulfillment's own figures (the order above was placed).
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textMatches(By.id("checkout-latency"), java.util.regex.Pattern.compile(MILLIS)));
		By fulfillment = By.cssSelector("#services tr[data-service='fulfillment-service'] td:nth-child(2)");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(fulfillment));
		assertThat(page.findElement(fulfillment).getText()).as("outbox backlog").matches("\\d+");
		for (String service : java.util.List.of("member-service", "inventory-service", "promotion-service")) {
			assertThat(page.findElement(By.cssSelector("#services tr[data-service='" + service + "'] td:nth-child(2)"))
				.getText()).as(service).matches("\\d+");
		}
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textMatches(By.id("out-of-stock"), java.util.regex.Pattern.compile("\\d+")));
		assertThat(ConsoleBrowser.text(page, "range-shown")).isEqualTo("24 h");
		// Drill-down: each figure links to the screen with its detail.
		assertThat(page.findElement(By.id("rejected")).getAttribute("href")).endsWith("/ops/orders?status=REJECTED");
		assertThat(page.findElement(By.id("stock-gaps-link")).getAttribute("href"))
			.endsWith("/ops/forecasts/stock-gaps");
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("tr[data-order-id='" + orderId + "'] a")));
		assertThat(page.findElement(By.cssSelector("tr[data-order-id='" + orderId + "'] a")).getAttribute("href"))
			.endsWith("/ops/orders/" + orderId);
		assertThat(
				page.findElement(By.cssSelector("#services tr[data-service='fulfillment-service'] td:nth-child(5) a"))
					.getAttribute("href"))
			.endsWith("/ops/dead-letters?service=fulfillment-service");
		ConsoleBrowser.screenshot(page, "board-en");

		// A range switch: the page and its stream cover the last 15 minutes.
		page.findElement(By.id("range-15m")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.urlContains("range=15m"));
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.textToBe(By.id("range-shown"), "15 min"));
		assertThat(page.findElement(By.id("range-15m")).getAttribute("aria-current")).isEqualTo("true");

		// One click from the services' figures to the operations screen.
		page.findElement(By.id("operations-link")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("#services tr[data-service='fulfillment-service']")));
		assertThat(page.getCurrentUrl()).endsWith("/ops/operations");
		assertThat(
				page.findElement(By.cssSelector("#fulfillment-service tr[data-endpoint='POST /api/orders']")).getText())
			.contains("ms");
		ConsoleBrowser.screenshot(page, "operations-en");
	}

	@Test
	void theChineseBoardAndOperationsHaveNoUntranslatedKeys() {
		WebDriver page = this.browser.signedIn("zh-CN", "ops-manager");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("#services tr[data-service='fulfillment-service']")));
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textMatches(By.id("out-of-stock"), java.util.regex.Pattern.compile("\\d+")));
		ConsoleBrowser.translated(page, "下单延迟");
		ConsoleBrowser.translated(page, "各服务的发件箱");
		assertThat(ConsoleBrowser.text(page, "range-shown")).isEqualTo("24 小时");
		ConsoleBrowser.screenshot(page, "board-zh-CN");
		ConsoleBrowser.go(page, "operations");
		ConsoleBrowser.translated(page, "运行状况");
		ConsoleBrowser.translated(page, "发件箱积压");
		ConsoleBrowser.screenshot(page, "operations-zh-CN");
	}

	/** An order placed through the gateway (so checkout latency has a sample). */
	private static String placedOrder(String gateway) {
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-BRD-" + UUID.randomUUID().toString().substring(0, 8);
		String warehouse = "WH-" + sku;
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Silk scarf\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Ningbo DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/inventory/channels/LIVESTREAM/locations", manager,
				"{\"locations\":[\"" + warehouse + "\"]}"));
		ok(TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":5,\"reason\":\"INITIAL_COUNT\"}"));
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Silk scarf\",\"unitPriceMinor\":5900,\"currency\":\"CNY\"}"));
		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders",
				SystemStack.get().newMemberToken("LIVESTREAM"),
				"""
						{"channel": "LIVESTREAM", "lines": [{"sku": "%s", "quantity": 1}],
						 "shippingAddress": {"name": "Ops", "phone": "+8613900000000", "city": "Ningbo", "line1": "1 Port"}}"""
					.formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
