package io.concord.fulfillment.ordering;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.fulfillment.cart.Carts;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.security.SalesChannels;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shoppers place, follow, cancel and return their orders ({@code /api/orders},
 * {@code /api/returns}); ops move them along and handle returns
 * ({@code /admin/fulfillment/...}); payment providers call back
 * ({@code /webhooks/payments/{provider}}, signed).
 */
@RestController
@EnableConfigurationProperties({ Payments.Providers.class, OrderSla.Policy.class, OrderPolicy.class,
		OrderPlacement.Recovery.class })
class OrderController {

	private static final String SKU = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	record LineRequest(@NotNull @Pattern(regexp = SKU) String sku, @NotNull @Min(1) @Max(999) Integer quantity) {
	}

	record AddressRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 32) String phone,
			@Nullable @Pattern(regexp = "[A-Za-z0-9._-]{1,32}") String region, @NotBlank @Size(max = 100) String city,
			@NotBlank @Size(max = 300) String line1, @Nullable @Size(max = 20) String postalCode) {
	}

	/**
	 * An order. {@code channel} may be left out: the member's token decides it (naming
	 * another is refused), as ring-fences and channel prices follow it.
	 * {@code pointsToRedeem} points pay part of it (capped by member-service's rules on
	 * the server's payable); {@code usePoints}, kept for compatibility, is implied by it.
	 */
	record PlaceOrderRequest(@Nullable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> lines,
			@NotNull @Valid AddressRequest shippingAddress, @Nullable @Size(max = 10) List<@NotNull UUID> couponIds,
			@Nullable Boolean usePoints, @Nullable @Min(0) @Max(10_000_000) Long pointsToRedeem) {
	}

	/**
	 * Checking out the member's cart: its lines, coupons and points, to this address.
	 * {@code cartVersion} (the cart's ETag) refuses a checkout of a cart changed on
	 * another channel since the shopper last saw it.
	 */
	record CartCheckoutRequest(@NotNull @Valid AddressRequest shippingAddress,
			@Schema(description = "the cart version the shopper confirmed", example = "3") @Nullable Long cartVersion) {
	}

	// Bounded like order lines (999 a line, 100 lines): whatever an order holds can be
	// returned, and no sum comes near an overflow.
	record ReturnLineRequest(@NotNull @Pattern(regexp = SKU) String sku, @NotNull @Min(1) @Max(999) Integer quantity) {
	}

	record ReturnRequestBody(@NotBlank @Size(max = 64) String orderId,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull ReturnLineRequest> lines,
			@Nullable @Size(max = 200) String reason) {
	}

	record CancelRequest(@Nullable @Size(max = 32) String cause) {
	}

	record RejectReturn(@NotBlank @Size(max = 200) String reason) {
	}

	/** An order as its member and ops see it. */
	record OrderView(String orderId, UUID memberId, String channel, String status, @Nullable String cancelCause,
			String currency, long subtotalMinor, long discountMinor, long shippingFeeMinor, long shippingDiscountMinor,
			long payableMinor, long refundedMinor, long pointsRedeemed, long pointsValueMinor, long pointsRestored,
			List<Orders.Line> lines, @Schema(implementation = AppliedPromotion[].class) @Nullable JsonNode promotions,
			@Schema(implementation = AddressRequest.class) JsonNode shippingAddress, @Nullable Instant paymentDueAt,
			@Nullable Instant paidAt, @Nullable Instant shippedAt, @Nullable Instant deliveredAt,
			@Nullable Instant cancelledAt, Instant createdAt) {

		static OrderView of(Orders.Order order, JsonNode shippingAddress) {
			return new OrderView(order.orderId(), order.memberId(), order.channel(), order.status().name(),
					order.cancelCause(), order.currency(), order.subtotalMinor(), order.discountMinor(),
					order.shippingFeeMinor(), order.shippingDiscountMinor(), order.payableMinor(),
					order.refundedMinor(), order.points().redeemed(), order.points().valueMinor(),
					order.points().restored(), order.lines(),
					(order.quote() != null) ? order.quote().path("applied") : null, shippingAddress,
					order.paymentDueAt(), order.paidAt(), order.shippedAt(), order.deliveredAt(), order.cancelledAt(),
					order.createdAt());
		}

	}

	/**
	 * The shape of {@link OrderView#promotions()}: the promotions that applied, as the
	 * order's quote from promotion-service recorded them (kept as that JSON).
	 */
	record AppliedPromotion(String promotionId, String name, @Nullable String couponId, String group,
			long discountMinor, long shippingDiscountMinor) {
	}

	record AdminOrderView(OrderView order, String sagaStep, @Nullable JsonNode rejection,
			List<Orders.Transition> history) {
	}

	private final OrderPlacement placement;

	private final OrderLifecycle lifecycle;

	private final Orders orders;

	private final Payments payments;

	private final OrderSla sla;

	private final ShippingAddresses addresses;

	private final SignedWebhooks webhooks;

	private final JsonMapper json;

	private final SalesChannels channels;

	private final Carts carts;

	OrderController(OrderPlacement placement, OrderLifecycle lifecycle, Orders orders, Payments payments, OrderSla sla,
			ShippingAddresses addresses, SignedWebhooks webhooks, JsonMapper json, SalesChannels channels,
			Carts carts) {
		this.channels = channels;
		this.carts = carts;
		this.placement = placement;
		this.lifecycle = lifecycle;
		this.orders = orders;
		this.payments = payments;
		this.sla = sla;
		this.addresses = addresses;
		this.webhooks = webhooks;
		this.json = json;
	}

	/**
	 * One checkout per Idempotency-Key: a retry answers with that checkout's order (or
	 * its refusal), resuming its placement if it was interrupted, and never places a
	 * second one.
	 */
	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Place an order",
			description = "Places the member's checkout: prices it with promotion-service (coupons, points), reserves stock and answers 201 with the order PENDING_PAYMENT and its payment deadline. The channel defaults to the token's. Needs an Idempotency-Key: a retry with the same key answers that checkout's order or refusal, resuming an interrupted placement, and never places a second order. Refusals carry orderId. Who may call: a signed-in member (member token), for their own orders only.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"channel\":\"TMALL\",\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":2}],\"shippingAddress\":{\"name\":\"Li Wei\",\"phone\":\"+8613800138000\",\"region\":\"CN-EAST\",\"city\":\"Shanghai\",\"line1\":\"Nanjing West Road 1266\",\"postalCode\":\"200040\"},\"couponIds\":[\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"],\"pointsToRedeem\":200}")))
	@ApiResponse(responseCode = "201", description = "The order, pending payment (Location: /api/orders/{orderId})",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class),
					examples = @ExampleObject(name = "example",
							value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"memberId\":\"0f8e7d6c-5b4a-4939-8271-605f4e3d2c1b\",\"channel\":\"TMALL\",\"status\":\"PENDING_PAYMENT\",\"cancelCause\":null,\"currency\":\"CNY\",\"subtotalMinor\":139800,\"discountMinor\":10000,\"shippingFeeMinor\":0,\"shippingDiscountMinor\":0,\"payableMinor\":127800,\"refundedMinor\":0,\"pointsRedeemed\":200,\"pointsValueMinor\":2000,\"pointsRestored\":0,\"lines\":[{\"lineNo\":1,\"sku\":\"JACKET-BLK-M\",\"name\":\"Down jacket, black, M\",\"quantity\":2,\"unitPriceMinor\":69900,\"discountMinor\":10000,\"returnedQuantity\":0,\"pointsValueMinor\":2000}],\"promotions\":[{\"promotionId\":\"PROMO-D11-100OFF\",\"name\":\"Singles Day: 100 off 1,000\",\"couponId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"group\":\"COUPON\",\"discountMinor\":10000,\"shippingDiscountMinor\":0}],\"shippingAddress\":{\"name\":\"Li Wei\",\"phone\":\"+8613800138000\",\"region\":\"CN-EAST\",\"city\":\"Shanghai\",\"line1\":\"Nanjing West Road 1266\",\"postalCode\":\"200040\"},\"paymentDueAt\":\"2026-12-05T10:44:00Z\",\"paidAt\":null,\"shippedAt\":null,\"deliveredAt\":null,\"cancelledAt\":null,\"createdAt\":\"2026-12-05T10:29:00Z\"}")))
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "the request names a sales channel the caller may not sell on (another than the token's)")
	@ProblemResponse(status = 422, type = "unknown-product",
			when = "a line names SKUs that are not for sale (skus given)")
	@ProblemResponse(status = 422, type = "business-rule", when = "the products are priced in more than one currency")
	@ProblemResponse(status = 409, type = "insufficient-stock",
			when = "inventory cannot serve a line (shortLines[] with requested and available)")
	@ProblemResponse(status = 422, type = "coupon-not-usable",
			when = "a chosen coupon is not in the wallet, or is locked, used or expired (couponIds[])")
	@ProblemResponse(status = 409, type = "coupon-not-usable",
			when = "another order locked a chosen coupon a moment earlier (couponId)")
	@ProblemResponse(status = 422, type = "coupon-not-applicable",
			when = "a chosen coupon does not apply to the cart (coupons[] with reasons)")
	@ProblemResponse(status = 409, type = "promotion-budget-exhausted",
			when = "the promotion budget no longer covers the discount; quote again (promotionId)")
	@ProblemResponse(status = 422, type = "amount-out-of-range",
			when = "the cart's amounts are too large to price exactly")
	@ProblemResponse(status = 422, type = "insufficient-points",
			when = "the points balance does not cover pointsToRedeem (balance)")
	@ProblemResponse(status = 422, type = "points-limit-exceeded",
			when = "points may pay at most the configured share of the payable (maxPoints, maxValueMinor)")
	@ProblemResponse(status = 422, type = "points-currency-mismatch", when = "points pay only in the brand currency")
	@ProblemResponse(status = 422, type = "idempotency-key-reused",
			when = "the Idempotency-Key was used for a different checkout")
	@ProblemResponse(status = 409, type = "idempotency-key-in-flight",
			when = "this checkout is still being placed; retry after retryAfterSeconds")
	@ProblemResponse(status = 409, type = "order-placement-interrupted",
			when = "a retried checkout whose placement was released; place the order again with a new Idempotency-Key")
	@ProblemResponse(status = 503, type = "order-placement-unavailable",
			when = "a partner service (inventory, promotion, member) did not answer; nothing is placed or charged; retry with the same Idempotency-Key within 30 s (orderId, retryAfterSeconds)")
	@PostMapping("/api/orders")
	@IdempotencyKeyRequired(rerunnable = true)
	ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderRequest request, Authentication caller,
			@RequestHeader("Idempotency-Key") String checkoutKey) {
		String channel = this.channels.resolve(caller, request.channel());
		long points = (request.pointsToRedeem() != null) ? request.pointsToRedeem() : 0;
		Orders.Order order = this.placement.place(member(caller), checkoutKey,
				new OrderPlacement.PlaceOrder(channel,
						request.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList(),
						this.json.valueToTree(request.shippingAddress()), request.shippingAddress().region(),
						request.couponIds(), Boolean.TRUE.equals(request.usePoints()) || points > 0, points));
		return ResponseEntity.created(URI.create("/api/orders/" + order.orderId())).body(view(order));
	}

	/**
	 * The cart's checkout is an order placement like any other (the same saga, the same
	 * one order per Idempotency-Key); the cart is emptied once the order is placed.
	 */
	@Tag(name = "cart")
	@Operation(operationId = "checkOutCart", summary = "Check out my cart", description = """
			Places an order from the member's cart (lines, chosen coupons, points) on the token's channel, \
			priced on the server like POST /api/orders, and empties the cart once the order is placed (a cart \
			changed meanwhile keeps its changes). Needs an Idempotency-Key: a retry answers the same order.

			Who may call: a signed-in member (member token).""")
	@ApiResponse(responseCode = "201", description = "The order, pending payment (Location: /api/orders/{orderId})",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ProblemResponse(status = 422, type = "cart-empty", when = "the member's cart has no lines")
	@ProblemResponse(status = 409, type = "cart-changed",
			when = "cartVersion is not the cart's version (changed on another channel; version gives the current one)")
	@ProblemResponse(status = 422, type = "unknown-product",
			when = "a line names SKUs that are no longer for sale (skus given)")
	@ProblemResponse(status = 409, type = "insufficient-stock",
			when = "inventory cannot serve a line (shortLines[] with requested and available)")
	@ProblemResponse(status = 422, type = "coupon-not-usable",
			when = "a chosen coupon is not in the wallet, or is locked, used or expired (couponIds[])")
	@ProblemResponse(status = 422, type = "insufficient-points",
			when = "the points balance does not cover the cart's points (balance)")
	@ProblemResponse(status = 422, type = "points-limit-exceeded",
			when = "points may pay at most the configured share of the payable (maxPoints, maxValueMinor)")
	@ProblemResponse(status = 422, type = "idempotency-key-reused",
			when = "the Idempotency-Key was used for a different checkout (the cart changed since)")
	@ProblemResponse(status = 409, type = "idempotency-key-in-flight",
			when = "this checkout is still being placed; retry after retryAfterSeconds")
	@ProblemResponse(status = 503, type = "order-placement-unavailable",
			when = "a partner service did not answer; nothing is placed or charged, the cart is kept; retry with the same Idempotency-Key")
	@PostMapping("/api/cart/checkout")
	@IdempotencyKeyRequired(rerunnable = true)
	ResponseEntity<OrderView> checkOutCart(@Valid @RequestBody CartCheckoutRequest request, Authentication caller,
			@RequestHeader("Idempotency-Key") String checkoutKey) {
		UUID member = member(caller);
		Optional<Orders.Order> started = this.placement.startedCheckout(member, checkoutKey);
		if (started.isPresent()) {
			return ResponseEntity.created(URI.create("/api/orders/" + started.get().orderId()))
				.body(view(started.get()));
		}
		Carts.Cart cart = this.carts.ofMember(member)
			.filter((c) -> !c.lines().isEmpty())
			.orElseThrow(() -> new ProblemException.Unprocessable(ProblemTypes.of("cart-empty"), "Cart empty",
					"There is nothing in the cart to check out."));
		if (request.cartVersion() != null && request.cartVersion() != cart.version()) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("cart-changed"), "Cart changed",
					"The cart changed since version " + request.cartVersion() + " (now " + cart.version()
							+ "), perhaps on another channel: review it before checking out.")
				.with("version", cart.version());
		}
		String channel = this.channels.resolve(caller, null);
		Orders.Order order = this.placement.place(member, checkoutKey,
				new OrderPlacement.PlaceOrder(channel,
						cart.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList(),
						this.json.valueToTree(request.shippingAddress()), request.shippingAddress().region(),
						cart.couponIds(), cart.pointsToRedeem() > 0, cart.pointsToRedeem()));
		this.carts.checkedOut(member, cart.version());
		return ResponseEntity.created(URI.create("/api/orders/" + order.orderId())).body(view(order));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(operationId = "listMyOrders", summary = "List my orders",
			description = "Answers the signed-in member's orders, newest first. Who may call: a signed-in member (member token), for their own orders only.")
	@ProblemResponse(status = 403, type = "forbidden",
			when = "the token is not a member token (staff and service tokens have no orders)")
	@GetMapping("/api/orders")
	List<OrderView> mine(Principal principal) {
		return this.orders.ofMember(member(principal)).stream().map(this::view).toList();
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(operationId = "getMyOrder", summary = "Get my order",
			description = "Answers one of the member's orders with its amounts, lines, applied promotions and timeline. Who may call: a signed-in member (member token), for their own orders only.")
	@ApiResponse(responseCode = "200", description = "The order", content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = OrderView.class),
			examples = @ExampleObject(name = "example",
					value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"memberId\":\"0f8e7d6c-5b4a-4939-8271-605f4e3d2c1b\",\"channel\":\"TMALL\",\"status\":\"PENDING_PAYMENT\",\"cancelCause\":null,\"currency\":\"CNY\",\"subtotalMinor\":139800,\"discountMinor\":10000,\"shippingFeeMinor\":0,\"shippingDiscountMinor\":0,\"payableMinor\":127800,\"refundedMinor\":0,\"pointsRedeemed\":200,\"pointsValueMinor\":2000,\"pointsRestored\":0,\"lines\":[{\"lineNo\":1,\"sku\":\"JACKET-BLK-M\",\"name\":\"Down jacket, black, M\",\"quantity\":2,\"unitPriceMinor\":69900,\"discountMinor\":10000,\"returnedQuantity\":0,\"pointsValueMinor\":2000}],\"promotions\":[{\"promotionId\":\"PROMO-D11-100OFF\",\"name\":\"Singles Day: 100 off 1,000\",\"couponId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"group\":\"COUPON\",\"discountMinor\":10000,\"shippingDiscountMinor\":0}],\"shippingAddress\":{\"name\":\"Li Wei\",\"phone\":\"+8613800138000\",\"region\":\"CN-EAST\",\"city\":\"Shanghai\",\"line1\":\"Nanjing West Road 1266\",\"postalCode\":\"200040\"},\"paymentDueAt\":\"2026-12-05T10:44:00Z\",\"paidAt\":null,\"shippedAt\":null,\"deliveredAt\":null,\"cancelledAt\":null,\"createdAt\":\"2026-12-05T10:29:00Z\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id, or it is not the caller's")
	@GetMapping("/api/orders/{orderId}")
	OrderView mine(@PathVariable String orderId, Principal principal) {
		return view(this.orders.getForMember(orderId, member(principal)));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Cancel my order",
			description = "Cancels the order before shipment; a paid order is refunded in full and its points, stock and coupons come back. Idempotent: cancelling a cancelled order answers it. Who may call: a signed-in member (member token), for their own orders only.")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id, or it is not the caller's")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow cancelling (e.g. it has shipped) (status and action given)")
	@PostMapping("/api/orders/{orderId}/cancellation")
	OrderView cancel(@PathVariable String orderId, Principal principal) {
		return view(this.lifecycle.cancel(orderId, member(principal), "CUSTOMER"));
	}

	@Tag(name = "returns",
			description = "Returns: members ask to return delivered items; ops receive (refund) or reject them.")
	@Operation(summary = "Request a return",
			description = "Asks to return units of a delivered order within the return window; answers 201 with the return REQUESTED. Needs an Idempotency-Key. Who may call: a signed-in member (member token), for their own orders only.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":1}],\"reason\":\"Too small\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id, or it is not the caller's")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow a return (not delivered, or a return is open) (status and action given)")
	@ProblemResponse(status = 422, type = "return-window-closed",
			when = "the return comes later than the return window after delivery")
	@ProblemResponse(status = 422, type = "return-exceeds-order",
			when = "more units of a SKU are returned than the order has left to return (sku)")
	@ApiResponse(responseCode = "201", description = "The return, requested (Location: /api/returns/{returnId})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = OrderLifecycle.ReturnRequest.class)))
	@PostMapping("/api/returns")
	@IdempotencyKeyRequired
	ResponseEntity<OrderLifecycle.ReturnRequest> requestReturn(@Valid @RequestBody ReturnRequestBody request,
			Principal principal) {
		OrderLifecycle.ReturnRequest created = this.lifecycle.requestReturn(member(principal), request.orderId(),
				request.lines().stream().map((l) -> new OrderLifecycle.ReturnLine(l.sku(), l.quantity())).toList(),
				request.reason());
		return ResponseEntity.created(URI.create("/api/returns/" + created.returnId())).body(created);
	}

	@Tag(name = "returns",
			description = "Returns: members ask to return delivered items; ops receive (refund) or reject them.")
	@Operation(summary = "Get my return",
			description = "Answers the return with its status, lines and, once received, the refund in money and points. Who may call: a signed-in member (member token), for their own orders only.")
	@ProblemResponse(status = 404, type = "not-found",
			when = "no return with this id, or its order is not the caller's")
	@GetMapping("/api/returns/{returnId}")
	OrderLifecycle.ReturnRequest myReturn(@PathVariable String returnId, Principal principal) {
		OrderLifecycle.ReturnRequest request = this.lifecycle.findReturn(returnId);
		this.orders.getForMember(request.orderId(), member(principal));
		return request;
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Get an order (ops)",
			description = "Answers the order with its placement step, rejection (if refused) and state history. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@GetMapping("/admin/fulfillment/orders/{orderId}")
	AdminOrderView order(@PathVariable String orderId) {
		Orders.Order order = this.orders.get(orderId);
		return new AdminOrderView(view(order), order.sagaStep(), order.rejection(), this.orders.history(orderId));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "List orders by status",
			description = "Answers up to limit (1 to 1000, 100 when absent) real orders in the given status, newest first; with testRun, that load-test run's orders instead (a tagged request sees its own run's). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/orders")
	List<OrderView> withStatus(@RequestParam OrderStatus status,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Pattern(regexp = TestRun.PATTERN) @Nullable String testRun) {
		String run = (testRun != null) ? testRun : TestRun.current();
		return this.orders.withStatus(status, limit, run).stream().map(this::view).toList();
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Allocate an order",
			description = "Splits a paid order into parcels by source, each with the cheapest carrier that keeps the promise (flagged at risk if none can); drop-ship parcels get purchase orders. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow allocation (it is not paid) (status and action given)")
	@PostMapping("/admin/fulfillment/orders/{orderId}/allocation")
	OrderView allocate(@PathVariable String orderId) {
		return view(this.lifecycle.allocate(orderId));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Mark an order shipped",
			description = "Records that the allocated order left the warehouse. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow shipping (it is not allocated) (status and action given)")
	@PostMapping("/admin/fulfillment/orders/{orderId}/shipment")
	OrderView ship(@PathVariable String orderId) {
		return view(this.lifecycle.ship(orderId));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Mark an order delivered",
			description = "Records the delivery of a shipped order; the return window starts. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow delivery (it is not shipped) (status and action given)")
	@PostMapping("/admin/fulfillment/orders/{orderId}/delivery")
	OrderView deliver(@PathVariable String orderId) {
		return view(this.lifecycle.deliver(orderId));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Cancel an order (ops)",
			description = "Cancels the order before shipment with a cause (OPERATIONS when absent, e.g. FRAUD, SUPPLIER_SHORT); a paid order is refunded in full. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example", value = "{\"cause\":\"FRAUD\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow cancelling (e.g. it has shipped) (status and action given)")
	@PostMapping("/admin/fulfillment/orders/{orderId}/cancellation")
	OrderView cancelByOps(@PathVariable String orderId,
			@Valid @RequestBody(required = false) @Nullable CancelRequest request) {
		String cause = (request != null && request.cause() != null) ? request.cause() : "OPERATIONS";
		return view(this.lifecycle.cancel(orderId, null, cause));
	}

	@Tag(name = "kpis",
			description = "Operations figures: KPIs over a window and the delivery SLA (orders at risk, breaches).")
	@Operation(summary = "List orders at risk",
			description = "Answers paid orders likely to miss their delivery promise, with the reason. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/sla/at-risk")
	List<OrderSla.AtRisk> atRisk() {
		return this.sla.atRisk();
	}

	@Tag(name = "kpis",
			description = "Operations figures: KPIs over a window and the delivery SLA (orders at risk, breaches).")
	@Operation(summary = "List SLA breaches",
			description = "Answers orders that missed their dispatch or delivery promise. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/sla/breaches")
	List<OrderSla.Breach> breaches() {
		return this.sla.breaches();
	}

	@Tag(name = "returns",
			description = "Returns: members ask to return delivered items; ops receive (refund) or reject them.")
	@Operation(summary = "Receive a return",
			description = "Books the returned units back into stock, refunds the money share and restores the points share, and answers the return RECEIVED. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no return with this id")
	@PostMapping("/admin/fulfillment/returns/{returnId}/receipt")
	OrderLifecycle.ReturnRequest receiveReturn(@PathVariable String returnId) {
		return this.lifecycle.receiveReturn(returnId);
	}

	@Tag(name = "returns",
			description = "Returns: members ask to return delivered items; ops receive (refund) or reject them.")
	@Operation(summary = "Reject a return",
			description = "The return failed inspection: nothing is refunded and the order is delivered again. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example", value = "{\"reason\":\"Worn, tags removed\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no return with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the order's state does not allow rejecting the return (status and action given)")
	@PostMapping("/admin/fulfillment/returns/{returnId}/rejection")
	OrderLifecycle.ReturnRequest rejectReturn(@PathVariable String returnId, @Valid @RequestBody RejectReturn request) {
		return this.lifecycle.rejectReturn(returnId, request.reason());
	}

	/**
	 * A payment provider's callback, signed ({@link SignedWebhooks}); applied once per
	 * transaction.
	 */
	@Tag(name = "partner-webhooks",
			description = "Callbacks from payment providers, carriers and suppliers, each signed with the partner's secret (X-Signature).")
	@Operation(summary = "Receive a payment provider's callback",
			description = "A provider reports a charge: a successful one of the order's payable amount pays the order (stock and coupons are confirmed); late or mismatched money is kept for ops' attention (refund due). Applied once per transaction: a repeat answers duplicate true. Signed by the partner: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(partner secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock. Who may call: partners only, no token: the request is authenticated by its X-Signature under the partner's secret.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = Payments.Callback.class),
			examples = @ExampleObject(name = "example",
					value = "{\"transactionId\":\"WXPAY-4200002271202612051234567890\",\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"amountMinor\":127800,\"currency\":\"CNY\",\"status\":\"SUCCEEDED\"}")))
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match the time, method, path and body under the provider's secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock (a replay or a skewed clock)")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a payment callback (not JSON, a field missing or out of bounds); errors[] lists them")
	@ProblemResponse(status = 404, type = "not-found",
			when = "the payment provider is not configured, or the order does not exist")
	@PostMapping("/webhooks/payments/{provider}")
	Payments.Outcome paymentCallback(@PathVariable String provider, HttpServletRequest request) {
		Payments.Callback callback = this.webhooks.read(request, this.payments.secretOf(provider),
				Payments.Callback.class);
		return this.payments.apply(provider, callback);
	}

	// Only the order's own views (its member, ops) show the address in clear.
	private OrderView view(Orders.Order order) {
		return OrderView.of(order, this.addresses.open(order));
	}

	private static UUID member(Principal principal) {
		return UUID.fromString(principal.getName());
	}

}
