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
	 * {@code {eventId, trackingNumber, status, occurredAt, detail?}}, signed
	 * ({@link SignedWebhooks}) by an active carrier.
	 */
	@PostMapping("/webhooks/carriers/{carrier}")
	Tracking track(@PathVariable String carrier, HttpServletRequest request) {
		String secret = this.shipments.secretOf(carrier)
			.orElseThrow(() -> new ProblemException.NotFound("Carrier", carrier));
		TrackingCallback callback = this.webhooks.read(request, secret, TrackingCallback.class);
		return new Tracking(carrier, this.shipments.track(carrier, callback.toUpdate()));
	}

}
