package io.concord.inventory.reservation;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reservations for the order flow, and ring-fences and reservations for ops.
 *
 * <p>
 * The order flow (fulfillment-service) calls {@code /internal/inventory/reservations}
 * synchronously, service to service, with a token from the staff issuer carrying the
 * {@code service:order-flow} role; the gateway does not route {@code /internal/**}. A
 * shopper placing an order needs a definitive answer (reserved until when, or which lines
 * are short) within the request, which an event could not give. Every call is idempotent
 * by order id, so the saga may repeat any of them after a timeout or a crash.
 */
@RestController
class ReservationController {

	static final String ORDER_FLOW_ROLE = "service:order-flow";

	static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

	record LineRequest(@NotNull @Pattern(regexp = ID) String sku, @NotNull @Min(1) @Max(10_000) Integer quantity) {
	}

	/**
	 * @param holdMinutes how long to hold the stock; the service default when absent
	 */
	record ReserveRequest(@NotNull @Pattern(regexp = ID) String orderId,
			@NotNull @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") @Nullable String region,
			@NotEmpty @Size(max = 200) List<@Valid @NotNull LineRequest> lines,
			@Min(1) @Max(1440) @Nullable Integer holdMinutes) {
	}

	record Extension(@NotNull @Min(1) @Max(1440) Integer holdMinutes) {
	}

	/** Either {@code quantity} or {@code sharePercent}. */
	record FenceRequest(@NotNull @Pattern(regexp = ID) String sku,
			@NotNull @Pattern(regexp = "[A-Z_]{2,32}") String channel, @Min(1) @Nullable Integer quantity,
			@DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @Nullable BigDecimal sharePercent,
			@Pattern(regexp = ID) @Nullable String campaignId, @Nullable Instant startsAt,
			@Nullable Instant releaseAt) {
	}

	private final Reservations reservations;

	private final RingFences fences;

	private final Duration defaultHold;

	ReservationController(Reservations reservations, RingFences fences,
			@Value("${concord.inventory.reservations.default-hold:15m}") Duration defaultHold) {
		this.reservations = reservations;
		this.fences = fences;
		this.defaultHold = defaultHold;
	}

	@PostMapping("/internal/inventory/reservations")
	ResponseEntity<Reservations.Reservation> reserve(@Valid @RequestBody ReserveRequest request) {
		Reservations.Reservation reservation = this.reservations
			.reserve(new Reservations.ReserveRequest(request.orderId(), request.channel(), request.region(),
					request.lines().stream().map((line) -> new Reservations.Line(line.sku(), line.quantity())).toList(),
					(request.holdMinutes() != null) ? Duration.ofMinutes(request.holdMinutes()) : this.defaultHold));
		return ResponseEntity.created(URI.create("/internal/inventory/reservations/" + request.orderId()))
			.body(reservation);
	}

	@GetMapping({ "/internal/inventory/reservations/{orderId}", "/admin/inventory/reservations/{orderId}" })
	Reservations.Reservation reservation(@PathVariable String orderId) {
		return this.reservations.find(orderId);
	}

	@PostMapping("/internal/inventory/reservations/{orderId}/extension")
	Reservations.Reservation extend(@PathVariable String orderId, @Valid @RequestBody Extension extension) {
		return this.reservations.extend(orderId, Duration.ofMinutes(extension.holdMinutes()));
	}

	@PostMapping("/internal/inventory/reservations/{orderId}/confirmation")
	Reservations.Reservation confirm(@PathVariable String orderId) {
		return this.reservations.confirm(orderId);
	}

	/** Ops may release a reservation by hand, e.g. for an order stuck in payment. */
	@PostMapping({ "/internal/inventory/reservations/{orderId}/release",
			"/admin/inventory/reservations/{orderId}/release" })
	Reservations.Reservation release(@PathVariable String orderId) {
		return this.reservations.release(orderId);
	}

	@PostMapping("/admin/inventory/ring-fences")
	ResponseEntity<RingFences.Fence> fence(@Valid @RequestBody FenceRequest request, Principal principal) {
		if ((request.quantity() == null) == (request.sharePercent() == null)) {
			throw new ProblemException.Unprocessable("Give either a quantity or a sharePercent");
		}
		RingFences.Fence fence = this.fences.create(request.sku(), request.channel(), request.quantity(),
				request.sharePercent(), request.campaignId(), request.startsAt(), request.releaseAt(),
				"staff:" + principal.getName());
		return ResponseEntity.created(URI.create("/admin/inventory/ring-fences/" + fence.id())).body(fence);
	}

	@GetMapping("/admin/inventory/ring-fences")
	List<RingFences.Fence> fences(@RequestParam @Pattern(regexp = ID) String sku) {
		return this.fences.ofSku(sku);
	}

	@GetMapping("/admin/inventory/ring-fences/{id}")
	RingFences.Fence fence(@PathVariable long id) {
		return this.fences.find(id);
	}

	@PostMapping("/admin/inventory/ring-fences/{id}/release")
	RingFences.Fence releaseFence(@PathVariable long id) {
		return this.fences.release(id);
	}

}
