package io.concord.fulfillment.connectors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.concord.platform.web.WebhookSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The {@code SIMULATED_MARKETPLACE} adapter against the simulated marketplace (dev tools
 * on), over real HTTP: what the adapter pushes is what the shop sees, what the shop sells
 * comes back pulled and on signed webhooks, and the shop's faults come out of the adapter
 * as {@link ChannelPlatform.PlatformCallFailed}. Concord's webhook endpoint is not under
 * test here: the shop's webhooks go to a recording server that checks their signature.
 * Same context as OpenApiDocumentTests (same properties).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.fulfillment.dev-tools.enabled=true", "concord.fulfillment.jobs.interval=1h" })
class SimulatedMarketplaceIntegrationTests {

	private static final String API_KEY = "sim-api-key-0001";

	private static final String WEBHOOK_SECRET = "sim-webhook-secret-0001";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	record Received(String path, String signature, byte[] body) {
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	private final BlockingQueue<Received> webhooks = new LinkedBlockingQueue<>();

	private HttpServer receiver;

	private String shopId;

	private Connector connector;

	private SimulatedMarketplacePlatform platform;

	@BeforeEach
	void openShop() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/webhooks/connectors/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.webhooks.add(new Received(exchange.getRequestURI().getRawPath(),
					exchange.getRequestHeaders().getFirst(WebhookSignatures.HEADER), body));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
		this.shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
		String connectorId = "conn-" + this.shopId;
		assertThat(call("PUT", "/dev/marketplace/" + this.shopId,
				Map.of("apiKey", API_KEY, "connectorId", connectorId, "webhookBaseUrl",
						"http://127.0.0.1:" + this.receiver.getAddress().getPort(), "webhookSecret", WEBHOOK_SECRET,
						"currency", "CNY", "seed", 7))
			.statusCode()).isEqualTo(204);
		this.connector = new Connector(connectorId, SimulatedMarketplacePlatform.PLATFORM, "Simulated shop", "SIMTEST",
				base() + "/dev/marketplace/" + this.shopId, "sim-api", "sim-webhook", 0, 10, Duration.ofSeconds(60),
				Duration.ofSeconds(900), Duration.ofHours(48), true, Instant.now(), "test");
		this.platform = adapter(API_KEY, Duration.ofSeconds(5));
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void pushedStockIsTheShopsViewAndEachPushIsLoggedWithItsReceiveTime() {
		Instant before = Instant.now();
		this.platform.pushStock(this.connector,
				List.of(new ChannelPlatform.StockLevel("P-1", 12), new ChannelPlatform.StockLevel("P-2", 0)));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 9)));

		JsonNode state = state();
		assertThat(state.path("stock").path("P-1").path("quantity").asInt()).isEqualTo(9);
		assertThat(state.path("stock").path("P-2").path("quantity").asInt()).isZero();
		assertThat(Instant.parse(state.path("stock").path("P-1").path("pushedAt").asString()))
			.isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(state.path("pushes")).hasSize(2);
		assertThat(state.path("pushes").path(0).path("kind").asString()).isEqualTo("STOCK");
		assertThat(state.path("pushes").path(1).path("values").path(0).path("quantity").asInt()).isEqualTo(9);
		assertThat(state.path("pushes").path(1).path("receivedAt").asString()).isNotBlank();
	}

	@Test
	void pushedPricesAndTrackingReachTheShop() {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 59900, 69900, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 5)));
		String orderId = buy("P-1", 1).path("order").path("platformOrderId").asString();
		Instant shippedAt = Instant.parse("2026-12-06T03:00:00Z");

		this.platform.pushTracking(this.connector,
				new ChannelPlatform.TrackingUpdate(orderId, "SF", "SF1234567890", shippedAt));

		JsonNode state = state();
		assertThat(state.path("prices").path("P-1").path("sellingPriceMinor").asLong()).isEqualTo(59900);
		assertThat(state.path("prices").path("P-1").path("listPriceMinor").asLong()).isEqualTo(69900);
		JsonNode shipment = state.path("shipments").path(0).path("shipment");
		assertThat(shipment.path("platformOrderId").asString()).isEqualTo(orderId);
		assertThat(shipment.path("trackingNumber").asString()).isEqualTo("SF1234567890");
		assertThat(Instant.parse(shipment.path("shippedAt").asString())).isEqualTo(shippedAt);
	}

	@Test
	void ordersArePulledOldestFirstPageByPageFromTheCursor() {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 500)));
		List<String> sold = new ArrayList<>();
		for (int i = 0; i < SimulatedMarketplacePlatform.PAGE_SIZE + 5; i++) {
			sold.add(buy("P-1", 1).path("order").path("platformOrderId").asString());
		}

		ChannelPlatform.PulledOrders first = this.platform.pullOrders(this.connector, null);
		ChannelPlatform.PulledOrders second = this.platform.pullOrders(this.connector, first.nextCursor());
		ChannelPlatform.PulledOrders nothingNew = this.platform.pullOrders(this.connector, second.nextCursor());

		assertThat(first.orders()).hasSize(SimulatedMarketplacePlatform.PAGE_SIZE);
		List<String> pulled = new ArrayList<>();
		first.orders().forEach((order) -> pulled.add(order.platformOrderId()));
		second.orders().forEach((order) -> pulled.add(order.platformOrderId()));
		assertThat(pulled).containsExactlyElementsOf(sold);
		assertThat(nothingNew.orders()).isEmpty();
		assertThat(nothingNew.nextCursor()).isEqualTo(second.nextCursor());
		ChannelPlatform.PlatformOrder order = first.orders().get(0);
		assertThat(order.lines()).containsExactly(new ChannelPlatform.PlatformLine("P-1", 1, 1000, 0));
		assertThat(order.paidMinor()).isEqualTo(1000);
		assertThat(order.currency()).isEqualTo("CNY");
		assertThat(order.shippingAddress().path("city").asString()).isNotBlank();
		assertThat(order.placedAt()).isNotNull();
	}

	@Test
	void aThrottlingShopFailsTheCallAs429WithItsRetryAfter() {
		faults(Map.of("throttlePercent", 100, "retryAfterSeconds", 7));

		ChannelPlatform.PlatformCallFailed failed = catchThrowableOfType(ChannelPlatform.PlatformCallFailed.class,
				() -> this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 3))));

		assertThat(failed).isNotNull();
		assertThat(failed.throttled()).isTrue();
		assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		JsonNode state = state();
		assertThat(state.path("stock").has("P-1")).as("a throttled push is not applied").isFalse();
		assertThat(state.path("counters").path("throttled").asLong()).isEqualTo(1);
	}

	@Test
	void aFailingShopFailsTheCallWithItsStatus() {
		faults(Map.of("errorPercent", 100));

		ChannelPlatform.PlatformCallFailed failed = catchThrowableOfType(ChannelPlatform.PlatformCallFailed.class,
				() -> this.platform.pullOrders(this.connector, null));

		assertThat(failed).isNotNull();
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.retryAfter()).isNull();
	}

	@Test
	void aShopSlowerThanTheReadTimeoutFailsTheCallAsStatus0WithinTheTimeout() {
		faults(Map.of("delayMillis", 3000));
		SimulatedMarketplacePlatform impatient = adapter(API_KEY, Duration.ofMillis(400));

		long started = System.nanoTime();
		ChannelPlatform.PlatformCallFailed failed = catchThrowableOfType(ChannelPlatform.PlatformCallFailed.class,
				() -> impatient.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 3))));
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		assertThat(failed).isNotNull();
		assertThat(failed.status()).isZero();
		assertThat(tookMillis).isLessThan(2000);
	}

	@Test
	void aWrongApiKeyIsRefused() {
		SimulatedMarketplacePlatform intruder = adapter("not-the-key", Duration.ofSeconds(5));

		ChannelPlatform.PlatformCallFailed failed = catchThrowableOfType(ChannelPlatform.PlatformCallFailed.class,
				() -> intruder.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 3))));

		assertThat(failed).isNotNull();
		assertThat(failed.status()).isEqualTo(401);
		assertThat(state().path("stock").has("P-1")).isFalse();
		assertThat(call("GET", "/dev/marketplace/" + this.shopId + "/orders", null).statusCode()).as("no key at all")
			.isEqualTo(401);
	}

	@Test
	void theShopSellsOnlyWhatItsStockViewCovers() {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 2)));

		HttpResponse<String> soldOut = call("POST", "/dev/marketplace/" + this.shopId + "/sim/buy",
				Map.of("platformSku", "P-1", "quantity", 3));

		assertThat(soldOut.statusCode()).isEqualTo(409);
		assertThat(soldOut.body()).contains("sold-out");
		JsonNode state = state();
		assertThat(state.path("ordersSold").asInt()).isZero();
		assertThat(state.path("refusedBuys").asLong()).isEqualTo(1);
		assertThat(state.path("stock").path("P-1").path("quantity").asInt()).isEqualTo(2);
		assertThat(this.webhooks).isEmpty();
		assertThat(this.platform.pullOrders(this.connector, null).orders()).isEmpty();
	}

	@Test
	void aSaleIsDeliveredOnASignedWebhookAtTheLastPushedPrice() throws Exception {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 59900, 69900, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 5)));

		JsonNode sold = buy("P-1", 2);

		assertThat(sold.path("delivery").path("callbacks").path(0).asInt()).isEqualTo(200);
		Received webhook = this.webhooks.poll(5, TimeUnit.SECONDS);
		assertThat(webhook).isNotNull();
		assertThat(webhook.path()).isEqualTo("/webhooks/connectors/" + this.connector.connectorId() + "/orders");
		WebhookSignatures.verify(WEBHOOK_SECRET, webhook.signature(), "POST", webhook.path(), webhook.body(),
				Instant.now(), Duration.ofMinutes(5));
		JsonNode order = this.json.readTree(webhook.body());
		assertThat(order.path("platformOrderId").asString())
			.isEqualTo(sold.path("order").path("platformOrderId").asString());
		assertThat(order.path("lines").path(0).path("unitPriceMinor").asLong()).isEqualTo(59900);
		assertThat(order.path("paidMinor").asLong()).isEqualTo(119800);
		assertThat(state().path("stock").path("P-1").path("quantity").asInt()).as("the shop's view went down")
			.isEqualTo(3);
		assertThat(this.webhooks).isEmpty();
	}

	@Test
	void aDuplicateCallbackFaultSendsTheWebhookTwice() throws Exception {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 5)));
		faults(Map.of("duplicateCallbackPercent", 100));

		String orderId = buy("P-1", 1).path("order").path("platformOrderId").asString();

		Received first = this.webhooks.poll(5, TimeUnit.SECONDS);
		Received second = this.webhooks.poll(5, TimeUnit.SECONDS);
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(this.json.readTree(first.body()).path("platformOrderId").asString()).isEqualTo(orderId);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(state().path("counters").path("callbacksDuplicated").asLong()).isEqualTo(1);
	}

	@Test
	void aDroppedCallbackSendsNothingButTheOrderCanBePulled() throws Exception {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 5)));
		faults(Map.of("dropCallbackPercent", 100));

		JsonNode sold = buy("P-1", 1);

		assertThat(sold.path("delivery").path("dropped").asBoolean()).isTrue();
		assertThat(this.webhooks.poll(500, TimeUnit.MILLISECONDS)).isNull();
		assertThat(this.platform.pullOrders(this.connector, null).orders())
			.extracting(ChannelPlatform.PlatformOrder::platformOrderId)
			.containsExactly(sold.path("order").path("platformOrderId").asString());
		assertThat(state().path("counters").path("callbacksDropped").asLong()).isEqualTo(1);
	}

	@Test
	void anAfterSalesRequestIsDeliveredOnASignedWebhook() throws Exception {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 5)));
		String orderId = buy("P-1", 1).path("order").path("platformOrderId").asString();
		this.webhooks.poll(5, TimeUnit.SECONDS);

		HttpResponse<String> sent = call("POST", "/dev/marketplace/" + this.shopId + "/sim/after-sales",
				Map.of("platformOrderId", orderId, "type", "CANCEL", "reason", "changed my mind"));

		assertThat(sent.statusCode()).isEqualTo(200);
		Received webhook = this.webhooks.poll(5, TimeUnit.SECONDS);
		assertThat(webhook).isNotNull();
		assertThat(webhook.path()).endsWith("/after-sales");
		WebhookSignatures.verify(WEBHOOK_SECRET, webhook.signature(), "POST", webhook.path(), webhook.body(),
				Instant.now(), Duration.ofMinutes(5));
		JsonNode request = this.json.readTree(webhook.body());
		assertThat(request.path("platformOrderId").asString()).isEqualTo(orderId);
		assertThat(request.path("type").asString()).isEqualTo("CANCEL");
		assertThat(request.path("requestId").asString())
			.isEqualTo(this.json.readTree(sent.body()).path("requestId").asString());
	}

	@Test
	void trafficBuysAtTheGivenRateUntilStopped() throws Exception {
		this.platform.pushPrices(this.connector, List.of(new ChannelPlatform.PriceUpdate("P-1", 1000, 1000, "CNY")));
		this.platform.pushStock(this.connector, List.of(new ChannelPlatform.StockLevel("P-1", 1000)));

		assertThat(call("PUT", "/dev/marketplace/" + this.shopId + "/sim/traffic",
				Map.of("ordersPerSecond", 50, "platformSkus", List.of("P-1"), "quantity", 1))
			.statusCode()).isEqualTo(204);
		Thread.sleep(500);
		assertThat(call("PUT", "/dev/marketplace/" + this.shopId + "/sim/traffic", Map.of("ordersPerSecond", 0))
			.statusCode()).isEqualTo(204);
		Thread.sleep(300);
		int sold = state().path("ordersSold").asInt();
		Thread.sleep(300);

		assertThat(sold).isGreaterThan(5);
		assertThat(state().path("ordersSold").asInt()).as("stopped").isEqualTo(sold);
		assertThat(state().path("stock").path("P-1").path("quantity").asInt()).isEqualTo(1000 - sold);
	}

	@Test
	void anUnknownShopIs404() {
		assertThat(call("GET", "/dev/marketplace/no-such-shop/sim", null).statusCode()).isEqualTo(404);
	}

	private SimulatedMarketplacePlatform adapter(String apiKey, Duration readTimeout) {
		return new SimulatedMarketplacePlatform(new ConnectorSecrets(Map.of("sim-api", apiKey)), this.json,
				Duration.ofSeconds(2), readTimeout);
	}

	private JsonNode buy(String platformSku, int quantity) {
		HttpResponse<String> answer = call("POST", "/dev/marketplace/" + this.shopId + "/sim/buy",
				Map.of("platformSku", platformSku, "quantity", quantity));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return this.json.readTree(answer.body());
	}

	private void faults(Map<String, Integer> faults) {
		assertThat(call("PUT", "/dev/marketplace/" + this.shopId + "/sim/faults", faults).statusCode()).isEqualTo(204);
	}

	private JsonNode state() {
		HttpResponse<String> answer = call("GET", "/dev/marketplace/" + this.shopId + "/sim", null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return this.json.readTree(answer.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private HttpResponse<String> call(String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json");
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body))
						: HttpRequest.BodyPublishers.noBody());
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
