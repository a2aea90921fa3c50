package io.concord.system;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops console's orders and dead-letter screens in a real browser against the running
 * stack, through the gateway: an order placed through the gateway is found by its id and
 * shows the placement saga's history; an ops-manager cancels it and the API has it
 * cancelled; an ops-viewer sees no actions and a forged cancellation of theirs is refused
 * (403); a dead letter made for real (a record that is no event, on a topic
 * inventory-service consumes) is listed and a manager's replay shows the API's outcome;
 * the Chinese pages have no untranslated keys.
 */
class OpsConsoleOrdersBrowserSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Only inventory-service consumes it: the dead letter lands there alone. */
	private static final String SUPPLIER_ORDERS = "concord.fulfillment.supplier-orders.v1";

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Test
	void aManagerFindsAnOrderByIdSeesItsPlacementHistoryAndCancelsIt() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String orderId = placedOrder(gateway, manager);

		WebDriver page = this.browser.open("en");
		ConsoleBrowser.signIn(page, "ops-manager");
		ConsoleBrowser.go(page, "orders?channel=LIVESTREAM&status=PENDING_PAYMENT");
		ConsoleBrowser.waitFor(page)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-order-id='" + orderId + "']")));
		ConsoleBrowser.screenshot(page, "orders-list-en");
		page.findElement(By.id("orderId")).sendKeys(orderId);
		page.findElement(By.id("find-order")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("order-status")));
		assertThat(ConsoleBrowser.text(page, "order-id")).isEqualTo(orderId);
		for (String step : new String[] { "NEW", "STOCK_RESERVED", "PROMOTIONS_LOCKED", "DONE" }) {
			assertThat(
					page.findElements(By.cssSelector("#saga tr[data-step='" + step + "'][data-outcome='COMPLETED']")))
				.as(step)
				.hasSize(1);
		}
		// Exact, from the API's minor units (the scarf and the shipping fee).
		long payable = order(gateway, manager, orderId).path("order").path("payableMinor").asLong();
		assertThat(ConsoleBrowser.text(page, "payable"))
			.isEqualTo("CN¥%d.%02d".formatted(payable / 100, payable % 100));
		ConsoleBrowser.screenshot(page, "orders-detail-en");

		new Select(page.findElement(By.id("cause"))).selectByValue("FRAUD");
		page.findElement(By.id("cancel")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
		assertThat(ConsoleBrowser.text(page, "notice")).isEqualTo("Order " + orderId + " cancelled.");
		assertThat(page.findElement(By.id("order-status")).getAttribute("data-status")).isEqualTo("CANCELLED");
		assertThat(page.findElements(By.id("cancel"))).as("a cancelled order offers no action").isEmpty();
		JsonNode order = order(gateway, manager, orderId);
		assertThat(order.path("order").path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("order").path("cancelCause").asString()).isEqualTo("FRAUD");
	}

	@Test
	void aViewerSeesNoActionsAndAForgedCancellationIsRefusedByTheApi() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String orderId = placedOrder(gateway, manager);

		WebDriver page = this.browser.open("en");
		ConsoleBrowser.signIn(page, "ops-viewer");
		ConsoleBrowser.go(page, "orders/" + orderId);
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("order-status")));
		assertThat(page.findElements(By.cssSelector(".order-actions button"))).isEmpty();
		assertThat(ConsoleBrowser.text(page, "read-only")).contains("needs ops manager");
		ConsoleBrowser.forgePost(page, "orders/" + orderId + "/cancellation", Map.of("cause", "FRAUD"));
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(page, "failure")).contains("Not allowed", "403");
		assertThat(page.findElement(By.id("order-status")).getAttribute("data-status")).isEqualTo("PENDING_PAYMENT");
		assertThat(order(gateway, manager, orderId).path("order").path("status").asString())
			.isEqualTo("PENDING_PAYMENT");
	}

	@Test
	void aDeadLetterIsListedAndAManagersReplayShowsTheApisOutcome() throws Exception {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String key = "ops-dead-" + UUID.randomUUID();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SystemStack.get().kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000))) {
			producer.send(new ProducerRecord<>(SUPPLIER_ORDERS, key, "not an event".getBytes(StandardCharsets.UTF_8)))
				.get(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		long[] id = new long[1];
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
			for (JsonNode letter : JSON.readTree(TestHttp
				.call(gateway, "GET", "/admin/inventory/dead-letters?status=PENDING&limit=500", manager, null)
				.body())) {
				if (key.equals(letter.path("key").asString())) {
					id[0] = letter.path("id").asLong();
					return true;
				}
			}
			return false;
		});

		WebDriver page = this.browser.open("en");
		ConsoleBrowser.signIn(page, "ops-manager");
		ConsoleBrowser.go(page, "dead-letters?service=inventory&status=PENDING");
		By row = By.cssSelector("tr[data-key='" + key + "']");
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(row));
		assertThat(page.findElement(row).getText()).contains("UnprocessableEventException", "(not an event)");
		ConsoleBrowser.screenshot(page, "dead-letters-en");
		page.findElement(row).findElement(By.tagName("a")).click();
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.elementToBeClickable(By.id("replay")));
		assertThat(ConsoleBrowser.text(page, "payload")).isEqualTo("not an event");
		assertThat(ConsoleBrowser.text(page, "attempts")).isEqualTo("1");
		page.findElement(By.id("replay")).click();
		// It is still no event: the replay fails again, and the API says so.
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("failure")));
		assertThat(ConsoleBrowser.text(page, "failure")).contains("422", "failed again");
		assertThat(ConsoleBrowser.text(page, "attempts")).isEqualTo("2");
		JsonNode letter = JSON
			.readTree(TestHttp.call(gateway, "GET", "/admin/inventory/dead-letters/" + id[0], manager, null).body());
		assertThat(letter.path("status").asString()).isEqualTo("PENDING");
		assertThat(letter.path("attempts").asInt()).isEqualTo(2);
	}

	@Test
	void theChineseOrderAndDeadLetterPagesHaveNoUntranslatedKeys() {
		String gateway = SystemStack.get().gatewayUrl();
		String manager = SystemStack.get().staffToken("ops-manager");
		String orderId = placedOrder(gateway, manager);

		WebDriver page = this.browser.open("zh-CN");
		ConsoleBrowser.signIn(page, "ops-manager");
		ConsoleBrowser.go(page, "orders?status=PENDING_PAYMENT");
		ConsoleBrowser.translated(page, "订单号");
		ConsoleBrowser.go(page, "orders/" + orderId);
		ConsoleBrowser.waitFor(page).until(ExpectedConditions.presenceOfElementLocated(By.id("cancel")));
		ConsoleBrowser.translated(page, "下单流程");
		assertThat(ConsoleBrowser.text(page, "cancel")).isEqualTo("取消订单");
		ConsoleBrowser.screenshot(page, "orders-detail-zh-CN");
		ConsoleBrowser.go(page, "dead-letters");
		ConsoleBrowser.translated(page, "死信");
	}

	/** A LIVESTREAM order of a stocked SKU, placed by a shopper through the gateway. */
	private static String placedOrder(String gateway, String manager) {
		String sku = "SYS-ORD-" + UUID.randomUUID().toString().substring(0, 8);
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
		String shopper = SystemStack.get().newMemberToken("LIVESTREAM");
		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders", shopper, """
				{"channel": "LIVESTREAM", "lines": [{"sku": "%s", "quantity": 1}],
				 "shippingAddress": {"name": "Ops", "phone": "+8613900000000", "city": "Ningbo", "line1": "1 Port"}}"""
			.formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private static JsonNode order(String gateway, String token, String orderId) {
		HttpResponse<String> order = TestHttp.call(gateway, "GET", "/admin/fulfillment/orders/" + orderId, token, null);
		ok(order);
		return JSON.readTree(order.body());
	}

	private static void ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

}
