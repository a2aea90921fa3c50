package io.concord.fulfillment.shipping;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops configure carriers ({@code /admin/fulfillment/carriers/...}) and see an order's
 * parcels; carriers report tracking ({@code POST /webhooks/carriers/{carrier}}, signed
 * with the carrier's secret).
 */
@RestController
class ShippingController {

	record RateRequest(@NotNull @Pattern(regexp = "SAME_DAY|EXPRESS|STANDARD|ECONOMY") String serviceLevel,
			@NotNull @Pattern(regexp = "LOCAL|NATIONAL|INTERNATIONAL") String zone,
			@NotNull @PositiveOrZero Long costMinor, @NotNull @Min(1) Integer transitHours) {
	}

	record CarrierRequest(@NotBlank @Size(max = 100) String name,
			@NotBlank @Size(min = 16, max = 200) String webhookSecret, @Nullable Boolean active,
			@NotNull List<@Valid @NotNull RateRequest> rates) {
	}

	record Tracking(String carrier, String outcome) {
	}

	/** A carrier's tracking callback, as the partner API describes it. */
	record TrackingCallback(@NotBlank @Size(max = 100) String eventId, @NotBlank @Size(max = 64) String trackingNumber,
			@NotNull @Pattern(regexp = "PICKED_UP|IN_TRANSIT|DELIVERED|EXCEPTION") String status,
			@NotNull Instant occurredAt, @Nullable @Size(max = 200) String detail) {

		Shipments.TrackingUpdate toUpdate() {
			return new Shipments.TrackingUpdate(this.eventId, this.trackingNumber, this.status, this.occurredAt,
					this.detail);
		}

	}

	private final Carriers carriers;

	private final Shipments shipments;

	private final SignedWebhooks webhooks;

	ShippingController(Carriers carriers, Shipments shipments, SignedWebhooks webhooks) {
		this.carriers = carriers;
		this.shipments = shipments;
		this.webhooks = webhooks;
	}

	@Tag(name = "shipping",
			description = "Carriers with their rates, the parcels of an order, and the simulated carrier of the local stack.")
	@Operation(summary = "Create or replace a carrier",
			description = "Sets the carrier's name, webhook secret (for its tracking callbacks), whether it is active, and its rates per service level and zone. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"name\":\"SF Express\",\"webhookSecret\":\"sf-tracking-secret-2026-rotate-q1\",\"active\":true,\"rates\":[{\"serviceLevel\":\"EXPRESS\",\"zone\":\"NATIONAL\",\"costMinor\":1800,\"transitHours\":24},{\"serviceLevel\":\"STANDARD\",\"zone\":\"NATIONAL\",\"costMinor\":1000,\"transitHours\":48}]}")))
	@PutMapping("/admin/fulfillment/carriers/{code}")
	Carriers.Carrier save(@PathVariable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String code,
			@Valid @RequestBody CarrierRequest request) {
		return this.carriers.save(code, request.name(), request.webhookSecret(),
				!Boolean.FALSE.equals(request.active()),
				request.rates()
					.stream()
					.map((r) -> new Carriers.Rate(r.serviceLevel(), r.zone(), r.costMinor(), r.transitHours()))
					.toList());
	}

	@Tag(name = "shipping",
			description = "Carriers with their rates, the parcels of an order, and the simulated carrier of the local stack.")
	@Operation(summary = "List carriers",
			description = "Answers every carrier with its rates (secrets are never shown). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/carriers")
	List<Carriers.Carrier> carriers() {
		return this.carriers.list();
	}

	@Tag(name = "shipping",
			description = "Carriers with their rates, the parcels of an order, and the simulated carrier of the local stack.")
	@Operation(summary = "List an order's parcels",
			description = "Answers the parcels of the order with their source, carrier, tracking number, status and estimated delivery; an empty list for an order not allocated yet or unknown. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/orders/{orderId}/shipments")
	List<Shipments.Shipment> shipments(@PathVariable String orderId) {
		return this.shipments.ofOrder(orderId);
	}

	/**
	 * {@code {eventId, trackingNumber, status, occurredAt, detail?}}, signed
	 * ({@link SignedWebhooks}) by an active carrier.
	 */
	@Tag(name = "partner-webhooks",
			description = "Callbacks from payment providers, carriers and suppliers, each signed with the partner's secret (X-Signature).")
	@Operation(summary = "Receive a carrier's tracking callback",
			description = "An active carrier reports a parcel scan (PICKED_UP, IN_TRANSIT, DELIVERED, EXCEPTION); the parcel's tracking is updated. Applied once per eventId (a repeat answers DUPLICATE). Signed by the partner: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(partner secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock. Who may call: partners only, no token: the request is authenticated by its X-Signature under the partner's secret.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = TrackingCallback.class),
			examples = @ExampleObject(name = "example",
					value = "{\"eventId\":\"SF-EVT-20261206-000173\",\"trackingNumber\":\"SF1402938475612\",\"status\":\"DELIVERED\",\"occurredAt\":\"2026-12-06T09:12:00Z\",\"detail\":\"Signed by recipient\"}")))
	@ProblemResponse(status = 404, type = "not-found",
			when = "the carrier is not known or not active, or no parcel of it has this tracking number")
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match the time, method, path and body under the carrier's secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock (a replay or a skewed clock)")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a tracking callback (not JSON, a field missing or out of bounds); errors[] lists them")
	@PostMapping("/webhooks/carriers/{carrier}")
	Tracking track(@PathVariable String carrier, HttpServletRequest request) {
		String secret = this.shipments.secretOf(carrier)
			.orElseThrow(() -> new ProblemException.NotFound("Carrier", carrier));
		TrackingCallback callback = this.webhooks.read(request, secret, TrackingCallback.class);
		return new Tracking(carrier, this.shipments.track(carrier, callback.toUpdate()));
	}

}
