package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The campaigns and prices screens of the ops console in a real browser (headless
 * Chromium) against the running stack, through the gateway: an ops-manager creates a
 * campaign with a coupon drop, activates and pauses it, and the API shows each status;
 * the statistics show the drop's claimed coupons once a shopper claimed one through the
 * gateway; an ops-viewer sees no action buttons and a forged pause of theirs is refused
 * by the API (403); the Chinese pages have no untranslated keys; a SKU's prices page
 * shows its price per channel.
 */
class OpsConsoleCampaignsBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The console's business zone on the local stack (its default).
	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void aManagerCreatesActivatesAndPausesACampaignWithACouponDropAndSeesItsCouponBurn() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = "OPS-C-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		String drop = campaign + "-DROP";

		WebDriver page = this.browser.signedIn("en", "ops-manager");
		ConsoleBrowser.go(page, "campaigns");
		page.findElement(By.id("new-id")).sendKeys(campaign);
		page.findElement(By.id("new-name")).sendKeys("Console sale");
		// Started yesterday (in the business zone), so activating runs it at once.
		LocalDateTime start = LocalDateTime.now(ZONE).minusDays(1).truncatedTo(ChronoUnit.MINUTES);
		type(page, "new-starts", start.toString());
		type(page, "new-ends", start.plusDays(3).toString());
		page.findElement(By.id("create")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("Campaign " + campaign + " created");
		assertThat(status(page)).isEqualTo("DRAFT");
		assertThat(apiStatus(gateway, manager, campaign)).isEqualTo("DRAFT");

		page.findElement(By.id("p-name")).sendKeys("30 off 200");
		page.findElement(By.id("p-id")).sendKeys(drop);
		page.findElement(By.id("p-amount")).sendKeys("30.00");
		page.findElement(By.id("p-spend")).sendKeys("200");
		page.findElement(By.id("p-quantity")).sendKeys("50");
		page.findElement(By.id("add")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Promotion " + drop + " added"));
		assertThat(page.findElement(By.cssSelector("#promotions tr[data-promotion-id='" + drop + "']")).getText())
			.contains("coupon drop", "CN¥30.00", "CN¥200.00", "50 coupons");

		act(page, "activate", "activated");
		assertThat(status(page)).isEqualTo("ACTIVE");
		assertThat(apiStatus(gateway, manager, campaign)).isEqualTo("ACTIVE");
		act(page, "pause", "paused");
		assertThat(status(page)).isEqualTo("PAUSED");
		assertThat(apiStatus(gateway, manager, campaign)).isEqualTo("PAUSED");
		act(page, "activate", "activated");
		assertThat(apiStatus(gateway, manager, campaign)).isEqualTo("ACTIVE");

		String shopper = SystemStack.get().newMemberToken("APP");
		String key = "sys-console-claim-" + campaign;
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
			HttpResponse<String> claimed = TestHttp.call(gateway, "POST", "/api/promotions/coupons/" + drop + "/claim",
					shopper, "", Map.of("Idempotency-Key", key));
			assertThat(claimed.statusCode()).as(claimed.body()).isIn(201, 503);
			return claimed.statusCode() == 201;
		});
		String row = "#statistics-table tr[data-promotion-id='" + drop + "']";
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
			ConsoleBrowser.go(page, "campaigns/" + campaign);
			return page.findElement(By.cssSelector(row + " td.claimed")).getText().equals("1");
		});
		assertThat(page.findElement(By.cssSelector(row + " td.minted")).getText()).isEqualTo("50");
		assertThat(page.findElement(By.cssSelector(row + " td.left")).getText()).isEqualTo("49");
		assertThat(page.findElement(By.cssSelector(row + " td.burn")).getText()).contains("2.0%");
		ConsoleBrowser.screenshot(page, "campaigns-detail-en");
	}

	@Test
	void aViewerSeesNoActionButtonsAndAForgedPauseIsRefused() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = runningCampaign(gateway, manager);

		WebDriver page = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.go(page, "campaigns/" + campaign);
		assertThat(status(page)).isEqualTo("ACTIVE");
		for (String button : new String[] { "activate", "pause", "end", "add-promotion" }) {
			assertThat(page.findElements(By.id(button))).as(button).isEmpty();
		}
		assertThat(page.findElements(By.cssSelector(".pause-promotion, .resume-promotion"))).isEmpty();
		assertThat(ConsoleBrowser.text(page, "read-only")).contains("needs ops manager");
		ConsoleBrowser.go(page, "campaigns");
		assertThat(page.findElements(By.id("create-campaign"))).isEmpty();

		ConsoleBrowser.go(page, "campaigns/" + campaign);
		ConsoleBrowser.forgePost(page, "campaigns/" + campaign + "/pause", Map.of());
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(page, "failure")).contains("Not allowed", "403");
		assertThat(status(page)).isEqualTo("ACTIVE");
		assertThat(apiStatus(gateway, manager, campaign)).isEqualTo("ACTIVE");
	}

	@Test
	void theChinesePagesHaveNoUntranslatedKeysAndAPricesPageShowsTheChannelPrices() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = runningCampaign(gateway, manager);
		String sku = "SYS-CPRICE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		price(gateway, manager, sku, "ALL", 19800, 16800);
		price(gateway, manager, sku, "APP", 19800, 15800);

		WebDriver page = this.browser.signedIn("zh-CN", "ops-manager");
		ConsoleBrowser.go(page, "campaigns");
		ConsoleBrowser.translated(page, "活动与促销");
		ConsoleBrowser.go(page, "campaigns/" + campaign);
		ConsoleBrowser.translated(page, "各批优惠券领取进度");
		assertThat(page.findElement(By.id("pause")).getText()).isEqualTo("暂停");
		ConsoleBrowser.screenshot(page, "campaigns-detail-zh-CN");

		ConsoleBrowser.go(page, "prices?sku=" + sku);
		ConsoleBrowser.translated(page, "各渠道当前价格");
		assertThat(page.findElement(By.cssSelector("#channel-prices tr[data-channel='ALL']")).getText())
			.contains("全部渠道", "¥168.00", "¥198.00");
		assertThat(page.findElement(By.cssSelector("#channel-prices tr[data-channel='APP']")).getText())
			.contains("¥158.00");
		assertThat(page.findElements(By.cssSelector("#history tr[data-entry-id]"))).hasSize(2);
		ConsoleBrowser.screenshot(page, "prices-zh-CN");

		// The language link keeps the choice in a cookie (and leaves the page's query).
		page.findElement(By.id("lang-en")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Prices"));
		ConsoleBrowser.go(page, "prices?sku=" + sku);
		assertThat(page.findElement(By.cssSelector("#channel-prices tr[data-channel='APP']")).getText())
			.contains("CN¥158.00");
		ConsoleBrowser.screenshot(page, "prices-en");
	}

	/** Sets a datetime-local field (typing into one depends on the browser's locale). */
	private static void type(WebDriver page, String id, String value) {
		WebElement field = page.findElement(By.id(id));
		((JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", field, value);
	}

	/** Clicks an action button and waits for the page after it to say it was done. */
	private static void act(WebDriver page, String button, String done) {
		page.findElement(By.id(button)).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), done));
	}

	private static String status(WebDriver page) {
		return page.findElement(By.id("campaign-status")).getAttribute("data-status");
	}

	private static String apiStatus(String gateway, String token, String campaign) {
		HttpResponse<String> read = TestHttp.call(gateway, "GET", "/admin/promotions/campaigns/" + campaign, token,
				null);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		return JSON.readTree(read.body()).path("campaign").path("status").asString();
	}

	/** A campaign with a coupon drop, started yesterday and activated: running. */
	private static String runningCampaign(String gateway, String manager) {
		String campaign = "OPS-C-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		Instant start = Instant.now().minus(Duration.ofDays(1));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns", manager,
				"{\"id\": \"%s\", \"name\": \"Console sale\", \"startsAt\": \"%s\", \"endsAt\": \"%s\"}"
					.formatted(campaign, start, start.plus(Duration.ofDays(3)))));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/promotions", manager, """
				{"id": "%s-DROP", "name": "30 off 200", "kind": "AMOUNT_OFF", "activation": "COUPON",
				 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 3000, "minSpendMinor": 20000},
				 "coupon": {"totalQuantity": 100, "perMemberLimit": 1, "validDays": 1}}""".formatted(campaign)));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/activation", manager, ""));
		return campaign;
	}

	private static void price(String gateway, String manager, String sku, String channel, long list, long selling) {
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/prices", manager, """
				{"sku": "%s", "channel": "%s", "currency": "CNY", "listPriceMinor": %d, "sellingPriceMinor": %d,
				 "reason": "console test"}""".formatted(sku, channel, list, selling)));
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
