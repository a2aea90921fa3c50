package io.concord.fulfillment.shipping;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.WebhookSignatures;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local stack's carrier: a scan of a parcel sends the signed tracking callback a real
 * carrier would send, to the public webhook through the gateway. Only with
 * {@code concord.fulfillment.dev-tools.enabled=true}; never in production.
 */
@Tag(name = "shipping",
		description = "Carriers with their rates, the parcels of an order, and the simulated carrier of the local stack.")
@RestController
@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
class SimulatedCarrier {

	record Scan(@NotBlank String trackingNumber,
			@NotBlank @Pattern(regexp = "PICKED_UP|IN_TRANSIT|DELIVERED|EXCEPTION") String status) {
	}

	record Scanned(String carrier, String eventId, int callbackStatus, String callbackBody) {
	}

	private final Shipments shipments;

	private final JsonMapper json;

	private final String callbackBase;

	SimulatedCarrier(Shipments shipments, JsonMapper json,
			@Value("${concord.fulfillment.dev-tools.carrier-callback-base:http://localhost:8080/webhooks/carriers}") String callbackBase) {
		this.shipments = shipments;
		this.json = json;
		this.callbackBase = callbackBase;
	}

	@Operation(summary = "Scan a parcel (simulated carrier)",
			description = "Sends the signed tracking callback a real carrier would send for the scan to /webhooks/carriers/{carrier} through the gateway, and answers its status and body. Who may call: anyone reaching the service, only when concord.fulfillment.dev-tools.enabled=true (the local stack; never in production); not in the public document.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"trackingNumber\":\"SF1402938475612\",\"status\":\"DELIVERED\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the carrier is not known or not active")
	@PostMapping("/dev/carriers/{carrier}/scans")
	Scanned scan(@PathVariable String carrier, @Valid @RequestBody Scan scan) throws Exception {
		String secret = this.shipments.secretOf(carrier)
			.orElseThrow(() -> new ProblemException.NotFound("Carrier", carrier));
		String eventId = "SCAN-" + UUID.randomUUID();
		byte[] body = this.json.writeValueAsBytes(Map.of("eventId", eventId, "trackingNumber", scan.trackingNumber(),
				"status", scan.status(), "occurredAt", Instant.now().toString()));
		HttpResponse<String> callback = WebhookSignatures.send(URI.create(this.callbackBase + "/" + carrier), secret,
				body);
		return new Scanned(carrier, eventId, callback.statusCode(), callback.body());
	}

}
