package io.concord.inventory.replenishment;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replenishment for ops: a SKU's figures per location, suggestions, a check on demand,
 * the stock-gap report, and per SKU × location policies (admins).
 */
@Tag(name = "replenishment",
		description = "Keeping locations stocked: per-location figures, suggestions to order, stock-gap reports and per SKU x location policies.")
@RestController
class ReplenishmentController {

	record PolicyRequest(@NotNull @Min(1) @Max(365) Integer leadTimeDays, @NotNull @Min(1) @Max(90) Integer reviewDays,
			@NotNull @DecimalMin("0.5") @DecimalMax(value = "0.9999") BigDecimal serviceLevel,
			@Size(min = 1, max = 64) @Nullable String supplierId, @Min(1) @Nullable Integer minimumOrder) {
	}

	private final ReplenishmentPlanner planner;

	private final StockGaps gaps;

	ReplenishmentController(ReplenishmentPlanner planner, StockGaps gaps) {
		this.planner = planner;
		this.gaps = gaps;
	}

	@Operation(summary = "Get a SKU's replenishment figures",
			description = "Answers, per location, the stock position (on hand, reserved, in transit, on order), forecast demand over lead time and review period, safety stock, reorder point, order-up-to level and the quantity to order (at least the minimum order, in whole order multiples). policy.termsSource says where lead time and order quantities came from: CONTRACT (the supplier's contract, announced by fulfillment-service; policy.supplierId names the supplier) or SETTING (inventory's own policy or defaults, when no contract is known). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found",
			when = "the SKU has no forecast yet (unknown SKU, or no forecast run since it was stocked)")
	@GetMapping("/admin/inventory/replenishment/{sku}")
	List<ReplenishmentPlanner.LocationPlan> plans(@PathVariable String sku) {
		List<ReplenishmentPlanner.LocationPlan> plans = this.planner.plans(sku);
		if (plans.isEmpty()) {
			throw new ProblemException.NotFound("Forecast of SKU", sku);
		}
		return plans;
	}

	@Operation(summary = "List replenishment suggestions",
			description = "Answers the suggestions to order, optionally by status (OPEN, ORDERED, EXPIRED) and SKU; termsSource says whether each was planned with the supplier's contract (CONTRACT) or inventory's own settings (SETTING). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/replenishment/suggestions")
	List<ReplenishmentPlanner.Suggestion> suggestions(
			@RequestParam(required = false) @Pattern(regexp = "OPEN|ORDERED|EXPIRED") @Nullable String status,
			@RequestParam(required = false) @Nullable String sku) {
		return this.planner.suggestions(status, sku);
	}

	@Operation(summary = "Check replenishment now",
			description = "Evaluates every SKU x location against its reorder point now (the job does it after each forecast) and answers how many new suggestions it made. Who may call: staff with role ops-manager (admin implies it).")
	@PostMapping("/admin/inventory/replenishment/evaluations")
	Map<String, Integer> evaluate() {
		return Map.of("suggested", this.planner.evaluate());
	}

	@Operation(summary = "Report stock gaps",
			description = "Answers the SKU x locations whose projected stock runs out within the given days (1 to 90, 14 when absent), counting incoming supply on its need-by day. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/stock-gaps")
	List<StockGaps.Gap> stockGaps(@RequestParam(defaultValue = "14") @Min(1) @Max(90) int days) {
		return this.gaps.report(days);
	}

	@Operation(summary = "Get a SKU x location's replenishment policy",
			description = "Answers its own policy, or the service defaults (configured false) when it has none; an unknown SKU or location answers the defaults too. Lead time and minimum order here are the fallback: plans use the supplier's contract when one is known (GET /admin/inventory/replenishment/{sku}). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/config/replenishment-policies/{sku}/{location}")
	ReplenishmentPlanner.Policy policy(@PathVariable String sku, @PathVariable String location) {
		return this.planner.policy(sku, location);
	}

	@Operation(summary = "Set a SKU x location's replenishment policy",
			description = "Sets lead time, review period, service level, supplier and minimum order for the SKU at the location. Lead time and minimum order apply only while no supplier contract is known for the SKU (the named supplier's contract is preferred). Who may call: staff with role admin.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"leadTimeDays\":7,\"reviewDays\":7,\"serviceLevel\":0.95,\"supplierId\":\"SUP-WARMTH\",\"minimumOrder\":24}")))
	@ProblemResponse(status = 404, type = "not-found", when = "inventory does not stock the SKU at the location")
	@PutMapping("/admin/inventory/config/replenishment-policies/{sku}/{location}")
	ReplenishmentPlanner.Policy configure(@PathVariable String sku, @PathVariable String location,
			@Valid @RequestBody PolicyRequest request, Principal principal) {
		return this.planner.configure(sku, location, request.leadTimeDays(), request.reviewDays(),
				request.serviceLevel(), request.supplierId(),
				(request.minimumOrder() != null) ? request.minimumOrder() : 1, "staff:" + principal.getName());
	}

}
