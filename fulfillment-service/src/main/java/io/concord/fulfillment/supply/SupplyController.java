package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.SignedWebhooks;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops manage suppliers, purchase orders and receiving ({@code /admin/fulfillment/...});
 * suppliers confirm and announce shipments through their partner API
 * ({@code /webhooks/suppliers/{supplierId}/...}, signed with their secret).
 */
@RestController
class SupplyController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	record ContractRequest(@NotNull @Pattern(regexp = ID) String sku, @NotNull @PositiveOrZero Long unitPriceMinor,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency, @NotNull @Min(1) Integer leadTimeDays,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal latePenaltyPercentPerDay,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal maxLatePenaltyPercent,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal shortPenaltyPercent,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal defectPenaltyPercent) {

		Suppliers.Contract toContract() {
			return new Suppliers.Contract(this.sku, this.unitPriceMinor, this.currency, this.leadTimeDays,
					or(this.latePenaltyPercentPerDay, BigDecimal.ZERO),
					or(this.maxLatePenaltyPercent, BigDecimal.valueOf(20)),
					or(this.shortPenaltyPercent, BigDecimal.ZERO), or(this.defectPenaltyPercent, BigDecimal.ZERO));
		}

		private static BigDecimal or(@Nullable BigDecimal value, BigDecimal fallback) {
			return (value != null) ? value : fallback;
		}

	}

	record SupplierRequest(@NotBlank @Size(max = 200) String name,
			@NotBlank @Size(min = 16, max = 200) String webhookSecret,
			@NotNull List<@Valid @NotNull ContractRequest> contracts) {
	}

	record LineRequest(@NotNull @Pattern(regexp = ID) String sku, @NotNull @Min(1) Integer quantity) {
	}

	record PurchaseOrderRequest(@Nullable @Pattern(regexp = ID) String supplierId,
			@NotNull @Pattern(regexp = ID) String location, @Nullable Instant needBy, @Nullable Boolean emergency,
			@NotEmpty List<@Valid @NotNull LineRequest> lines) {
	}

	record InspectedRequest(@NotNull @Pattern(regexp = ID) String sku, @NotNull @Min(0) Integer received,
			@NotNull @Min(0) Integer accepted, @Nullable @Size(max = 200) String rejectReason) {
	}

	record ReceiptRequest(@NotEmpty List<@Valid @NotNull InspectedRequest> lines) {
	}

	// What one supplier call may carry: beyond any real purchase order, small enough to
	// keep every amount exact (a quantity times a price stays far inside a long).
	private static final int MAX_LINES = 500;

	private static final long MAX_QUANTITY = 1_000_000;

	private static final long MAX_UNIT_PRICE_MINOR = 1_000_000_000_000L;

	/** A supplier's confirmation, as the partner API describes it. */
	record Confirmation(@NotEmpty @Size(max = MAX_LINES) List<@Valid @NotNull ConfirmedLine> lines) {
	}

	record ConfirmedLine(@NotNull @Pattern(regexp = ID) String sku,
			@NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity,
			@NotNull @PositiveOrZero @Max(MAX_UNIT_PRICE_MINOR) Long unitPriceMinor) {
	}

	/** A supplier's advance shipping notice, as the partner API describes it. */
	record ShippingNotice(@NotBlank @Size(max = 64) String reference, @Nullable Instant expectedAt,
			@NotEmpty @Size(max = MAX_LINES) List<@Valid @NotNull NoticeLine> lines) {
	}

	record NoticeLine(@NotNull @Pattern(regexp = ID) String sku, @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {
	}

	private final Suppliers suppliers;

	private final PurchaseOrders purchaseOrders;

	private final Scorecards scorecards;

	private final SignedWebhooks webhooks;

	SupplyController(Suppliers suppliers, PurchaseOrders purchaseOrders, Scorecards scorecards,
			SignedWebhooks webhooks) {
		this.suppliers = suppliers;
		this.purchaseOrders = purchaseOrders;
		this.scorecards = scorecards;
		this.webhooks = webhooks;
	}

	@PutMapping("/admin/fulfillment/suppliers/{supplierId}")
	Suppliers.Supplier save(@PathVariable @Pattern(regexp = ID) String supplierId,
			@Valid @RequestBody SupplierRequest request) {
		return this.suppliers.save(supplierId, request.name(), request.webhookSecret(),
				request.contracts().stream().map(ContractRequest::toContract).toList());
	}

	@GetMapping("/admin/fulfillment/suppliers/{supplierId}")
	Suppliers.Supplier supplier(@PathVariable String supplierId) {
		return this.suppliers.find(supplierId);
	}

	@GetMapping("/admin/fulfillment/suppliers/{supplierId}/scorecard")
	Scorecards.Scorecard scorecard(@PathVariable String supplierId) {
		this.suppliers.find(supplierId);
		return this.scorecards.of(supplierId);
	}

	@GetMapping("/admin/fulfillment/suppliers/{supplierId}/purchase-orders")
	List<PurchaseOrders.PurchaseOrder> ofSupplier(@PathVariable String supplierId) {
		return this.purchaseOrders.ofSupplier(supplierId);
	}

	@PostMapping("/admin/fulfillment/purchase-orders")
	ResponseEntity<PurchaseOrders.PurchaseOrder> draft(@Valid @RequestBody PurchaseOrderRequest request) {
		return ResponseEntity.status(201)
			.body(this.purchaseOrders.draft(request.supplierId(), request.location(), request.needBy(),
					Boolean.TRUE.equals(request.emergency()),
					request.lines().stream().map((l) -> new PurchaseOrders.Ordered(l.sku(), l.quantity())).toList(),
					null));
	}

	@GetMapping("/admin/fulfillment/purchase-orders/{poId}")
	PurchaseOrders.PurchaseOrder purchaseOrder(@PathVariable String poId) {
		return this.purchaseOrders.find(poId);
	}

	@PostMapping("/admin/fulfillment/purchase-orders/{poId}/approval")
	PurchaseOrders.PurchaseOrder approve(@PathVariable String poId) {
		return this.purchaseOrders.approve(poId);
	}

	@PostMapping("/admin/fulfillment/purchase-orders/{poId}/cancellation")
	PurchaseOrders.PurchaseOrder cancel(@PathVariable String poId) {
		return this.purchaseOrders.cancel(poId);
	}

	@PostMapping("/admin/fulfillment/purchase-orders/{poId}/receipt")
	PurchaseOrders.PurchaseOrder receive(@PathVariable String poId, @Valid @RequestBody ReceiptRequest request) {
		return this.purchaseOrders.receive(poId,
				request.lines()
					.stream()
					.map((l) -> new PurchaseOrders.Inspected(l.sku(), l.received(), l.accepted(), l.rejectReason()))
					.toList());
	}

	/**
	 * {@code {lines: [{sku, quantity, unitPriceMinor}]}}, signed ({@link SignedWebhooks})
	 * for this path: a confirmation of one purchase order cannot confirm another.
	 */
	@PostMapping("/webhooks/suppliers/{supplierId}/purchase-orders/{poId}/confirmation")
	PurchaseOrders.PurchaseOrder confirm(@PathVariable String supplierId, @PathVariable String poId,
			HttpServletRequest request) {
		Confirmation confirmation = this.webhooks.read(request, secretOf(supplierId), Confirmation.class);
		return this.purchaseOrders.confirm(supplierId, poId,
				confirmation.lines()
					.stream()
					.map((l) -> new PurchaseOrders.Confirmed(l.sku(), l.quantity(), l.unitPriceMinor()))
					.toList());
	}

	/** {@code {reference, expectedAt?, lines: [{sku, quantity}]}}, signed. */
	@PostMapping("/webhooks/suppliers/{supplierId}/purchase-orders/{poId}/shipping-notice")
	PurchaseOrders.PurchaseOrder announce(@PathVariable String supplierId, @PathVariable String poId,
			HttpServletRequest request) {
		ShippingNotice notice = this.webhooks.read(request, secretOf(supplierId), ShippingNotice.class);
		return this.purchaseOrders.announce(supplierId, poId, notice.reference(), notice.expectedAt(),
				notice.lines().stream().map((l) -> new PurchaseOrders.Ordered(l.sku(), l.quantity())).toList());
	}

	private String secretOf(String supplierId) {
		return this.suppliers.webhookSecret(supplierId)
			.orElseThrow(() -> new ProblemException.NotFound("Supplier", supplierId));
	}

}
