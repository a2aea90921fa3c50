package io.concord.fulfillment.ordering;

import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
@RestController
@Validated
class PaymentAttentionController {

	record Resolution(@NotBlank @Size(max = 500) String resolution) {
	}

	private final Payments payments;

	PaymentAttentionController(Payments payments) {
		this.payments = payments;
	}

	@GetMapping("/admin/fulfillment/payments")
	List<Payments.AttentionNeeded> needingAttention(
			@RequestParam(defaultValue = "REFUND_DUE") @Pattern(regexp = "REFUND_DUE|AMOUNT_MISMATCH") String outcome,
			@RequestParam(defaultValue = "false") boolean includeResolved,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.payments.needingAttention(outcome, includeResolved, limit);
	}

	@PostMapping("/admin/fulfillment/payments/{provider}/{transactionId}/resolution")
	Payments.AttentionNeeded resolve(@PathVariable String provider, @PathVariable String transactionId,
			@Valid @RequestBody Resolution resolution, Principal staff) {
		return this.payments.resolve(provider, transactionId, "staff:" + staff.getName(), resolution.resolution());
	}

}
