package io.concord.fulfillment.ordering;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
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
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.security.SalesChannels;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.SignedWebhooks;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
			List<Orders.Line> lines, @Nullable JsonNode promotions, JsonNode shippingAddress,
			@Nullable Instant paymentDueAt, @Nullable Instant paidAt, @Nullable Instant shippedAt,
			@Nullable Instant deliveredAt, @Nullable Instant cancelledAt, Instant createdAt) {

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

	OrderController(OrderPlacement placement, OrderLifecycle lifecycle, Orders orders, Payments payments, OrderSla sla,
			ShippingAddresses addresses, SignedWebhooks webhooks, JsonMapper json, SalesChannels channels) {
		this.channels = channels;
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

	@GetMapping("/api/orders")
	List<OrderView> mine(Principal principal) {
		return this.orders.ofMember(member(principal)).stream().map(this::view).toList();
	}

	@GetMapping("/api/orders/{orderId}")
	OrderView mine(@PathVariable String orderId, Principal principal) {
		return view(this.orders.getForMember(orderId, member(principal)));
	}

	@PostMapping("/api/orders/{orderId}/cancellation")
	OrderView cancel(@PathVariable String orderId, Principal principal) {
		return view(this.lifecycle.cancel(orderId, member(principal), "CUSTOMER"));
	}

	@PostMapping("/api/returns")
	@IdempotencyKeyRequired
	ResponseEntity<OrderLifecycle.ReturnRequest> requestReturn(@Valid @RequestBody ReturnRequestBody request,
			Principal principal) {
		OrderLifecycle.ReturnRequest created = this.lifecycle.requestReturn(member(principal), request.orderId(),
				request.lines().stream().map((l) -> new OrderLifecycle.ReturnLine(l.sku(), l.quantity())).toList(),
				request.reason());
		return ResponseEntity.created(URI.create("/api/returns/" + created.returnId())).body(created);
	}

	@GetMapping("/api/returns/{returnId}")
	OrderLifecycle.ReturnRequest myReturn(@PathVariable String returnId, Principal principal) {
		OrderLifecycle.ReturnRequest request = this.lifecycle.findReturn(returnId);
		this.orders.getForMember(request.orderId(), member(principal));
		return request;
	}

	@GetMapping("/admin/fulfillment/orders/{orderId}")
	AdminOrderView order(@PathVariable String orderId) {
		Orders.Order order = this.orders.get(orderId);
		return new AdminOrderView(view(order), order.sagaStep(), order.rejection(), this.orders.history(orderId));
	}

	@GetMapping("/admin/fulfillment/orders")
	List<OrderView> withStatus(@RequestParam OrderStatus status,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.orders.withStatus(status, limit).stream().map(this::view).toList();
	}

	@PostMapping("/admin/fulfillment/orders/{orderId}/allocation")
	OrderView allocate(@PathVariable String orderId) {
		return view(this.lifecycle.allocate(orderId));
	}

	@PostMapping("/admin/fulfillment/orders/{orderId}/shipment")
	OrderView ship(@PathVariable String orderId) {
		return view(this.lifecycle.ship(orderId));
	}

	@PostMapping("/admin/fulfillment/orders/{orderId}/delivery")
	OrderView deliver(@PathVariable String orderId) {
		return view(this.lifecycle.deliver(orderId));
	}

	@PostMapping("/admin/fulfillment/orders/{orderId}/cancellation")
	OrderView cancelByOps(@PathVariable String orderId,
			@Valid @RequestBody(required = false) @Nullable CancelRequest request) {
		String cause = (request != null && request.cause() != null) ? request.cause() : "OPERATIONS";
		return view(this.lifecycle.cancel(orderId, null, cause));
	}

	@GetMapping("/admin/fulfillment/sla/at-risk")
	List<OrderSla.AtRisk> atRisk() {
		return this.sla.atRisk();
	}

	@GetMapping("/admin/fulfillment/sla/breaches")
	List<OrderSla.Breach> breaches() {
		return this.sla.breaches();
	}

	@PostMapping("/admin/fulfillment/returns/{returnId}/receipt")
	OrderLifecycle.ReturnRequest receiveReturn(@PathVariable String returnId) {
		return this.lifecycle.receiveReturn(returnId);
	}

	@PostMapping("/admin/fulfillment/returns/{returnId}/rejection")
	OrderLifecycle.ReturnRequest rejectReturn(@PathVariable String returnId, @Valid @RequestBody RejectReturn request) {
		return this.lifecycle.rejectReturn(returnId, request.reason());
	}

	/**
	 * A payment provider's callback, signed ({@link SignedWebhooks}); applied once per
	 * transaction.
	 */
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
