package io.concord.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.concord.local.DevMembers;
import io.concord.local.LocalStack;
import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suppliers and members screens of the ops console in a real browser against the
 * running stack, through the gateway: an ops-manager approves a purchase order drafted
 * through the gateway and the API shows it sent; an ops-manager finds a member by phone
 * (shown masked, never in full) and adjusts their points, and the API's balance changes;
 * a refusal of the API's rules (422) is shown; an ops-viewer sees no action and a forged
 * approval or points adjustment of theirs is refused (403); the Chinese pages have no
 * untranslated keys.
 */
class OpsConsoleSupplyBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void aManagerApprovesAPurchaseOrderWhileAViewerSeesNoButtonsAndAForgedApprovalIsRefused() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String supplier = supplier(gateway, manager);
		String po = draft(gateway, manager, supplier);

		WebDriver viewer = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.go(viewer, "suppliers/purchase-orders/" + po);
		assertThat(viewer.findElement(By.id("po-status")).getAttribute("data-status")).isEqualTo("DRAFT");
		assertThat(viewer.findElements(By.id("approve"))).isEmpty();
		assertThat(viewer.findElements(By.id("cancel"))).isEmpty();
		assertThat(ConsoleBrowser.text(viewer, "read-only")).contains("needs ops manager");
		ConsoleBrowser.forgePost(viewer, "suppliers/purchase-orders/" + po + "/approval", Map.of());
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(viewer, "failure")).contains("Not allowed", "403");
		assertThat(viewer.findElement(By.id("po-status")).getAttribute("data-status")).isEqualTo("DRAFT");
		this.browser.close(viewer);

		WebDriver page = this.browser.signedIn("en", "ops-manager");
		ConsoleBrowser.go(page, "suppliers");
		page.findElement(By.cssSelector("tr[data-supplier-id='" + supplier + "'] a")).click();
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-po-id='" + po + "']")));
		assertThat(ConsoleBrowser.text(page, "contracts")).contains("SYS-PO-", "120", "12");
		assertThat(ConsoleBrowser.text(page, "scorecard-grade")).isEqualTo("not graded");
		ConsoleBrowser.screenshot(page, "suppliers-en");
		page.findElement(By.cssSelector("tr[data-po-id='" + po + "'] a")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.elementToBeClickable(By.id("approve")));
		ConsoleBrowser.screenshot(page, "purchase-order-en");
		page.findElement(By.id("approve")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("Purchase order " + po + " approved");
		assertThat(page.findElement(By.id("po-status")).getAttribute("data-status")).isEqualTo("APPROVED");
		assertThat(page.findElements(By.id("approve"))).as("approved once").isEmpty();
		assertThat(page.findElements(By.id("cancel"))).as("an approved order may still be cancelled").isNotEmpty();
		HttpResponse<String> read = TestHttp.call(gateway, "GET", "/admin/fulfillment/purchase-orders/" + po, manager,
				null);
		assertThat(JSON.readTree(read.body()).path("status").asString()).isEqualTo("APPROVED");
		assertThat(JSON.readTree(read.body()).path("approvedAt").isNull()).isFalse();
	}

	@Test
	void aManagerFindsAMemberByPhoneSeesItMaskedAndAdjustsTheirPointsWhileAViewerIsRefused() {
		LocalStack stack = SystemStack.get();
		String gateway = stack.gatewayUrl();
		String manager = stack.staffToken("ops-manager");
		DevMembers.Registered shopper = new DevMembers(gateway, stack.serviceUrl("member-service"),
				stack.staffIssuerUrl())
			.register("APP");
		String member = JSON.readTree(TestHttp.call(gateway, "GET", "/api/members/me", shopper.token(), null).body())
			.path("id")
			.asString();
		String national = shopper.phone().substring(3);

		WebDriver page = this.browser.signedIn("en", "ops-manager");
		ConsoleBrowser.go(page, "members");
		page.findElement(By.id("identity")).sendKeys(national);
		page.findElement(By.id("lookup")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("member-facts")));
		assertThat(page.findElement(By.id("member-facts")).getAttribute("data-member-id")).isEqualTo(member);
		assertThat(page.getCurrentUrl()).doesNotContain(national);
		assertThat(ConsoleBrowser.text(page, "identities")).contains("Phone", "*");
		assertThat(page.getPageSource()).as("the phone is never shown in full")
			.doesNotContain(shopper.phone(), national, national.substring(0, 7));
		assertThat(ConsoleBrowser.text(page, "balance")).isEqualTo("0");

		page.findElement(By.id("adjust-points")).sendKeys("500");
		page.findElement(By.id("adjust-reason")).sendKeys("goodwill: parcel arrived late");
		page.findElement(By.id("adjust")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).contains("+500", "500");
		assertThat(ConsoleBrowser.text(page, "balance")).isEqualTo("500");
		assertThat(ConsoleBrowser.text(page, "ledger")).contains("adjusted by staff", "goodwill: parcel arrived late");
		ConsoleBrowser.screenshot(page, "members-en");
		assertThat(JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/members/" + member + "/points", manager, null).body())
			.path("balance")
			.asLong()).isEqualTo(500);

		// The API's rule: the balance never goes negative.
		page.findElement(By.id("adjust-points")).sendKeys("-900");
		page.findElement(By.id("adjust-reason")).sendKeys("too much");
		page.findElement(By.id("adjust")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(page, "failure")).contains("422");
		assertThat(ConsoleBrowser.text(page, "balance")).isEqualTo("500");
		this.browser.close(page);

		WebDriver viewer = this.browser.signedIn("en", "ops-viewer");
		ConsoleBrowser.go(viewer, "members?member=" + member);
		assertThat(viewer.findElements(By.id("adjust"))).isEmpty();
		assertThat(viewer.findElements(By.id("grant-tier-button"))).isEmpty();
		assertThat(viewer.findElements(By.id("lookup"))).isEmpty();
		assertThat(ConsoleBrowser.text(viewer, "read-only")).contains("needs ops manager");
		ConsoleBrowser.forgePost(viewer, "members/" + member + "/points",
				Map.of("points", "100000", "reason", "forged"));
		ConsoleBrowser.waitFor(viewer).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(viewer, "failure")).contains("Not allowed", "403");
		assertThat(ConsoleBrowser.text(viewer, "balance")).isEqualTo("500");
	}

	@Test
	void theChineseSuppliersAndMembersPagesHaveNoUntranslatedKeys() {
		LocalStack stack = SystemStack.get();
		String gateway = stack.gatewayUrl();
		String manager = stack.staffToken("ops-manager");
		String supplier = supplier(gateway, manager);
		String po = draft(gateway, manager, supplier);
		String member = JSON
			.readTree(TestHttp.call(gateway, "GET", "/api/members/me", stack.newMemberToken("APP"), null).body())
			.path("id")
			.asString();

		WebDriver page = this.browser.signedIn("zh-CN", "ops-manager");
		ConsoleBrowser.go(page, "suppliers");
		ConsoleBrowser.translated(page, "供应商与采购单");
		ConsoleBrowser.go(page, "suppliers/" + supplier);
		ConsoleBrowser.translated(page, "合同条款");
		ConsoleBrowser.screenshot(page, "suppliers-zh-CN");
		ConsoleBrowser.go(page, "suppliers/purchase-orders/" + po);
		ConsoleBrowser.translated(page, "批准并发送");
		ConsoleBrowser.go(page, "members?member=" + member);
		ConsoleBrowser.translated(page, "可用积分");
		ConsoleBrowser.screenshot(page, "members-zh-CN");
		ConsoleBrowser.go(page, "members/points-rules");
		ConsoleBrowser.translated(page, "积分规则");
	}

	/** A supplier with one contract (minimum order 120, packs of 12) for a new SKU. */
	private static String supplier(String gateway, String manager) {
		String supplier = "SYS-SUP-" + UUID.randomUUID().toString().substring(0, 8);
		String sku = "SYS-PO-" + UUID.randomUUID().toString().substring(0, 8);
		ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/suppliers/" + supplier, manager, """
				{"name": "Warmth Garments (Ningbo)", "webhookSecret": "warmth-partner-secret-%s",
				 "contracts": [{"sku": "%s", "unitPriceMinor": 31000, "currency": "CNY", "leadTimeDays": 10,
				                "latePenaltyPercentPerDay": 1, "shortPenaltyPercent": 5, "defectPenaltyPercent": 10,
				                "minOrderQuantity": 120, "orderMultiple": 12}]}""".formatted(supplier, sku)));
		return supplier;
	}

	/**
	 * A draft purchase order of the supplier's contracted SKU, as ops would draft one.
	 */
	private static String draft(String gateway, String manager, String supplier) {
		String sku = JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/fulfillment/suppliers/" + supplier, manager, null).body())
			.path("contracts")
			.get(0)
			.path("sku")
			.asString();
		HttpResponse<String> drafted = TestHttp.call(gateway, "POST", "/admin/fulfillment/purchase-orders", manager,
				"""
						{"supplierId": "%s", "location": "WH-SH-01", "needBy": "%s", "lines": [{"sku": "%s", "quantity": 240}]}"""
					.formatted(supplier, Instant.now().plus(Duration.ofDays(14)), sku));
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
		return JSON.readTree(drafted.body()).path("purchaseOrderId").asString();
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
