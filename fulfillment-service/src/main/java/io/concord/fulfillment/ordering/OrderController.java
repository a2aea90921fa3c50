package io.concord.fulfillment.ordering;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Members place, follow and cancel their orders ({@code /api/orders}) and check out their
 * cart ({@code /api/cart/checkout}).
 */
@RestController
class OrderController {

	static final String SKU = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

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

	private final OrderPlacement placement;

	private final OrderLifecycle lifecycle;

	private final Orders orders;

	private final ShippingAddresses addresses;

	private final JsonMapper json;

	private final SalesChannels channels;

	private final Carts carts;

	OrderController(OrderPlacement placement, OrderLifecycle lifecycle, Orders orders, ShippingAddresses addresses,
			JsonMapper json, SalesChannels channels, Carts carts) {
		this.placement = placement;
		this.lifecycle = lifecycle;
		this.orders = orders;
		this.addresses = addresses;
		this.json = json;
		this.channels = channels;
		this.carts = carts;
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

	// Only the order's own views (its member, ops) show the address in clear.
	private OrderView view(Orders.Order order) {
		return OrderView.of(order, this.addresses.open(order));
	}

	private static UUID member(Principal principal) {
		return UUID.fromString(principal.getName());
	}

}
