package io.concord.fulfillment.ordering;

import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops see the money that arrived for orders that could not take it (a payment after the
 * order was cancelled or expired, or of the wrong amount) and record what they did about
 * it; {@code PaymentRefundDue} tells finance the same.
 */
@Tag(name = "payments",
		description = "Payments that need ops' attention (refund due, amount mismatch), and the simulated payment provider of the local stack.")
@RestController
@Validated
class PaymentAttentionController {

	record Resolution(@NotBlank @Size(max = 500) String resolution) {
	}

	private final Payments payments;

	PaymentAttentionController(Payments payments) {
		this.payments = payments;
	}

	@Operation(summary = "List payments needing attention",
			description = "Answers payments that arrived for orders that could not take them: REFUND_DUE (paid after the order was cancelled or expired) or AMOUNT_MISMATCH, unresolved unless includeResolved. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/payments")
	List<Payments.AttentionNeeded> needingAttention(
			@RequestParam(defaultValue = "REFUND_DUE") @Pattern(regexp = "REFUND_DUE|AMOUNT_MISMATCH") String outcome,
			@RequestParam(defaultValue = "false") boolean includeResolved,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.payments.needingAttention(outcome, includeResolved, limit);
	}

	@Operation(summary = "Resolve a payment",
			description = "Records what ops did about the payment (e.g. refunded through the provider); idempotent once resolved. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"resolution\":\"Refunded 1,278.00 CNY via WeChat Pay merchant console, ref RF-20261205-0042\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no payment of this provider with this transaction id")
	@ProblemResponse(status = 409, type = "conflict", when = "the payment needs no attention (it paid its order)")
	@PostMapping("/admin/fulfillment/payments/{provider}/{transactionId}/resolution")
	Payments.AttentionNeeded resolve(@PathVariable String provider, @PathVariable String transactionId,
			@Valid @RequestBody Resolution resolution, Principal staff) {
		return this.payments.resolve(provider, transactionId, "staff:" + staff.getName(), resolution.resolution());
	}

}
