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

	@GetMapping("/admin/inventory/replenishment/{sku}")
	List<ReplenishmentPlanner.LocationPlan> plans(@PathVariable String sku) {
		List<ReplenishmentPlanner.LocationPlan> plans = this.planner.plans(sku);
		if (plans.isEmpty()) {
			throw new ProblemException.NotFound("Forecast of SKU", sku);
		}
		return plans;
	}

	@GetMapping("/admin/inventory/replenishment/suggestions")
	List<ReplenishmentPlanner.Suggestion> suggestions(
			@RequestParam(required = false) @Pattern(regexp = "OPEN|ORDERED|EXPIRED") @Nullable String status,
			@RequestParam(required = false) @Nullable String sku) {
		return this.planner.suggestions(status, sku);
	}

	@PostMapping("/admin/inventory/replenishment/evaluations")
	Map<String, Integer> evaluate() {
		return Map.of("suggested", this.planner.evaluate());
	}

	@GetMapping("/admin/inventory/stock-gaps")
	List<StockGaps.Gap> stockGaps(@RequestParam(defaultValue = "14") @Min(1) @Max(90) int days) {
		return this.gaps.report(days);
	}

	@GetMapping("/admin/inventory/config/replenishment-policies/{sku}/{location}")
	ReplenishmentPlanner.Policy policy(@PathVariable String sku, @PathVariable String location) {
		return this.planner.policy(sku, location);
	}

	@PutMapping("/admin/inventory/config/replenishment-policies/{sku}/{location}")
	ReplenishmentPlanner.Policy configure(@PathVariable String sku, @PathVariable String location,
			@Valid @RequestBody PolicyRequest request, Principal principal) {
		return this.planner.configure(sku, location, request.leadTimeDays(), request.reviewDays(),
				request.serviceLevel(), request.supplierId(),
				(request.minimumOrder() != null) ? request.minimumOrder() : 1, "staff:" + principal.getName());
	}

}
