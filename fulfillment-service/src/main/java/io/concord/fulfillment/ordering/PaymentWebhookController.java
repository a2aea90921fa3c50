package io.concord.fulfillment.ordering;

import jakarta.servlet.http.HttpServletRequest;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payment providers call back ({@code /webhooks/payments/{provider}}, signed).
 */
@RestController
class PaymentWebhookController {

	private final Payments payments;

	private final SignedWebhooks webhooks;

	PaymentWebhookController(Payments payments, SignedWebhooks webhooks) {
		this.payments = payments;
		this.webhooks = webhooks;
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

}
