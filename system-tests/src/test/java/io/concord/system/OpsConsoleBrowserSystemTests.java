package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops console in a real browser (headless Chromium driven by Selenium) against the
 * running stack, through the gateway: staff sign in at the staff issuer per role, the
 * board shows an order placed through the gateway within 3 seconds, an ops-manager
 * approves an allocation plan, an ops-viewer sees no action buttons and a forged approval
 * of theirs is refused by the API, and the Chinese pages have no untranslated keys.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver}; without them every test is
 * skipped with the command that installs them. With
 * {@code -Dconcord.console.screenshots=DIR} the tests also save screenshots of the main
 * screens there (docs/images: see docs/ops-console.md).
 */
class OpsConsoleBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void everyStaffRoleSignsInAtTheIssuerAndSignsOut() {
		for (String role : List.of("ops-viewer", "ops-manager", "admin")) {
			WebDriver page = this.browser.open("en");
			ConsoleBrowser.signIn(page, role);
			assertThat(ConsoleBrowser.text(page, "user-name")).isEqualTo(role);
			assertThat(ConsoleBrowser.text(page, "user-role"))
				.isEqualTo(Map.of("ops-viewer", "ops viewer", "ops-manager", "ops manager", "admin", "administrator")
					.get(role));
			page.findElement(By.id("sign-out")).click();
			ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
			// Signed out at the issuer too: the console asks for a password again.
			page.get(ConsoleBrowser.console());
			ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
			this.browser.close(page);
		}
	}

	@Test
	void theBoardShowsAnOrderPlacedThroughTheGatewayWithinThreeSeconds() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-OPS-" + UUID.randomUUID().toString().substring(0, 8);
		stocked(gateway, manager, sku);
		String shopper = SystemStack.get().newMemberToken("LIVESTREAM");

		WebDriver page = this.browser.open("en");
		ConsoleBrowser.signIn(page, "ops-viewer");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders", shopper, """
				{"channel": "LIVESTREAM", "lines": [{"sku": "%s", "quantity": 1}],
				 "shippingAddress": {"name": "Ops", "phone": "+8613900000000", "city": "Ningbo", "line1": "1 Port"}}"""
			.formatted(sku));
		Instant orderPlaced = Instant.now();
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String orderId = JSON.readTree(placed.body()).path("orderId").asString();
		new WebDriverWait(page, Duration.ofSeconds(3), Duration.ofMillis(100))
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-order-id='" + orderId + "']")));
		Duration shownAfter = Duration.between(orderPlaced, Instant.now());
		System.out.println("Board showed order " + orderId + " " + shownAfter.toMillis() + " ms after it was placed");
		assertThat(shownAfter).isLessThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(page.findElement(By.cssSelector("tr[data-order-id='" + orderId + "']")).getText())
			.contains("LIVESTREAM", "CN¥");
		ConsoleBrowser.screenshot(page, "board-en");
	}

	@Test
	void anOpsManagerApprovesAPlanWhileAViewerSeesNoButtonsAndAForgedApprovalIsRefused() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = scheduledCampaign(gateway, manager);
		long viewed = plan(gateway, manager, campaign);

		WebDriver viewer = this.browser.open("en");
		ConsoleBrowser.signIn(viewer, "ops-viewer");
		viewer.get(ConsoleBrowser.console() + "allocation/" + viewed);
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("plan-status")));
		assertThat(viewer.findElements(By.id("approve"))).isEmpty();
		assertThat(viewer.findElements(By.id("reject"))).isEmpty();
		assertThat(viewer.findElement(By.id("read-only")).getText()).contains("needs ops manager");
		// A forged approval (the form the viewer never saw, with the page's own CSRF
		// token):
		// the console passes it on as the viewer, and the API refuses it.
		ConsoleBrowser.forgePost(viewer, "allocation/" + viewed + "/approval", Map.of());
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(viewer, "failure")).contains("Not allowed", "403");
		assertThat(viewer.findElement(By.id("plan-status")).getAttribute("data-status")).isEqualTo("PROPOSED");
		this.browser.close(viewer);

		WebDriver page = this.browser.open("en");
		ConsoleBrowser.signIn(page, "ops-manager");
		page.get(ConsoleBrowser.console() + "allocation");
		page.findElement(By.id("campaign")).sendKeys(campaign);
		page.findElement(By.id("show-plans")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-plan-id]")));
		ConsoleBrowser.screenshot(page, "allocation-list-en");
		page.findElement(By.cssSelector("tr[data-plan-id='" + viewed + "'] a")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.elementToBeClickable(By.id("approve")));
		ConsoleBrowser.screenshot(page, "allocation-plan-en");
		page.findElement(By.id("approve")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("Plan " + viewed + " approved");
		assertThat(page.findElement(By.id("plan-status")).getAttribute("data-status")).isEqualTo("APPROVED");
		assertThat(page.findElements(By.id("approve"))).as("a decided plan offers no action").isEmpty();
		assertThat(TestHttp.call(gateway, "GET", "/admin/inventory/allocation-plans/" + viewed, manager, null).body())
			.contains("\"status\":\"APPROVED\"", "\"decidedBy\":\"staff:ops-manager\"");
	}

	@Test
	void theChinesePagesHaveNoUntranslatedKeysAndEnglishIsOneClickAway() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = scheduledCampaign(gateway, manager);
		long plan = plan(gateway, manager, campaign);

		WebDriver page = this.browser.open("zh-CN");
		ConsoleBrowser.signIn(page, "ops-manager");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		ConsoleBrowser.translated(page, "大促看板");
		ConsoleBrowser.screenshot(page, "board-zh-CN");
		page.get(ConsoleBrowser.console() + "allocation?campaign=" + campaign);
		ConsoleBrowser.translated(page, "预售调拨计划");
		page.get(ConsoleBrowser.console() + "allocation/" + plan);
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("approve")));
		ConsoleBrowser.translated(page, "批准");
		ConsoleBrowser.screenshot(page, "allocation-plan-zh-CN");
		page.findElement(By.id("lang-en")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.textToBe(By.id("approve"), "Approve"));
		page.get(ConsoleBrowser.console());
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Peak board"));
	}

	private static void stocked(String gateway, String manager, String sku) {
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
	}

	/** A campaign three days ahead, scheduled, so inventory knows its window. */
	private static String scheduledCampaign(String gateway, String manager) {
		String campaign = "OPS-" + UUID.randomUUID().toString().substring(0, 8);
		Instant start = Instant.now().plus(Duration.ofDays(3));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns", manager,
				"{\"id\": \"%s\", \"name\": \"Pre-sale\", \"startsAt\": \"%s\", \"endsAt\": \"%s\"}".formatted(campaign,
						start, start.plus(Duration.ofDays(2)))));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/promotions", manager, """
				{"id": "%s-DROP", "name": "30 off 200", "kind": "AMOUNT_OFF", "activation": "COUPON",
				 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 3000, "minSpendMinor": 20000},
				 "coupon": {"totalQuantity": 100, "perMemberLimit": 1, "validDays": 1}}""".formatted(campaign)));
		ok(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/activation", manager, ""));
		return campaign;
	}

	/** A proposed plan for the campaign, once inventory has heard of it. */
	private static long plan(String gateway, String manager, String campaign) {
		String body = "{\"campaignId\":\"" + campaign + "\",\"fencePercent\":50}";
		HttpResponse<String>[] proposed = new HttpResponse[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
			proposed[0] = TestHttp.call(gateway, "POST", "/admin/inventory/allocation-plans", manager, body);
			return proposed[0].statusCode() == 201;
		});
		return JSON.readTree(proposed[0].body()).path("id").asLong();
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
