package io.concord.fulfillment.ordering;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import io.concord.platform.security.AccessRules;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.WebhookSignatures;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local stack's payment provider: "paying" an order sends the signed callback a real
 * provider would send, to the public webhook through the gateway. It exists only with
 * {@code concord.fulfillment.dev-tools.enabled=true} (never in production): only then is
 * provider {@code simulated} known to {@link Payments}, and its secret is random per
 * process unless {@code concord.fulfillment.dev-tools.payment-secret} sets one (several
 * replicas with dev tools on need the same).
 */
@Tag(name = "payments",
		description = "Payments that need ops' attention (refund due, amount mismatch), and the simulated payment provider of the local stack.")
@RestController
@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
class SimulatedPaymentProvider {

	/**
	 * @param orderId the order to pay
	 * @param transactionId the provider's transaction, when the caller repeats a callback
	 * of one charge (as a real provider retries its webhook); a new one otherwise
	 */
	record PayRequest(@NotBlank String orderId,
			@jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String transactionId) {
	}

	record Paid(String orderId, String transactionId, int callbackStatus, String callbackBody) {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
	static class DevAccess {

		@Bean
		AccessRules simulatedPaymentAccess() {
			return (requests) -> requests.requestMatchers("/dev/**").permitAll();
		}

		@Bean
		Payments.ContributedProvider simulatedPaymentProviderSecret(
				@Value("${concord.fulfillment.dev-tools.payment-secret:}") String configured) {
			if (!configured.isBlank()) {
				return new Payments.ContributedProvider(Payments.SIMULATED, configured);
			}
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return new Payments.ContributedProvider(Payments.SIMULATED, HexFormat.of().formatHex(random));
		}

	}

	private final Orders orders;

	private final String secret;

	private final JsonMapper json;

	private final String callbackUrl;

	SimulatedPaymentProvider(Orders orders, List<Payments.ContributedProvider> contributed, JsonMapper json,
			@Value("${concord.fulfillment.dev-tools.payment-callback-url:http://localhost:8080/webhooks/payments/simulated}") String callbackUrl) {
		this.orders = orders;
		this.secret = contributed.stream()
			.filter((provider) -> provider.name().equals(Payments.SIMULATED))
			.findFirst()
			.orElseThrow()
			.secret();
		this.json = json;
		this.callbackUrl = callbackUrl;
	}

	@Operation(summary = "Pay an order (simulated provider)",
			description = "Charges the order's payable amount and sends the signed callback a real provider would send to /webhooks/payments/simulated through the gateway; answers the callback's status and body. Give transactionId to repeat a callback of one charge. Who may call: anyone reaching the service, only when concord.fulfillment.dev-tools.enabled=true (the local stack; never in production); not in the public document.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no order with this id")
	@ProblemResponse(status = 504, type = "payment-callback-unanswered",
			when = "the shop did not acknowledge the signed callback (timeout or connection refused)")
	@PostMapping("/dev/payment-provider/payments")
	Paid pay(@Valid @RequestBody PayRequest request) throws Exception {
		Orders.Order order = this.orders.get(request.orderId());
		String transactionId = (request.transactionId() != null) ? request.transactionId() : "SIM-" + UUID.randomUUID();
		byte[] body = this.json.writeValueAsBytes(Map.of("transactionId", transactionId, "orderId", order.orderId(),
				"amountMinor", order.payableMinor(), "currency", order.currency(), "status", "SUCCEEDED"));
		HttpResponse<String> callback;
		try {
			callback = WebhookSignatures.send(URI.create(this.callbackUrl), this.secret, body);
		}
		catch (java.io.IOException ex) {
			// A real provider retries later; the caller learns the shop did not answer.
			throw new ProblemException(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.of("payment-callback-unanswered"),
					"Payment callback unanswered",
					"The shop did not acknowledge the payment callback: " + ex.getClass().getSimpleName());
		}
		return new Paid(order.orderId(), transactionId, callback.statusCode(), callback.body());
	}

}
