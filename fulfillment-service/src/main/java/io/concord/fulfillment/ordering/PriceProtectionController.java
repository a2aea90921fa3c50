package io.concord.fulfillment.ordering;

import java.security.Principal;
import java.util.UUID;

import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Price protection (保价): a member claims the difference when a SKU of their paid order
 * got cheaper within the window ({@link PriceProtection}). Ops see the claims in the
 * order's admin view.
 */
@RestController
class PriceProtectionController {

	private final PriceProtection protection;

	PriceProtectionController(PriceProtection protection) {
		this.protection = protection;
	}

	@Tag(name = "orders",
			description = "Checkout and orders: members place, follow and cancel their orders; ops move them through allocation, shipment and delivery.")
	@Operation(operationId = "claimPriceProtection", summary = "Claim price protection",
			description = "Within the price protection window after payment (7 days unless the channel or a promotion of the order sets another), refunds each line the difference between what its remaining (not returned) units paid and the SKU's selling price on the order's channel now, once per line and never more than the line's money not yet refunded. The refund is recorded on the order (refundedMinor) and paid out like a return's. Answers 200 with every line: claimedMinor, or 0 and why not (no-price-drop, already-claimed, returned); claiming again is harmless. Who may call: a signed-in member (member token), for their own orders only.")
	@ApiResponse(responseCode = "200", description = "What each line got", content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = PriceProtection.Answer.class),
			examples = @ExampleObject(name = "example",
					value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"currency\":\"CNY\",\"refundedMinor\":20000,\"lines\":[{\"lineNo\":1,\"sku\":\"JACKET-BLK-M\",\"claimedMinor\":20000,\"reason\":null,\"currentPriceMinor\":59900},{\"lineNo\":2,\"sku\":\"SOCKS-WHT\",\"claimedMinor\":0,\"reason\":\"no-price-drop\",\"currentPriceMinor\":1500}]}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id, or it is not the caller's")
	@ProblemResponse(status = 409, type = "order-not-paid",
			when = "the order is not paid yet, or was cancelled (status given)")
	@ProblemResponse(status = 409, type = "return-in-progress",
			when = "a return of the order is open: claim once it is received or rejected")
	@ProblemResponse(status = 422, type = "price-protection-window-closed",
			when = "the claim comes later than the window after payment (windowDays given)")
	@PostMapping("/api/orders/{orderId}/price-protection")
	PriceProtection.Answer claim(@PathVariable String orderId, Principal principal) {
		return this.protection.claim(UUID.fromString(principal.getName()), orderId);
	}

}
