package io.concord.inventory.stock;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.inventory.catalog.TestRunStock;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock levels, adjustments, cycle counts, transfers, the ledger and its check, for ops.
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

	record Count(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 64) String location,
			@NotNull @Min(0) Integer counted, @Size(max = 128) @Nullable String reference) {
	}

	record TransferRequest(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 64) String from,
			@NotBlank @Size(max = 64) String to, @NotNull @Min(1) Integer quantity,
			@Size(max = 128) @Nullable String reference) {
	}

	record TransferReceipt(@NotNull @Min(0) Integer received) {
	}

	private final StockLedger ledger;

	private final StockTransfers transfers;

	private final TestRunStock testRuns;

	StockController(StockLedger ledger, StockTransfers transfers, TestRunStock testRuns) {
		this.ledger = ledger;
		this.transfers = transfers;
		this.testRuns = testRuns;
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
		this.testRuns.requireUsable(adjustment.sku(), adjustment.location());
		return this.ledger.adjust(adjustment.sku(), adjustment.location(), adjustment.quantity(),
				StockLedger.MovementKind.ADJUSTMENT, adjustment.reason(), adjustment.reference(),
				"staff:" + principal.getName());
	}

	@PutMapping("/admin/inventory/stock/{sku}/{location}/safety-stock")
	StockLedger.Level safetyStock(@PathVariable String sku, @PathVariable String location,
			@Valid @RequestBody SafetyStock safetyStock) {
		this.testRuns.requireUsable(sku, location);
		return this.ledger.setSafetyStock(sku, location, safetyStock.units());
	}

	/** Empty when every on-hand equals the sum of its ledger. */
	@GetMapping("/admin/inventory/reconcile")
	List<StockLedger.Mismatch> reconcile() {
		return this.ledger.reconcile();
	}

	@PostMapping("/admin/inventory/counts")
	@IdempotencyKeyRequired
	StockLedger.Level count(@Valid @RequestBody Count count, Principal principal) {
		this.testRuns.requireUsable(count.sku(), count.location());
		return this.ledger.count(count.sku(), count.location(), count.counted(), count.reference(),
				"staff:" + principal.getName());
	}

	@PostMapping("/admin/inventory/transfers")
	@IdempotencyKeyRequired
	ResponseEntity<StockTransfers.Transfer> transfer(@Valid @RequestBody TransferRequest request, Principal principal) {
		this.testRuns.requireUsable(request.sku(), request.from());
		this.testRuns.requireUsable(request.sku(), request.to());
		StockTransfers.Transfer transfer = this.transfers.ship(request.sku(), request.from(), request.to(),
				request.quantity(), request.reference(), "staff:" + principal.getName());
		return ResponseEntity.created(URI.create("/admin/inventory/transfers/" + transfer.id())).body(transfer);
	}

	@PostMapping("/admin/inventory/transfers/{id}/receipt")
	StockTransfers.Transfer receiveTransfer(@PathVariable long id, @Valid @RequestBody TransferReceipt receipt,
			Principal principal) {
		return this.transfers.receive(id, receipt.received(), "staff:" + principal.getName());
	}

	@GetMapping("/admin/inventory/transfers/{id}")
	StockTransfers.Transfer transfer(@PathVariable long id) {
		return this.transfers.find(id);
	}

	@GetMapping("/admin/inventory/transfers")
	List<StockTransfers.Transfer> inTransit(@RequestParam String sku) {
		return this.transfers.inTransit(sku);
	}

	/** The ledger of one SKU x location, newest first. */
	@GetMapping("/admin/inventory/stock/{sku}/{location}/movements")
	List<StockLedger.Movement> movements(@PathVariable String sku, @PathVariable String location,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.ledger.movements(sku, location, limit);
	}

}
