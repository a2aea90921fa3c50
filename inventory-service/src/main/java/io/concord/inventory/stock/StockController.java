package io.concord.inventory.stock;

import java.security.Principal;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Availability for storefronts; stock levels, adjustments, the ledger check and
 * reservations for ops.
 */
@RestController
class StockController {

	record Availability(String sku, int available, String display) {
	}

	/**
	 * A positive quantity adds stock, a negative one removes it; the reason is a code.
	 */
	record Adjustment(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 64) String location, int quantity,
			@NotBlank @Pattern(regexp = "[A-Z_]{2,64}") String reason, @Size(max = 128) @Nullable String reference) {
	}

	record SafetyStock(@Min(0) int units) {
	}

	private final StockLedger ledger;

	private final Reservations reservations;

	private final JdbcClient jdbc;

	StockController(StockLedger ledger, Reservations reservations, JdbcTemplate jdbc) {
		this.ledger = ledger;
		this.reservations = reservations;
		this.jdbc = JdbcClient.create(jdbc);
	}

	/**
	 * Available-to-promise per SKU over the locations that serve the channel. Cached
	 * briefly by browsers and CDNs: a peak's catalogue traffic must not reach the
	 * database request by request. With {@code cap}, the display value is e.g. "99+".
	 */
	@GetMapping("/api/inventory/availability")
	ResponseEntity<List<Availability>> availability(
			@RequestParam @NotEmpty @Size(max = 100) List<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> skus,
			@RequestParam @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@RequestParam(required = false) @Min(1) @Nullable Integer cap) {
		List<Availability> answer = skus.stream().distinct().map((sku) -> {
			int available = this.jdbc.sql("""
					select coalesce(sum(greatest(l.on_hand - l.reserved - l.safety_stock, 0)), 0)
					from stock_level l join channel_location c on c.location_code = l.location_code and c.channel = ?
					where l.sku = ?""").params(channel, sku).query(Integer.class).single();
			String display = (cap != null && available > cap) ? cap + "+" : String.valueOf(available);
			return new Availability(sku, available, display);
		}).toList();
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(2)).cachePublic()).body(answer);
	}

	@GetMapping("/admin/inventory/stock/{sku}")
	List<StockLedger.Level> stock(@PathVariable String sku) {
		return this.ledger.levels(sku);
	}

	@PostMapping("/admin/inventory/adjustments")
	@IdempotencyKeyRequired
	StockLedger.Level adjust(@Valid @RequestBody Adjustment adjustment, Principal principal) {
		if (adjustment.quantity() == 0) {
			throw new ProblemException.Unprocessable("An adjustment must change the quantity");
		}
		return this.ledger.adjust(adjustment.sku(), adjustment.location(), adjustment.quantity(),
				StockLedger.MovementKind.ADJUSTMENT, adjustment.reason(), adjustment.reference(),
				"staff:" + principal.getName());
	}

	@PutMapping("/admin/inventory/stock/{sku}/{location}/safety-stock")
	StockLedger.Level safetyStock(@PathVariable String sku, @PathVariable String location,
			@Valid @RequestBody SafetyStock safetyStock) {
		return this.ledger.setSafetyStock(sku, location, safetyStock.units());
	}

	/** Empty when every on-hand equals the sum of its ledger. */
	@GetMapping("/admin/inventory/reconcile")
	List<StockLedger.Mismatch> reconcile() {
		return this.ledger.reconcile();
	}

	@GetMapping("/admin/inventory/reservations/{orderId}")
	Reservations.Reservation reservation(@PathVariable String orderId) {
		return this.reservations.find(orderId);
	}

}
