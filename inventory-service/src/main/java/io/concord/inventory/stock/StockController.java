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
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "stock",
		description = "Stock on hand per location: levels, adjustments, cycle counts, safety stock, transfers and the ledger with its check.")
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

	@Operation(summary = "Get a SKU's stock levels",
			description = "Answers on hand, reserved, safety stock and available per location; an empty list for a SKU inventory does not stock. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/stock/{sku}")
	List<StockLedger.Level> stock(@PathVariable String sku) {
		return this.ledger.levels(sku);
	}

	@Operation(summary = "Adjust stock",
			description = "Adds (positive quantity) or removes (negative) units at a location with a reason code, recorded in the ledger. Needs an Idempotency-Key: a repeat answers the first result. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"sku\":\"JACKET-BLK-M\",\"location\":\"WH-SH-01\",\"quantity\":-2,\"reason\":\"DAMAGED\",\"reference\":\"QC-2026-1187\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the SKU or the location is not defined")
	@ProblemResponse(status = 422, type = "business-rule", when = "the quantity is 0")
	@ProblemResponse(status = 422, type = "insufficient-stock",
			when = "the removal would take reserved units (unreserved given)")
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

	@Operation(summary = "Set safety stock",
			description = "Sets the units at the location that are never promised to shoppers. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(name = "example", value = "{\"units\":5}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the location holds no stock level of the SKU")
	@PutMapping("/admin/inventory/stock/{sku}/{location}/safety-stock")
	StockLedger.Level safetyStock(@PathVariable String sku, @PathVariable String location,
			@Valid @RequestBody SafetyStock safetyStock) {
		this.testRuns.requireUsable(sku, location);
		return this.ledger.setSafetyStock(sku, location, safetyStock.units());
	}

	/** Empty when every on-hand equals the sum of its ledger. */
	@Operation(summary = "Check the ledger",
			description = "Answers every SKU x location whose on-hand differs from the sum of its ledger; empty when all agree. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/reconcile")
	List<StockLedger.Mismatch> reconcile() {
		return this.ledger.reconcile();
	}

	@Operation(summary = "Record a cycle count",
			description = "Sets on-hand to the counted units and records the difference in the ledger. Needs an Idempotency-Key. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"sku\":\"JACKET-BLK-M\",\"location\":\"WH-SH-01\",\"counted\":141,\"reference\":\"COUNT-2026-W49\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the location holds no stock level of the SKU")
	@ProblemResponse(status = 422, type = "count-below-reserved",
			when = "the count is below the units reserved there (reserved given)")
	@PostMapping("/admin/inventory/counts")
	@IdempotencyKeyRequired
	StockLedger.Level count(@Valid @RequestBody Count count, Principal principal) {
		this.testRuns.requireUsable(count.sku(), count.location());
		return this.ledger.count(count.sku(), count.location(), count.counted(), count.reference(),
				"staff:" + principal.getName());
	}

	@Operation(summary = "Ship a transfer",
			description = "Moves units from one location to another: they leave the source now and are in transit until received. Needs an Idempotency-Key. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"sku\":\"JACKET-BLK-M\",\"from\":\"WH-SH-01\",\"to\":\"STORE-SH-NANJINGXI\",\"quantity\":24,\"reference\":\"TR-2026-0412\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the SKU or the destination location is not defined")
	@ProblemResponse(status = 422, type = "business-rule", when = "source and destination are the same location")
	@ProblemResponse(status = 422, type = "insufficient-stock",
			when = "the source has fewer unreserved units (unreserved given)")
	@ApiResponse(responseCode = "201",
			description = "The transfer, in transit (Location: /admin/inventory/transfers/{id})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = StockTransfers.Transfer.class)))
	@PostMapping("/admin/inventory/transfers")
	@IdempotencyKeyRequired
	ResponseEntity<StockTransfers.Transfer> transfer(@Valid @RequestBody TransferRequest request, Principal principal) {
		this.testRuns.requireUsable(request.sku(), request.from());
		this.testRuns.requireUsable(request.sku(), request.to());
		StockTransfers.Transfer transfer = this.transfers.ship(request.sku(), request.from(), request.to(),
				request.quantity(), request.reference(), "staff:" + principal.getName());
		return ResponseEntity.created(URI.create("/admin/inventory/transfers/" + transfer.id())).body(transfer);
	}

	@Operation(summary = "Receive a transfer",
			description = "Books the received units in at the destination (fewer than shipped when some were lost). Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(name = "example", value = "{\"received\":24}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no transfer with this id")
	@ProblemResponse(status = 409, type = "conflict", when = "the transfer was already received")
	@ProblemResponse(status = 422, type = "business-rule", when = "more units are received than were shipped")
	@PostMapping("/admin/inventory/transfers/{id}/receipt")
	StockTransfers.Transfer receiveTransfer(@PathVariable long id, @Valid @RequestBody TransferReceipt receipt,
			Principal principal) {
		return this.transfers.receive(id, receipt.received(), "staff:" + principal.getName());
	}

	@Operation(summary = "Get a transfer",
			description = "Answers the transfer with its status and quantities. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no transfer with this id")
	@GetMapping("/admin/inventory/transfers/{id}")
	StockTransfers.Transfer transfer(@PathVariable long id) {
		return this.transfers.find(id);
	}

	@Operation(summary = "List a SKU's transfers in transit",
			description = "Answers the transfers of the SKU shipped and not yet received. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/transfers")
	List<StockTransfers.Transfer> inTransit(@RequestParam String sku) {
		return this.transfers.inTransit(sku);
	}

	/** The ledger of one SKU x location, newest first. */
	@Operation(summary = "List stock movements",
			description = "Answers the ledger of one SKU x location, newest first (limit 1 to 1000, 100 when absent). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "the location holds no stock level of the SKU")
	@GetMapping("/admin/inventory/stock/{sku}/{location}/movements")
	List<StockLedger.Movement> movements(@PathVariable String sku, @PathVariable String location,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.ledger.movements(sku, location, limit);
	}

}
