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
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

	@Tag(name = "reservations",
			description = "Stock held for orders: the order flow reserves, extends, confirms and releases it; ops look a reservation up and release it by hand.")
	@Operation(summary = "Reserve an order's stock",
			description = "Holds the order's lines at the channel's locations (in its region first, when given) for holdMinutes (the service default, 15, when absent) and answers the reservation with its allocations and expiry. Idempotent by order id: a repeat answers the existing reservation and changes nothing. Who may call: the order flow only (fulfillment-service, with a staff-issuer service token carrying role service:order-flow); the gateway does not route /internal/**.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"orderId\":\"ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11\",\"channel\":\"TMALL\",\"region\":\"CN-EAST\",\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":2}],\"holdMinutes\":15}")))
	@ProblemResponse(status = 409, type = "insufficient-stock",
			when = "a line cannot be served; shortLines[] gives each short SKU with requested and available")
	@ProblemResponse(status = 503, type = "reservations-saturated",
			when = "more reservations are waiting than the service queues; retry after retryAfterSeconds")
	@ProblemResponse(status = 503, type = "reservation-timeout",
			when = "the reservation did not complete in time; repeat it with the same order id to learn its outcome")
	@ApiResponse(responseCode = "201",
			description = "The reservation (Location: /internal/inventory/reservations/{orderId})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = Reservations.Reservation.class)))
	@ProblemResponse(status = 422, type = "test-run-real-stock", when = "a load-test run tries to reserve real SKUs")
	@PostMapping("/internal/inventory/reservations")
	ResponseEntity<Reservations.Reservation> reserve(@Valid @RequestBody ReserveRequest request) {
		Reservations.Reservation reservation = this.reservations
			.reserve(new Reservations.ReserveRequest(request.orderId(), request.channel(), request.region(),
					request.lines().stream().map((line) -> new Reservations.Line(line.sku(), line.quantity())).toList(),
					(request.holdMinutes() != null) ? Duration.ofMinutes(request.holdMinutes()) : this.defaultHold));
		return ResponseEntity.created(URI.create("/internal/inventory/reservations/" + request.orderId()))
			.body(reservation);
	}

	@Tag(name = "reservations",
			description = "Stock held for orders: the order flow reserves, extends, confirms and releases it; ops look a reservation up and release it by hand.")
	@Operation(summary = "Get an order's reservation",
			description = "Answers the reservation with its status, allocations per location and expiry. Who may call: on /admin/inventory/..., staff with role ops-viewer; on /internal/inventory/..., the order flow only (service:order-flow; not routed by the gateway).")
	@ProblemResponse(status = 404, type = "not-found", when = "the order has no reservation")
	@GetMapping({ "/internal/inventory/reservations/{orderId}", "/admin/inventory/reservations/{orderId}" })
	Reservations.Reservation reservation(@PathVariable String orderId) {
		return this.reservations.find(orderId);
	}

	@Tag(name = "reservations",
			description = "Stock held for orders: the order flow reserves, extends, confirms and releases it; ops look a reservation up and release it by hand.")
	@Operation(summary = "Extend a reservation",
			description = "Holds the stock for holdMinutes more, counted from now. Who may call: the order flow only (fulfillment-service, with a staff-issuer service token carrying role service:order-flow); the gateway does not route /internal/**.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(name = "example", value = "{\"holdMinutes\":10}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the order has no reservation")
	@ProblemResponse(status = 409, type = "conflict", when = "the reservation is no longer held")
	@PostMapping("/internal/inventory/reservations/{orderId}/extension")
	Reservations.Reservation extend(@PathVariable String orderId, @Valid @RequestBody Extension extension) {
		return this.reservations.extend(orderId, Duration.ofMinutes(extension.holdMinutes()));
	}

	@Tag(name = "reservations",
			description = "Stock held for orders: the order flow reserves, extends, confirms and releases it; ops look a reservation up and release it by hand.")
	@Operation(summary = "Confirm a reservation",
			description = "Turns the hold into a sale once the order is paid: on-hand goes down. A hold that ran out is served again if its units are still free. Idempotent. Who may call: the order flow only (fulfillment-service, with a staff-issuer service token carrying role service:order-flow); the gateway does not route /internal/**.")
	@ProblemResponse(status = 404, type = "not-found", when = "the order has no reservation")
	@ProblemResponse(status = 409, type = "reservation-expired",
			when = "the hold ran out and its units are no longer free")
	@ProblemResponse(status = 409, type = "conflict", when = "the reservation was released")
	@PostMapping("/internal/inventory/reservations/{orderId}/confirmation")
	Reservations.Reservation confirm(@PathVariable String orderId) {
		return this.reservations.confirm(orderId);
	}

	/** Ops may release a reservation by hand, e.g. for an order stuck in payment. */
	@Tag(name = "reservations",
			description = "Stock held for orders: the order flow reserves, extends, confirms and releases it; ops look a reservation up and release it by hand.")
	@Operation(summary = "Release a reservation",
			description = "Gives the held units back (an order cancelled or stuck in payment); a confirmed reservation is reversed, its units back on hand. Idempotent. Who may call: on /admin/inventory/..., staff with role ops-manager; on /internal/inventory/..., the order flow only (service:order-flow; not routed by the gateway).")
	@ProblemResponse(status = 404, type = "not-found", when = "the order has no reservation")
	@PostMapping({ "/internal/inventory/reservations/{orderId}/release",
			"/admin/inventory/reservations/{orderId}/release" })
	Reservations.Reservation release(@PathVariable String orderId) {
		return this.reservations.release(orderId);
	}

	@Tag(name = "allocation",
			description = "Pre-sale allocation: plans that place and fence stock per channel before a campaign, and channel ring-fences.")
	@Operation(summary = "Create a ring-fence",
			description = "Fences units of a SKU for one sales channel, as a quantity or a share of free units, optionally for a campaign and a time window; other channels' availability excludes them. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"sku\":\"JACKET-BLK-M\",\"channel\":\"TMALL\",\"quantity\":200,\"campaignId\":\"SINGLES-DAY-2026\",\"startsAt\":\"2026-11-10T16:00:00Z\",\"releaseAt\":\"2026-11-11T16:00:00Z\"}")))
	@ProblemResponse(status = 422, type = "business-rule",
			when = "neither or both of quantity and sharePercent are given, or the fence would be released before it starts")
	@ProblemResponse(status = 422, type = "insufficient-stock",
			when = "the fence is larger than the unfenced free units (unfenced given)")
	@ApiResponse(responseCode = "201", description = "The ring-fence (Location: /admin/inventory/ring-fences/{id})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = RingFences.Fence.class)))
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

	@Tag(name = "allocation",
			description = "Pre-sale allocation: plans that place and fence stock per channel before a campaign, and channel ring-fences.")
	@Operation(summary = "List a SKU's ring-fences",
			description = "Answers the active and scheduled ring-fences of the SKU. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/ring-fences")
	List<RingFences.Fence> fences(@RequestParam @Pattern(regexp = ID) String sku) {
		return this.fences.ofSku(sku);
	}

	@Tag(name = "allocation",
			description = "Pre-sale allocation: plans that place and fence stock per channel before a campaign, and channel ring-fences.")
	@Operation(summary = "Get a ring-fence",
			description = "Answers the ring-fence with its channel, units and window. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no ring-fence with this id")
	@GetMapping("/admin/inventory/ring-fences/{id}")
	RingFences.Fence fence(@PathVariable long id) {
		return this.fences.find(id);
	}

	@Tag(name = "allocation",
			description = "Pre-sale allocation: plans that place and fence stock per channel before a campaign, and channel ring-fences.")
	@Operation(summary = "Release a ring-fence",
			description = "Ends the fence now: its units are free for every channel. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no ring-fence with this id")
	@PostMapping("/admin/inventory/ring-fences/{id}/release")
	RingFences.Fence releaseFence(@PathVariable long id) {
		return this.fences.release(id);
	}

}
