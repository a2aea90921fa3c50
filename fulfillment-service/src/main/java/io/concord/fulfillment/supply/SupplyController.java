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
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal defectPenaltyPercent,
			@Schema(description = "The fewest units the supplier takes in one order; 1 when absent.") @Nullable @Min(1) @Max(MAX_QUANTITY) Integer minOrderQuantity,
			@Schema(description = "The pack size: orders come in multiples of it; 1 (any quantity) when absent.") @Nullable @Min(1) @Max(MAX_QUANTITY) Integer orderMultiple) {

		Suppliers.Contract toContract() {
			return new Suppliers.Contract(this.sku, this.unitPriceMinor, this.currency, this.leadTimeDays,
					or(this.latePenaltyPercentPerDay, BigDecimal.ZERO),
					or(this.maxLatePenaltyPercent, BigDecimal.valueOf(20)),
					or(this.shortPenaltyPercent, BigDecimal.ZERO), or(this.defectPenaltyPercent, BigDecimal.ZERO),
					(this.minOrderQuantity != null) ? this.minOrderQuantity : 1,
					(this.orderMultiple != null) ? this.orderMultiple : 1);
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

	@Tag(name = "suppliers",
			description = "Suppliers with their contracts (price, lead time, penalties), scorecards and purchase orders.")
	@Operation(summary = "Create or replace a supplier",
			description = "Sets the supplier's name, webhook secret (for its partner API) and contracts per SKU (price, lead time, minimum order quantity and order multiple, penalties). Each contract added, removed or changed in price, lead time or order quantities is announced as SupplierContractChanged: inventory's replenishment plans with it. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"name\":\"Warmth Garments (Ningbo) Co.\",\"webhookSecret\":\"warmth-partner-secret-2026-q4\",\"contracts\":[{\"sku\":\"JACKET-BLK-M\",\"unitPriceMinor\":31000,\"currency\":\"CNY\",\"leadTimeDays\":10,\"latePenaltyPercentPerDay\":1,\"maxLatePenaltyPercent\":20,\"shortPenaltyPercent\":5,\"defectPenaltyPercent\":10,\"minOrderQuantity\":120,\"orderMultiple\":12}]}")))
	@ProblemResponse(status = 422, type = "duplicate-contract", when = "two contracts name the same SKU (sku)")
	@PutMapping("/admin/fulfillment/suppliers/{supplierId}")
	Suppliers.Supplier save(@PathVariable @Pattern(regexp = ID) String supplierId,
			@Valid @RequestBody SupplierRequest request) {
		return this.suppliers.save(supplierId, request.name(), request.webhookSecret(),
				request.contracts().stream().map(ContractRequest::toContract).toList());
	}

	@Tag(name = "suppliers",
			description = "Suppliers with their contracts (price, lead time, penalties), scorecards and purchase orders.")
	@Operation(summary = "List the suppliers",
			description = "Answers every supplier (at most 500, by id) with its grade, score and contracts; a load-test run's suppliers are left out. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/suppliers")
	List<Suppliers.Supplier> suppliers() {
		return this.suppliers.list();
	}

	@Tag(name = "suppliers",
			description = "Suppliers with their contracts (price, lead time, penalties), scorecards and purchase orders.")
	@Operation(summary = "Get a supplier",
			description = "Answers the supplier with its grade, score and contracts. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no supplier with this id")
	@GetMapping("/admin/fulfillment/suppliers/{supplierId}")
	Suppliers.Supplier supplier(@PathVariable String supplierId) {
		return this.suppliers.find(supplierId);
	}

	@Tag(name = "suppliers",
			description = "Suppliers with their contracts (price, lead time, penalties), scorecards and purchase orders.")
	@Operation(summary = "Get a supplier's scorecard",
			description = "Answers on-time, fill-rate and quality figures over its purchase orders, with penalties. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no supplier with this id")
	@GetMapping("/admin/fulfillment/suppliers/{supplierId}/scorecard")
	Scorecards.Scorecard scorecard(@PathVariable String supplierId) {
		this.suppliers.find(supplierId);
		return this.scorecards.of(supplierId);
	}

	@Tag(name = "suppliers",
			description = "Suppliers with their contracts (price, lead time, penalties), scorecards and purchase orders.")
	@Operation(summary = "List a supplier's purchase orders",
			description = "Answers its last 200 purchase orders, newest first; an empty list for an unknown supplier. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/suppliers/{supplierId}/purchase-orders")
	List<PurchaseOrders.PurchaseOrder> ofSupplier(@PathVariable String supplierId) {
		return this.purchaseOrders.ofSupplier(supplierId);
	}

	@Tag(name = "purchase-orders",
			description = "Purchase orders to suppliers: draft, approve, cancel and receive (with inspection).")
	@Operation(summary = "Draft a purchase order",
			description = "Drafts a purchase order for a location, from the named supplier or the preferred supplier of the first line's SKU, at its contract prices; answers 201 with it DRAFT. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"supplierId\":\"SUP-WARMTH\",\"location\":\"WH-SH-01\",\"needBy\":\"2026-12-20T00:00:00Z\",\"emergency\":false,\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":240}]}")))
	@ProblemResponse(status = 404, type = "not-found", when = "the named supplier does not exist")
	@ProblemResponse(status = 422, type = "no-supplier", when = "no supplier has a contract for a SKU (sku)")
	@ProblemResponse(status = 422, type = "no-contract", when = "the named supplier has no contract for a SKU (sku)")
	@ProblemResponse(status = 422, type = "business-rule", when = "the lines' contracts are in more than one currency")
	@ApiResponse(responseCode = "201", description = "The purchase order, DRAFT",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = PurchaseOrders.PurchaseOrder.class)))
	@ProblemResponse(status = 422, type = "test-run-purchase-order",
			when = "the request is load-test traffic: purchase orders reach real suppliers")
	@PostMapping("/admin/fulfillment/purchase-orders")
	ResponseEntity<PurchaseOrders.PurchaseOrder> draft(@Valid @RequestBody PurchaseOrderRequest request) {
		return ResponseEntity.status(201)
			.body(this.purchaseOrders.draft(request.supplierId(), request.location(), request.needBy(),
					Boolean.TRUE.equals(request.emergency()),
					request.lines().stream().map((l) -> new PurchaseOrders.Ordered(l.sku(), l.quantity())).toList(),
					null));
	}

	@Tag(name = "purchase-orders",
			description = "Purchase orders to suppliers: draft, approve, cancel and receive (with inspection).")
	@Operation(summary = "Get a purchase order",
			description = "Answers the purchase order with its lines, status and settlement. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no purchase order with this id")
	@GetMapping("/admin/fulfillment/purchase-orders/{poId}")
	PurchaseOrders.PurchaseOrder purchaseOrder(@PathVariable String poId) {
		return this.purchaseOrders.find(poId);
	}

	@Tag(name = "purchase-orders",
			description = "Purchase orders to suppliers: draft, approve, cancel and receive (with inspection).")
	@Operation(summary = "Approve a purchase order",
			description = "Sends the draft to its supplier (PurchaseOrderSent). Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no purchase order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the purchase order's state does not allow approval (it is not a draft)")
	@PostMapping("/admin/fulfillment/purchase-orders/{poId}/approval")
	PurchaseOrders.PurchaseOrder approve(@PathVariable String poId) {
		return this.purchaseOrders.approve(poId);
	}

	@Tag(name = "purchase-orders",
			description = "Purchase orders to suppliers: draft, approve, cancel and receive (with inspection).")
	@Operation(summary = "Cancel a purchase order",
			description = "Cancels a purchase order that has not shipped. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no purchase order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the purchase order's state does not allow cancelling (it has shipped, or is received or cancelled)")
	@PostMapping("/admin/fulfillment/purchase-orders/{poId}/cancellation")
	PurchaseOrders.PurchaseOrder cancel(@PathVariable String poId) {
		return this.purchaseOrders.cancel(poId);
	}

	@Tag(name = "purchase-orders",
			description = "Purchase orders to suppliers: draft, approve, cancel and receive (with inspection).")
	@Operation(summary = "Receive a purchase order",
			description = "Records what arrived and what passed inspection per SKU; accepted units go into stock and the supplier is settled with its penalties. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"received\":240,\"accepted\":236,\"rejectReason\":\"4 with broken zips\"}]}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no purchase order with this id")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the purchase order's state does not allow receiving (it is not confirmed or shipped)")
	@ProblemResponse(status = 422, type = "invalid-receipt",
			when = "a line accepts more than was received, or names a SKU not on the purchase order")
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
	@Tag(name = "partner-webhooks",
			description = "Callbacks from payment providers, carriers and suppliers, each signed with the partner's secret (X-Signature).")
	@Operation(summary = "Receive a supplier's confirmation",
			description = "The supplier confirms one of its purchase orders with the quantities and prices it will ship. The signature covers this path, so a confirmation of one purchase order cannot confirm another. Signed by the partner: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(partner secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock. Who may call: partners only, no token: the request is authenticated by its X-Signature under the partner's secret.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = Confirmation.class),
			examples = @ExampleObject(name = "example",
					value = "{\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":240,\"unitPriceMinor\":31000}]}")))
	@ProblemResponse(status = 404, type = "not-found",
			when = "the supplier is not known, or the purchase order is not this supplier's")
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match the time, method, path and body under the supplier's secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock (a replay or a skewed clock)")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a confirmation, or its lines name SKUs not on the purchase order or twice; errors[] lists them")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the purchase order's state does not allow confirming (it is not approved)")
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
	@Tag(name = "partner-webhooks",
			description = "Callbacks from payment providers, carriers and suppliers, each signed with the partner's secret (X-Signature).")
	@Operation(summary = "Receive a supplier's shipping notice",
			description = "The supplier announces a shipment of one of its purchase orders (advance shipping notice) with its expected arrival. Signed by the partner: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(partner secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock. Who may call: partners only, no token: the request is authenticated by its X-Signature under the partner's secret.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = ShippingNotice.class),
			examples = @ExampleObject(name = "example",
					value = "{\"reference\":\"ASN-WARMTH-2026-1207\",\"expectedAt\":\"2026-12-12T08:00:00Z\",\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":240}]}")))
	@ProblemResponse(status = 404, type = "not-found",
			when = "the supplier is not known, or the purchase order is not this supplier's")
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match the time, method, path and body under the supplier's secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock (a replay or a skewed clock)")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a shipping notice, its arrival date is not plausible, or its lines name SKUs not on the purchase order or twice; errors[] lists them")
	@ProblemResponse(status = 409, type = "invalid-transition",
			when = "the purchase order's state does not allow a shipping notice (it is not confirmed)")
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
