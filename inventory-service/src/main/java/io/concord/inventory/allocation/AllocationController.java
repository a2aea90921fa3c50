package io.concord.inventory.allocation;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pre-sale allocation plans: propose, review, approve or reject. */
@RestController
class AllocationController {

	/** {@code fencePercent}: the share of free units fenced per channel (default 80). */
	record Proposal(@NotBlank @Size(max = 64) String campaignId,
			@Size(max = 1000) @Nullable List<@NotBlank @Size(max = 64) String> skus,
			@DecimalMin("0") @DecimalMax("100") @Nullable BigDecimal fencePercent) {
	}

	private final AllocationPlans plans;

	AllocationController(AllocationPlans plans) {
		this.plans = plans;
	}

	@PostMapping("/admin/inventory/allocation-plans")
	ResponseEntity<AllocationPlans.Plan> propose(@Valid @RequestBody Proposal proposal, Principal principal) {
		AllocationPlans.Plan plan = this.plans.propose(proposal.campaignId(), proposal.skus(),
				(proposal.fencePercent() != null) ? proposal.fencePercent() : BigDecimal.valueOf(80),
				"staff:" + principal.getName());
		return ResponseEntity.created(URI.create("/admin/inventory/allocation-plans/" + plan.id())).body(plan);
	}

	@GetMapping("/admin/inventory/allocation-plans/{id}")
	AllocationPlans.Plan plan(@PathVariable long id) {
		return this.plans.find(id);
	}

	@GetMapping("/admin/inventory/allocation-plans")
	List<AllocationPlans.Plan> forCampaign(@RequestParam String campaignId) {
		return this.plans.forCampaign(campaignId);
	}

	@PostMapping("/admin/inventory/allocation-plans/{id}/approval")
	AllocationPlans.Plan approve(@PathVariable long id, Principal principal) {
		return this.plans.approve(id, "staff:" + principal.getName());
	}

	@PostMapping("/admin/inventory/allocation-plans/{id}/rejection")
	AllocationPlans.Plan reject(@PathVariable long id, Principal principal) {
		return this.plans.reject(id, "staff:" + principal.getName());
	}

}
