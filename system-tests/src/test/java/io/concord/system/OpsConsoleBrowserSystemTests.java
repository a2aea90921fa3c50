package io.concord.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ops console in a real browser (headless Chromium driven by Selenium) against the
 * running stack, through the gateway: staff sign in at the staff issuer per role, the
 * board shows an order placed through the gateway within 3 seconds, an ops-manager
 * approves an allocation plan, an ops-viewer sees no action buttons and a forged approval
 * of theirs is refused by the API, and the Chinese pages have no untranslated keys.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver}; without them every test is
 * skipped with the command that installs them. With {@code -Dconcord.console.screenshots=
 *
<dir>
 * } the tests also save screenshots of the main screens there (docs/images: see
 * docs/ops-console.md).
 */
class OpsConsoleBrowserSystemTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/**
	 * Every wait in a page is bounded by this (the board's 3 s promise is checked apart).
	 */
	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebDriver browser;

	@BeforeAll
	static void browserInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests skipped: no headless Chromium here (" + CHROMIUM + ", " + CHROMEDRIVER
						+ "). Install it with: sudo apt-get install -y chromium chromium-driver");
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void everyStaffRoleSignsInAtTheIssuerAndSignsOut() {
		for (String role : List.of("ops-viewer", "ops-manager", "admin")) {
			WebDriver page = open("en");
			signIn(page, role);
			assertThat(text(page, "user-name")).isEqualTo(role);
			assertThat(text(page, "user-role"))
				.isEqualTo(Map.of("ops-viewer", "ops viewer", "ops-manager", "ops manager", "admin", "administrator")
					.get(role));
			page.findElement(By.id("sign-out")).click();
			waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
			// Signed out at the issuer too: the console asks for a password again.
			page.get(console());
			waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
			page.quit();
			this.browser = null;
		}
	}

	@Test
	void theBoardShowsAnOrderPlacedThroughTheGatewayWithinThreeSeconds() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String sku = "SYS-OPS-" + UUID.randomUUID().toString().substring(0, 8);
		stocked(gateway, manager, sku);
		String shopper = SystemStack.get().newMemberToken("LIVESTREAM");

		WebDriver page = open("en");
		signIn(page, "ops-viewer");
		waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
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
		screenshot(page, "board-en");
	}

	@Test
	void anOpsManagerApprovesAPlanWhileAViewerSeesNoButtonsAndAForgedApprovalIsRefused() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String campaign = scheduledCampaign(gateway, manager);
		long viewed = plan(gateway, manager, campaign);

		WebDriver viewer = open("en");
		signIn(viewer, "ops-viewer");
		viewer.get(console() + "allocation/" + viewed);
		waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("plan-status")));
		assertThat(viewer.findElements(By.id("approve"))).isEmpty();
		assertThat(viewer.findElements(By.id("reject"))).isEmpty();
		assertThat(viewer.findElement(By.id("read-only")).getText()).contains("needs ops manager");
		// A forged approval (the form the viewer never saw, with the page's own CSRF
		// token):
		// the console passes it on as the viewer, and the API refuses it.
		((JavascriptExecutor) viewer).executeScript("""
				const form = document.createElement('form');
				form.method = 'post';
				form.action = arguments[0];
				const csrf = document.createElement('input');
				csrf.type = 'hidden';
				csrf.name = document.querySelector('meta[name=_csrf_parameter]').content;
				csrf.value = document.querySelector('meta[name=_csrf]').content;
				form.appendChild(csrf);
				document.body.appendChild(form);
				form.submit();""", "/ops/allocation/" + viewed + "/approval");
		waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(text(viewer, "failure")).contains("Not allowed", "403");
		assertThat(viewer.findElement(By.id("plan-status")).getAttribute("data-status")).isEqualTo("PROPOSED");
		viewer.quit();
		this.browser = null;

		WebDriver page = open("en");
		signIn(page, "ops-manager");
		page.get(console() + "allocation");
		page.findElement(By.id("campaign")).sendKeys(campaign);
		page.findElement(By.id("show-plans")).click();
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-plan-id]")));
		screenshot(page, "allocation-list-en");
		page.findElement(By.cssSelector("tr[data-plan-id='" + viewed + "'] a")).click();
		waitFor(page).until(ExpectedConditions.elementToBeClickable(By.id("approve")));
		screenshot(page, "allocation-plan-en");
		page.findElement(By.id("approve")).click();
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(text(page, "notice")).contains("Plan " + viewed + " approved");
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

		WebDriver page = open("zh-CN");
		signIn(page, "ops-manager");
		waitFor(page).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
		translated(page, "大促看板");
		screenshot(page, "board-zh-CN");
		page.get(console() + "allocation?campaign=" + campaign);
		translated(page, "预售调拨计划");
		page.get(console() + "allocation/" + plan);
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("approve")));
		translated(page, "批准");
		screenshot(page, "allocation-plan-zh-CN");
		page.findElement(By.id("lang-en")).click();
		waitFor(page).until(ExpectedConditions.textToBe(By.id("approve"), "Approve"));
		page.get(console());
		waitFor(page).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Peak board"));
	}

	private WebDriver open(String language) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1440,1000", "--lang=" + language);
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
		this.browser = driver;
		return driver;
	}

	/** Opens the console, which sends the browser to the issuer's sign-in page. */
	private static void signIn(WebDriver page, String user) {
		page.get(console());
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		assertThat(page.getCurrentUrl()).startsWith(SystemStack.get().staffIssuerUrl());
		page.findElement(By.id("username")).sendKeys(user);
		page.findElement(By.id("password")).sendKeys(user + "-local-dev-only");
		page.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
		assertThat(page.getCurrentUrl()).startsWith(console());
	}

	private static void translated(WebDriver page, String expected) {
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
		String source = page.getPageSource();
		// Thymeleaf renders a key missing from the bundle as ??key_locale??.
		assertThat(source).as(page.getCurrentUrl()).contains(expected).doesNotContain("??");
		assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
	}

	private static String console() {
		return SystemStack.get().consoleUrl();
	}

	private static WebDriverWait waitFor(WebDriver page) {
		return new WebDriverWait(page, WAIT, Duration.ofMillis(100));
	}

	private static String text(WebDriver page, String id) {
		return page.findElement(By.id(id)).getText();
	}

	private static void screenshot(WebDriver page, String name) {
		String directory = System.getProperty("concord.console.screenshots");
		if (directory == null || directory.isBlank()) {
			return;
		}
		try {
			Path target = Path.of(directory).toAbsolutePath().resolve("ops-console-" + name + ".png");
			Files.createDirectories(target.getParent());
			Files.write(target, ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
