package io.concord.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every browser test of the ops console needs: headless Chromium (skipped, with the
 * command that installs it, where there is none), sign-in at the staff issuer per role,
 * bounded waits, the untranslated-key check and screenshots. Register it as a field
 * ({@code @RegisterExtension final ConsoleBrowser browser = new ConsoleBrowser();});
 * every browser it opened is closed after each test.
 * <p>
 * With {@code -Dconcord.console.screenshots=DIR} the tests save screenshots of the
 * screens there (docs/images: see docs/ops-console.md).
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterEachCallback {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/**
	 * Every wait in a page is bounded by this (the board's 3 s promise is checked apart).
	 */
	static final Duration WAIT = Duration.ofSeconds(20);

	private final java.util.List<WebDriver> opened = new java.util.ArrayList<>();

	@Override
	public void beforeAll(ExtensionContext context) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests skipped: no headless Chromium here (" + CHROMIUM + ", " + CHROMEDRIVER
						+ "). Install it with: sudo apt-get install -y chromium chromium-driver");
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.opened.forEach(WebDriver::quit);
		this.opened.clear();
	}

	/** A new headless browser that asks for pages in the language given. */
	WebDriver open(String language) {
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
		this.opened.add(driver);
		return driver;
	}

	/** A new browser, signed in as the local user of that role. */
	WebDriver signedIn(String language, String role) {
		WebDriver page = open(language);
		signIn(page, role);
		return page;
	}

	/** Closes a browser before the test ends (e.g. to sign in as someone else). */
	void close(WebDriver page) {
		page.quit();
		this.opened.remove(page);
	}

	/** Opens the console, which sends the browser to the issuer's sign-in page. */
	static void signIn(WebDriver page, String user) {
		page.get(console());
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		assertThat(page.getCurrentUrl()).startsWith(SystemStack.get().staffIssuerUrl());
		page.findElement(By.id("username")).sendKeys(user);
		page.findElement(By.id("password")).sendKeys(user + "-local-dev-only");
		page.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
		assertThat(page.getCurrentUrl()).startsWith(console());
	}

	/** The console's address through the gateway, ending in {@code /ops/}. */
	static String console() {
		return SystemStack.get().consoleUrl();
	}

	/**
	 * Opens a console path (relative to {@code /ops/}, e.g. {@code orders?status=PAID}).
	 */
	static void go(WebDriver page, String path) {
		page.get(console() + path);
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
	}

	static WebDriverWait waitFor(WebDriver page) {
		return new WebDriverWait(page, WAIT, Duration.ofMillis(100));
	}

	static String text(WebDriver page, String id) {
		return page.findElement(By.id(id)).getText();
	}

	/** The page is in Chinese, contains the text expected and no untranslated key. */
	static void translated(WebDriver page, String expected) {
		waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
		String source = page.getPageSource();
		// Thymeleaf renders a key missing from the bundle as ??key_locale??.
		assertThat(source).as(page.getCurrentUrl()).contains(expected).doesNotContain("??");
		assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
	}

	/**
	 * Posts a form the page never offered (to a console path, with the page's own CSRF
	 * token), as a user who removed the button's absence by hand would.
	 */
	static void forgePost(WebDriver page, String consolePath, Map<String, String> fields) {
		((JavascriptExecutor) page).executeScript("""
				const form = document.createElement('form');
				form.method = 'post';
				form.action = arguments[0];
				const add = (name, value) => {
					const input = document.createElement('input');
					input.type = 'hidden';
					input.name = name;
					input.value = value;
					form.appendChild(input);
				};
				add(document.querySelector('meta[name=_csrf_parameter]').content,
					document.querySelector('meta[name=_csrf]').content);
				for (const [name, value] of Object.entries(arguments[1])) {
					add(name, value);
				}
				document.body.appendChild(form);
				form.submit();""", "/ops/" + consolePath, fields);
	}

	static void screenshot(WebDriver page, String name) {
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

}
