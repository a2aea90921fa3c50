package io.concord.fulfillment.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops follow orders and move them along: allocation, shipment, delivery, cancellation
 * ({@code /admin/fulfillment/orders/...}).
 */
@RestController
class OrderOpsController {

	record CancelRequest(@Nullable @Size(max = 32) String cause) {
	}

	/**
	 * An order as ops see it: the order, its placement (the saga's last stored step, the
	 * refusal if rejected, and each step with its time and outcome), its state history,
	 * payments, returns, delivery promise and price protection claims.
	 */
	record AdminOrderView(OrderView order, String sagaStep, @Nullable JsonNode rejection,
			List<Orders.Transition> history, List<PriceProtection.Claim> priceProtection,
			List<PlacementHistory.Entry> placement, List<Payments.AttentionNeeded> payments,
			List<OrderReturns.ReturnRequest> returns, Promise promise) {
	}

	/**
	 * The order's dispatch and delivery promise (from payment), since when it is at risk,
	 * and its recorded breaches.
	 */
	record Promise(@Nullable Instant dispatchBy, @Nullable Instant deliveryBy, @Nullable Instant atRiskSince,
			List<OrderSla.Breach> breaches) {
	}

	private final OrderLifecycle lifecycle;

	private final OrderAllocation allocation;

	private final Orders orders;

	private final ShippingAddresses addresses;

	private final PriceProtection protection;

	private final PlacementHistory placement;

	private final Payments payments;

	private final OrderReturns returns;

	private final OrderSla sla;

	OrderOpsController(OrderLifecycle lifecycle, OrderAllocation allocation, Orders orders, ShippingAddresses addresses,
			PriceProtection protection, PlacementHistory placement, Payments payments, OrderReturns returns,
			OrderSla sla) {
		this.protection = protection;
		this.placement = placement;
		this.payments = payments;
		this.returns = returns;
		this.sla = sla;
		this.lifecycle = lifecycle;
		this.allocation = allocation;
		this.orders = orders;
		this.addresses = addresses;
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Get an order (ops)",
			description = "Answers the order with its placement step, rejection (if refused), the placement saga's history (each step with its time and outcome: COMPLETED, REFUSED, UNAVAILABLE, RESUMED), state history, payment callbacks, returns, delivery promise (dispatch and delivery deadlines, at risk since, breaches) and price protection claims. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@GetMapping("/admin/fulfillment/orders/{orderId}")
	AdminOrderView order(@PathVariable String orderId) {
		Orders.Order order = this.orders.get(orderId);
		return new AdminOrderView(view(order), order.sagaStep().name(), order.rejection(), this.orders.history(orderId),
				this.protection.claims(orderId), this.placement.of(orderId), this.payments.ofOrder(orderId),
				this.returns.ofOrder(orderId), new Promise(order.promisedDispatchBy(), order.promisedDeliveryBy(),
						order.atRiskSince(), this.sla.breachesOf(orderId)));
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(summary = "Search orders",
			description = "Answers up to limit (1 to 1000, 100 when absent) real orders, newest first, matching every criterion given: status, channel, memberId, placed from placedFrom (inclusive) to placedBefore (exclusive); with testRun, that load-test run's orders instead (a tagged request sees its own run's). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 400, type = "validation", when = "placedFrom is not before placedBefore")
	@GetMapping("/admin/fulfillment/orders")
	List<OrderView> search(@RequestParam(required = false) @Nullable OrderStatus status,
			@RequestParam(required = false) @Nullable @Size(max = 32) String channel,
			@RequestParam(required = false) @Nullable UUID memberId,
			@RequestParam(required = false) @Nullable Instant placedFrom,
			@RequestParam(required = false) @Nullable Instant placedBefore,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Pattern(regexp = TestRun.PATTERN) @Nullable String testRun) {
		if (placedFrom != null && placedBefore != null && !placedFrom.isBefore(placedBefore)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"placedFrom must be before placedBefore");
		}
		String run = (testRun != null) ? testRun : TestRun.current();
		return this.orders.search(new Orders.Search(status, channel, memberId, placedFrom, placedBefore, limit, run))
			.stream()
			.map(this::view)
			.toList();
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
		return view(this.allocation.allocate(orderId));
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

	// Only the order's own views (its member, ops) show the address in clear.
	private OrderView view(Orders.Order order) {
		return OrderView.of(order, this.addresses.open(order));
	}

}
