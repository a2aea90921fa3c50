package io.concord.fulfillment.marketplace;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.security.AccessRules;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated marketplace's HTTP face ({@code /dev/marketplace/{shopId}/...}): the
 * platform API the {@code SIMULATED_MARKETPLACE} adapter calls (docs/connectors.md, "The
 * platform protocol") and the controls a developer or a test drives the shop with
 * ({@code .../sim/...}). Only with {@code concord.fulfillment.dev-tools.enabled=true};
 * never in production, and not in the public document.
 */
@Tag(name = "simulated-marketplace",
		description = "The local stack's simulated marketplace: the platform API a channel connector calls, and the controls that sell, send after-sales requests and inject faults (dev tools only).")
@RestController
@Validated
@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
class SimulatedMarketplaceController {

	static final String SHOP = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	private static final String WHO = " Who may call: anyone reaching the service, only when concord.fulfillment.dev-tools.enabled=true (the local stack; never in production); not in the public document.";

	private static final String PLATFORM_CALL = " Checks X-Api-Key (401 otherwise) and applies the shop's faults (delay, 429 with Retry-After, 500).";

	record ShopRequest(@NotBlank @Size(max = 200) String apiKey, @NotBlank @Pattern(regexp = SHOP) String connectorId,
			@NotBlank @Pattern(regexp = "https?://\\S+") String webhookBaseUrl,
			@NotBlank @Size(max = 200) String webhookSecret, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
			@Nullable Long seed) {
	}

	record StockRequest(@NotNull @Size(max = 10_000) List<@Valid @NotNull StockItemRequest> items) {
	}

	record StockItemRequest(@NotBlank @Size(max = 100) String platformSku, @Min(0) @Max(100_000_000) int quantity) {
	}

	record PricesRequest(@NotNull @Size(max = 10_000) List<@Valid @NotNull PriceItemRequest> items) {
	}

	record PriceItemRequest(@NotBlank @Size(max = 100) String platformSku, @Min(0) long sellingPriceMinor,
			@Min(0) long listPriceMinor, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency) {
	}

	record ShipmentRequest(@NotBlank String platformOrderId, @NotBlank @Size(max = 64) String carrier,
			@NotBlank @Size(max = 100) String trackingNumber, @NotNull Instant shippedAt) {
	}

	record BuyRequest(@NotBlank @Size(max = 100) String platformSku, @Min(1) @Max(10_000) int quantity,
			@Nullable @Size(max = 100) String buyerId, @Nullable @Min(0) Long unitPriceMinor) {
	}

	record AfterSalesRequest(@NotBlank String platformOrderId, @NotBlank @Pattern(regexp = "CANCEL|RETURN") String type,
			@Nullable @Size(max = 100) List<@Valid @NotNull StockItemRequest> lines,
			@Nullable @Size(max = 500) String reason) {
	}

	record AfterSalesSent(String requestId, SimulatedMarketplace.Delivery delivery) {
	}

	/** Each absent: 0 (retryAfterSeconds: 1). */
	record FaultsRequest(@Nullable @Min(0) @Max(100) Integer dropCallbackPercent,
			@Nullable @Min(0) @Max(100) Integer duplicateCallbackPercent,
			@Nullable @Min(0) @Max(100) Integer throttlePercent, @Nullable @Min(0) @Max(3600) Integer retryAfterSeconds,
			@Nullable @Min(0) @Max(100) Integer errorPercent, @Nullable @Min(0) @Max(60_000) Integer delayMillis) {

		SimulatedMarketplace.Faults faults() {
			return new SimulatedMarketplace.Faults(orZero(this.dropCallbackPercent),
					orZero(this.duplicateCallbackPercent), orZero(this.throttlePercent),
					(this.retryAfterSeconds != null) ? this.retryAfterSeconds : 1, orZero(this.errorPercent),
					orZero(this.delayMillis));
		}

		private static int orZero(@Nullable Integer value) {
			return (value != null) ? value : 0;
		}

	}

	record TrafficRequest(@Min(0) @Max(SimulatedMarketplace.MAX_ORDERS_PER_SECOND) int ordersPerSecond,
			@Nullable @Size(max = 1000) List<@NotBlank String> platformSkus,
			@Nullable @Min(1) @Max(100) Integer quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
	static class DevAccess {

		// The marketplace checks its own API keys, as a real platform does.
		@Bean
		AccessRules simulatedMarketplaceAccess() {
			return (requests) -> requests.requestMatchers("/dev/marketplace/**").permitAll();
		}

	}

	private final SimulatedMarketplace marketplace;

	private final Clock clock;

	SimulatedMarketplaceController(SimulatedMarketplace marketplace, Clock clock) {
		this.marketplace = marketplace;
		this.clock = clock;
	}

	@Operation(summary = "Open or reset a simulated shop",
			description = "Creates the shop, or resets it (nothing pushed, nothing sold, no faults, traffic stopped): its API key, the connector its webhooks go to ({webhookBaseUrl}/webhooks/connectors/{connectorId}/orders and /after-sales, signed with webhookSecret), its currency and the seed of its fault dice."
					+ WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"apiKey\":\"tmall-key\",\"connectorId\":\"tmall-flagship\",\"webhookBaseUrl\":\"http://localhost:8080\",\"webhookSecret\":\"tmall-webhook-secret\",\"currency\":\"CNY\",\"seed\":42}")))
	@PutMapping("/dev/marketplace/{shopId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void open(@PathVariable @Pattern(regexp = SHOP) String shopId, @Valid @RequestBody ShopRequest request) {
		this.marketplace.open(shopId, new SimulatedMarketplace.ShopConfig(request.apiKey(), request.connectorId(),
				request.webhookBaseUrl(), request.webhookSecret(), request.currency(), request.seed()));
	}

	@Operation(summary = "Pull a simulated shop's orders (platform API)",
			description = "The shop's orders after the cursor, oldest first, at most limit (default 50, at most 500), and the cursor to pull the next page from (the same cursor when there is nothing new)."
					+ PLATFORM_CALL + WHO)
	@ProblemResponse(status = 401, type = "invalid-api-key", when = "X-Api-Key is missing or wrong")
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@ProblemResponse(status = 400, type = "invalid-cursor", when = "the cursor is not one this shop answered")
	@GetMapping("/dev/marketplace/{shopId}/orders")
	SimulatedMarketplace.Page orders(@PathVariable String shopId,
			@RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable @Min(1) @Max(500) Integer limit) {
		return this.marketplace.call(shopId, apiKey).orders(cursor, (limit != null) ? limit : 50);
	}

	@Operation(summary = "Push stock to a simulated shop (platform API)",
			description = "Sets the shop's stock view (what it may sell) of each platform SKU; logged with its receive time."
					+ PLATFORM_CALL + WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"items\":[{\"platformSku\":\"TM-TEE-BLK-M\",\"quantity\":12}]}")))
	@ProblemResponse(status = 401, type = "invalid-api-key", when = "X-Api-Key is missing or wrong")
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@PutMapping("/dev/marketplace/{shopId}/stock")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void stock(@PathVariable String shopId,
			@RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey,
			@Valid @RequestBody StockRequest request) {
		this.marketplace.call(shopId, apiKey)
			.pushStock(request.items()
				.stream()
				.map((item) -> new SimulatedMarketplace.StockItem(item.platformSku(), item.quantity()))
				.toList(), this.clock.instant());
	}

	@Operation(summary = "Push prices to a simulated shop (platform API)",
			description = "Sets the selling and list price of each platform SKU; logged with its receive time."
					+ PLATFORM_CALL + WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"items\":[{\"platformSku\":\"TM-TEE-BLK-M\",\"sellingPriceMinor\":59900,\"listPriceMinor\":69900,\"currency\":\"CNY\"}]}")))
	@ProblemResponse(status = 401, type = "invalid-api-key", when = "X-Api-Key is missing or wrong")
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@PutMapping("/dev/marketplace/{shopId}/prices")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void prices(@PathVariable String shopId,
			@RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey,
			@Valid @RequestBody PricesRequest request) {
		this.marketplace.call(shopId, apiKey)
			.pushPrices(request.items()
				.stream()
				.map((item) -> new SimulatedMarketplace.PriceItem(item.platformSku(), item.sellingPriceMinor(),
						item.listPriceMinor(), item.currency()))
				.toList(), this.clock.instant());
	}

	@Operation(summary = "Push a shipment to a simulated shop (platform API)",
			description = "Records the carrier and tracking number of a sold order; logged with its receive time."
					+ PLATFORM_CALL + WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"platformOrderId\":\"SIM-MF3K2J1-1\",\"carrier\":\"SF\",\"trackingNumber\":\"SF1234567890\",\"shippedAt\":\"2026-12-06T03:00:00Z\"}")))
	@ProblemResponse(status = 401, type = "invalid-api-key", when = "X-Api-Key is missing or wrong")
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id, or no such order in it")
	@PostMapping("/dev/marketplace/{shopId}/shipments")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void shipment(@PathVariable String shopId,
			@RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey,
			@Valid @RequestBody ShipmentRequest request) {
		this.marketplace.call(shopId, apiKey)
			.pushShipment(new SimulatedMarketplace.Shipment(request.platformOrderId(), request.carrier(),
					request.trackingNumber(), request.shippedAt()), this.clock.instant());
	}

	@Operation(summary = "Buy on a simulated shop",
			description = "Sells like the platform: only if the shop's stock view (the last pushed quantity) covers it, which it then lowers; at the last pushed selling price unless unitPriceMinor is given. Sends the signed order webhook (subject to the callback faults) and keeps the order for the pull API; answers the order and the callback's statuses."
					+ WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"platformSku\":\"TM-TEE-BLK-M\",\"quantity\":1,\"buyerId\":\"tb-openid-42\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@ProblemResponse(status = 409, type = "sold-out", when = "the shop's stock view does not cover the quantity")
	@ProblemResponse(status = 422, type = "no-price", when = "no price was pushed and none given")
	@PostMapping("/dev/marketplace/{shopId}/sim/buy")
	SimulatedMarketplace.Sold buy(@PathVariable String shopId, @Valid @RequestBody BuyRequest request) {
		return this.marketplace.buy(shopId, request.platformSku(), request.quantity(), request.buyerId(),
				request.unitPriceMinor());
	}

	@Operation(summary = "Send an after-sales request from a simulated shop",
			description = "Sends the signed after-sales webhook (a cancel or a return of a sold order; lines absent: the whole order), subject to the callback faults; answers its request id and the callback's statuses."
					+ WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"platformOrderId\":\"SIM-MF3K2J1-1\",\"type\":\"RETURN\",\"lines\":[{\"platformSku\":\"TM-TEE-BLK-M\",\"quantity\":1}],\"reason\":\"too small\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id, or no such order in it")
	@PostMapping("/dev/marketplace/{shopId}/sim/after-sales")
	AfterSalesSent afterSales(@PathVariable String shopId, @Valid @RequestBody AfterSalesRequest request) {
		List<SimulatedMarketplace.StockItem> lines = (request.lines() != null) ? request.lines()
			.stream()
			.map((line) -> new SimulatedMarketplace.StockItem(line.platformSku(), line.quantity()))
			.toList() : null;
		SimulatedMarketplace.AfterSales sent = this.marketplace.afterSales(shopId, request.platformOrderId(),
				request.type(), lines, request.reason());
		return new AfterSalesSent(sent.requestId(), sent.delivery());
	}

	@Operation(summary = "Set a simulated shop's faults",
			description = "Percentages of API answers throttled (429 with Retry-After: retryAfterSeconds, default 1) or failed (500), a delay before every API answer, and percentages of webhooks dropped or sent twice. All zero: a well-behaved platform."
					+ WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"dropCallbackPercent\":10,\"duplicateCallbackPercent\":5,\"throttlePercent\":20,\"retryAfterSeconds\":2,\"errorPercent\":1,\"delayMillis\":0}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@PutMapping("/dev/marketplace/{shopId}/sim/faults")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void faults(@PathVariable String shopId, @Valid @RequestBody FaultsRequest request) {
		this.marketplace.shop(shopId).faults(request.faults());
	}

	@Operation(summary = "Start or stop a simulated shop's buyers",
			description = "Buys quantity of a platform SKU drawn from platformSkus, ordersPerSecond times a second (as /sim/buy does: sold-out buys are refused and counted); 0 stops."
					+ WHO)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"ordersPerSecond\":20,\"platformSkus\":[\"TM-TEE-BLK-M\",\"TM-TEE-BLK-L\"],\"quantity\":1}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@ProblemResponse(status = 422, type = "no-skus", when = "a rate above 0 without platformSkus")
	@PutMapping("/dev/marketplace/{shopId}/sim/traffic")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void traffic(@PathVariable String shopId, @Valid @RequestBody TrafficRequest request) {
		List<String> skus = (request.platformSkus() != null) ? List.copyOf(request.platformSkus()) : List.of();
		if (request.ordersPerSecond() > 0 && skus.isEmpty()) {
			throw new io.concord.platform.web.ProblemException.Unprocessable(ProblemTypes.of("no-skus"), "No SKUs",
					"Traffic needs platformSkus to buy");
		}
		this.marketplace.traffic(shopId, new SimulatedMarketplace.Traffic(request.ordersPerSecond(), skus,
				(request.quantity() != null) ? request.quantity() : 1));
	}

	@Operation(summary = "A simulated shop's state",
			description = "Its stock view per platform SKU with the last push time, prices, shipments received, orders sold (count and ids), buys refused as sold out, the last 200 pushes with their receive time and values, fault counters (throttled, errors, callbacks sent, failed, dropped, duplicated), faults and traffic."
					+ WHO)
	@ProblemResponse(status = 404, type = "not-found", when = "no shop with this id")
	@GetMapping("/dev/marketplace/{shopId}/sim")
	SimulatedMarketplace.State state(@PathVariable String shopId) {
		return this.marketplace.shop(shopId).state();
	}

	/** A fault the shop was told to inject: a 429 with Retry-After, or a 500. */
	@ExceptionHandler(SimulatedMarketplace.Fault.class)
	ResponseEntity<ProblemDetail> fault(SimulatedMarketplace.Fault fault) {
		HttpStatus status = HttpStatus.valueOf(fault.status);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Simulated marketplace fault");
		problem.setType(
				ProblemTypes.of((status == HttpStatus.TOO_MANY_REQUESTS) ? "simulated-throttling" : "simulated-error"));
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
		if (status == HttpStatus.TOO_MANY_REQUESTS) {
			answer.header("Retry-After", Integer.toString(fault.retryAfterSeconds));
		}
		return answer.body(problem);
	}

}
