package io.concord.system;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock screens in a real browser against the running stack, through the gateway: an
 * ops manager finds a SKU by name, sees its empty and low locations marked, adjusts stock
 * (the API shows it, the ledger lists it), has a bad adjustment refused in the form with
 * the values kept, fences units for a channel and releases them; an ops viewer sees no
 * form or button and a forged adjustment of theirs is refused by the API (403); the
 * Chinese pages have no untranslated keys.
 */
class OpsConsoleStockBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	private final String gateway = SystemStack.get().gatewayUrl();

	private final String manager = SystemStack.get().staffToken("ops-manager");

	@Test
	void anOpsManagerAdjustsStockAndFencesUnitsAndTheApiShowsIt() {
		String sku = stocked();
		WebDriver page = this.browser.signedIn("en", "ops-manager");
		// Found by its name: the only match opens its stock.
		ConsoleBrowser.go(page, "stock?q=" + sku.toLowerCase() + "%20parka");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("levels")));
		assertThat(state(page, "WH-" + sku)).isEqualTo("OK");
		assertThat(state(page, "ST-" + sku)).isEqualTo("LOW");
		assertThat(state(page, "EMPTY-" + sku)).isEqualTo("OUT");

		fill(page, "adjust-location", "WH-" + sku);
		fill(page, "adjust-quantity", "7");
		fill(page, "adjust-reason", "FOUND");
		fill(page, "adjust-reference", "QC-SYS-1");
		page.findElement(By.id("adjust-submit")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("WH-" + sku, "27 on hand");
		assertThat(level(sku, "WH-" + sku).path("onHand").asInt()).isEqualTo(27);
		ConsoleBrowser.screenshot(page, "stock-en");

		// Too many units out: the API's 422 in the form, with what was typed.
		fill(page, "adjust-location", "WH-" + sku);
		fill(page, "adjust-quantity", "-999");
		fill(page, "adjust-reason", "DAMAGED");
		page.findElement(By.id("adjust-submit")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#adjust-form #failure")));
		assertThat(page.findElement(By.cssSelector("#adjust-form #failure")).getText()).contains("422",
				"unreserved units");
		assertThat(page.findElement(By.id("adjust-quantity")).getAttribute("value")).isEqualTo("-999");
		assertThat(level(sku, "WH-" + sku).path("onHand").asInt()).isEqualTo(27);

		// A ring-fence for the livestream, then released.
		fill(page, "fence-channel", "LIVESTREAM");
		fill(page, "fence-amount", "4");
		page.findElement(By.id("fence-submit")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		WebElement fence = page.findElement(By.cssSelector("#fences tr[data-fence-id]"));
		String fenceId = fence.getAttribute("data-fence-id");
		assertThat(fence.getAttribute("data-status")).isEqualTo("ACTIVE");
		assertThat(ConsoleBrowser.text(page, "fenced")).isEqualTo("4");
		assertThat(get("/admin/inventory/ring-fences/" + fenceId).path("quantity").asInt()).isEqualTo(4);
		page.findElement(By.id("release-" + fenceId)).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
					"Ring-fence " + fenceId + " released"));
		assertThat(get("/admin/inventory/ring-fences/" + fenceId).path("status").asString()).isEqualTo("RELEASED");
		assertThat(page.findElement(By.cssSelector("tr[data-fence-id='" + fenceId + "']")).getAttribute("data-status"))
			.isEqualTo("RELEASED");
		assertThat(page.findElements(By.id("release-" + fenceId))).as("a released fence offers no action").isEmpty();
		assertThat(ConsoleBrowser.text(page, "fenced")).isEqualTo("0");

		// The ledger of the warehouse lists the adjustment, newest first.
		page.findElement(By.cssSelector("a[data-movements='WH-" + sku + "']")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("movements")));
		WebElement newest = page.findElement(By.cssSelector("#movements tbody tr"));
		assertThat(newest.getAttribute("data-kind")).isEqualTo("ADJUSTMENT");
		assertThat(newest.getText()).contains("+7", "FOUND", "QC-SYS-1", "staff:ops-manager");
		ConsoleBrowser.screenshot(page, "stock-movements-en");
	}

	@Test
	void aViewerSeesNoFormOrButtonAndAForgedAdjustmentIsRefused() {
		String sku = stocked();
		WebDriver page = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.go(page, "stock?sku=" + sku);
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("levels")));
		assertThat(page.findElements(By.cssSelector("form[method=post]:not([action$='/logout'])"))).isEmpty();
		assertThat(ConsoleBrowser.text(page, "read-only")).contains("needs ops manager");
		ConsoleBrowser.forgePost(page, "stock/adjustments",
				Map.of("sku", sku, "location", "WH-" + sku, "quantity", "5", "reason", "FOUND"));
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(page, "failure")).contains("Not allowed", "403");
		assertThat(level(sku, "WH-" + sku).path("onHand").asInt()).isEqualTo(20);
	}

	@Test
	void theChineseStockPagesHaveNoUntranslatedKeys() {
		String sku = stocked();
		WebDriver page = this.browser.signedIn("zh-CN", "ops-manager");
		ConsoleBrowser.go(page, "stock?sku=" + sku);
		ConsoleBrowser.translated(page, "各仓点库存");
		assertThat(page.findElement(By.cssSelector("tr[data-location='EMPTY-" + sku + "']")).getText()).contains("缺货");
		ConsoleBrowser.screenshot(page, "stock-zh-CN");
		ConsoleBrowser.go(page, "stock/" + sku + "/WH-" + sku + "/movements");
		ConsoleBrowser.translated(page, "库存流水");
		ConsoleBrowser.go(page, "stock/reconcile");
		ConsoleBrowser.translated(page, "台账核对");
	}

	/**
	 * A SKU (reorder point 5) with 20 units at a warehouse, 2 at a store (low) and none
	 * at another (out of stock), set up through the gateway.
	 */
	private String stocked() {
		String sku = "SYS-STK-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		ok(call("PUT", "/admin/inventory/skus/" + sku, "{\"name\":\"" + sku + " parka\",\"reorderPoint\":5}"));
		for (String location : new String[] { "WH-", "ST-", "EMPTY-" }) {
			ok(call("PUT", "/admin/inventory/locations/" + location + sku,
					"{\"name\":\"Ningbo " + location + "\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}"));
		}
		adjust(sku, "WH-" + sku, 20);
		adjust(sku, "ST-" + sku, 2);
		adjust(sku, "EMPTY-" + sku, 1);
		adjust(sku, "EMPTY-" + sku, -1);
		return sku;
	}

	private void adjust(String sku, String location, int quantity) {
		ok(call("POST", "/admin/inventory/adjustments", "{\"sku\":\"" + sku + "\",\"location\":\"" + location
				+ "\",\"quantity\":" + quantity + ",\"reason\":\"INITIAL_COUNT\"}"));
	}

	private JsonNode level(String sku, String location) {
		for (JsonNode level : get("/admin/inventory/stock/" + sku)) {
			if (level.path("location").asString().equals(location)) {
				return level;
			}
		}
		throw new AssertionError("no stock of " + sku + " at " + location);
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = call("GET", path, null);
		ok(response);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> call(String method, String path, String body) {
		return TestHttp.call(this.gateway, method, path, this.manager, body);
	}

	private static String state(WebDriver page, String location) {
		return page.findElement(By.cssSelector("tr[data-location='" + location + "']")).getAttribute("data-state");
	}

	private static void fill(WebDriver page, String id, String value) {
		WebElement field = page.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
