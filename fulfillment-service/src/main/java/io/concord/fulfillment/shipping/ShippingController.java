package io.concord.fulfillment.shipping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.WebhookSignatures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

	private final Carriers carriers;

	private final Shipments shipments;

	private final JsonMapper json;

	ShippingController(Carriers carriers, Shipments shipments, JsonMapper json) {
		this.carriers = carriers;
		this.shipments = shipments;
		this.json = json;
	}

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

	@GetMapping("/admin/fulfillment/carriers")
	List<Carriers.Carrier> carriers() {
		return this.carriers.list();
	}

	@GetMapping("/admin/fulfillment/orders/{orderId}/shipments")
	List<Shipments.Shipment> shipments(@PathVariable String orderId) {
		return this.shipments.ofOrder(orderId);
	}

	/**
	 * {@code {eventId, trackingNumber, status, occurredAt, detail?}}, signed over the raw
	 * body.
	 */
	@PostMapping("/webhooks/carriers/{carrier}")
	Tracking track(@PathVariable String carrier, @RequestBody byte[] body,
			@RequestHeader(name = "X-Signature", required = false) @Nullable String signature) {
		String secret = this.shipments.secretOf(carrier)
			.orElseThrow(() -> new ProblemException.NotFound("Carrier", carrier));
		WebhookSignatures.verify(secret, body, signature);
		Shipments.TrackingUpdate update;
		try {
			Map<?, ?> fields = this.json.readValue(new String(body, StandardCharsets.UTF_8), Map.class);
			update = new Shipments.TrackingUpdate((String) fields.get("eventId"), (String) fields.get("trackingNumber"),
					(String) fields.get("status"), Instant.parse((String) fields.get("occurredAt")),
					(String) fields.get("detail"));
		}
		catch (RuntimeException ex) {
			throw new ProblemException.Unprocessable("eventId, trackingNumber, status and occurredAt are required");
		}
		if (update.eventId() == null || update.trackingNumber() == null
				|| !List.of("PICKED_UP", "IN_TRANSIT", "DELIVERED", "EXCEPTION").contains(update.status())) {
			throw new ProblemException.Unprocessable(
					"eventId and trackingNumber are required; status is PICKED_UP, IN_TRANSIT, DELIVERED or EXCEPTION");
		}
		return new Tracking(carrier, this.shipments.track(carrier, update));
	}

}
