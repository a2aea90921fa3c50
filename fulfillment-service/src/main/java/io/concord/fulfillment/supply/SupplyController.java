package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.WebhookSignatures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

	private final Suppliers suppliers;

	private final PurchaseOrders purchaseOrders;

	private final Scorecards scorecards;

	private final JsonMapper json;

	SupplyController(Suppliers suppliers, PurchaseOrders purchaseOrders, Scorecards scorecards, JsonMapper json) {
		this.suppliers = suppliers;
		this.purchaseOrders = purchaseOrders;
		this.scorecards = scorecards;
		this.json = json;
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

	/** {@code {lines: [{sku, quantity, unitPriceMinor}]}}, signed. */
	@PostMapping("/webhooks/suppliers/{supplierId}/purchase-orders/{poId}/confirmation")
	PurchaseOrders.PurchaseOrder confirm(@PathVariable String supplierId, @PathVariable String poId,
			@RequestBody byte[] body,
			@RequestHeader(name = "X-Signature", required = false) @Nullable String signature) {
		JsonNode request = verified(supplierId, body, signature);
		List<PurchaseOrders.Confirmed> lines = new java.util.ArrayList<>();
		for (JsonNode line : request.path("lines")) {
			if (!line.path("sku").isString() || !line.path("quantity").canConvertToInt()
					|| !line.path("unitPriceMinor").canConvertToLong()) {
				throw new ProblemException.Unprocessable("Each line needs sku, quantity and unitPriceMinor");
			}
			lines.add(new PurchaseOrders.Confirmed(line.path("sku").asString(), line.path("quantity").asInt(),
					line.path("unitPriceMinor").asLong()));
		}
		return this.purchaseOrders.confirm(supplierId, poId, lines);
	}

	/** {@code {reference, expectedAt?, lines: [{sku, quantity}]}}, signed. */
	@PostMapping("/webhooks/suppliers/{supplierId}/purchase-orders/{poId}/shipping-notice")
	PurchaseOrders.PurchaseOrder announce(@PathVariable String supplierId, @PathVariable String poId,
			@RequestBody byte[] body,
			@RequestHeader(name = "X-Signature", required = false) @Nullable String signature) {
		JsonNode request = verified(supplierId, body, signature);
		List<PurchaseOrders.Ordered> lines = new java.util.ArrayList<>();
		for (JsonNode line : request.path("lines")) {
			lines.add(new PurchaseOrders.Ordered(line.path("sku").asString(), line.path("quantity").asInt()));
		}
		if (!request.path("reference").isString() || lines.isEmpty()) {
			throw new ProblemException.Unprocessable("A shipping notice needs a reference and lines");
		}
		Instant expected = request.path("expectedAt").isString() ? Instant.parse(request.path("expectedAt").asString())
				: null;
		return this.purchaseOrders.announce(supplierId, poId, request.path("reference").asString(), expected, lines);
	}

	private JsonNode verified(String supplierId, byte[] body, @Nullable String signature) {
		String secret = this.suppliers.webhookSecret(supplierId)
			.orElseThrow(() -> new ProblemException.NotFound("Supplier", supplierId));
		WebhookSignatures.verify(secret, body, signature);
		try {
			return this.json.readTree(new String(body, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			throw new ProblemException.Unprocessable("The body is not JSON");
		}
	}

}
