package io.concord.fulfillment.ordering;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Returns: members ask to return units of a delivered order and follow the return
 * ({@code /api/returns}); ops receive or reject it after inspection
 * ({@code /admin/fulfillment/returns/...}).
 */
@RestController
class ReturnController {

	// Bounded like order lines (999 a line, 100 lines): whatever an order holds can be
	// returned, and no sum comes near an overflow.
	record ReturnLineRequest(@NotNull @Pattern(regexp = OrderController.SKU) String sku,
			@NotNull @Min(1) @Max(999) Integer quantity) {
	}

	record ReturnRequestBody(@NotBlank @Size(max = 64) String orderId,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull ReturnLineRequest> lines,
			@Nullable @Size(max = 200) String reason) {
	}

	record RejectReturn(@NotBlank @Size(max = 200) String reason) {
	}

	private final OrderReturns returns;

	private final Orders orders;

	ReturnController(OrderReturns returns, Orders orders) {
		this.returns = returns;
		this.orders = orders;
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
					schema = @Schema(implementation = OrderReturns.ReturnRequest.class)))
	@PostMapping("/api/returns")
	@IdempotencyKeyRequired
	ResponseEntity<OrderReturns.ReturnRequest> requestReturn(@Valid @RequestBody ReturnRequestBody request,
			Principal principal) {
		OrderReturns.ReturnRequest created = this.returns.requestReturn(member(principal), request.orderId(),
				request.lines().stream().map((l) -> new OrderReturns.ReturnLine(l.sku(), l.quantity())).toList(),
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
	OrderReturns.ReturnRequest myReturn(@PathVariable String returnId, Principal principal) {
		OrderReturns.ReturnRequest request = this.returns.findReturn(returnId);
		this.orders.getForMember(request.orderId(), member(principal));
		return request;
	}

	@Tag(name = "returns",
			description = "Returns: members ask to return delivered items; ops receive (refund) or reject them.")
	@Operation(summary = "Receive a return",
			description = "Books the returned units back into stock, refunds the money share and restores the points share, and answers the return RECEIVED. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no return with this id")
	@PostMapping("/admin/fulfillment/returns/{returnId}/receipt")
	OrderReturns.ReturnRequest receiveReturn(@PathVariable String returnId) {
		return this.returns.receiveReturn(returnId);
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
	OrderReturns.ReturnRequest rejectReturn(@PathVariable String returnId, @Valid @RequestBody RejectReturn request) {
		return this.returns.rejectReturn(returnId, request.reason());
	}

	private static UUID member(Principal principal) {
		return UUID.fromString(principal.getName());
	}

}
