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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pre-sale allocation plans: propose, review, approve or reject. */
@Tag(name = "allocation",
		description = "Pre-sale allocation: plans that place and fence stock per channel before a campaign, and channel ring-fences.")
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

	@Operation(summary = "Propose an allocation plan",
			description = "Computes a plan for a campaign from the demand forecast: transfers between locations and ring-fences per channel (fencePercent of free units, 80 when absent) for the campaign's SKUs (all forecast SKUs when absent). Nothing moves until the plan is approved. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"campaignId\":\"SINGLES-DAY-2026\",\"skus\":[\"JACKET-BLK-M\",\"JACKET-BLK-L\"],\"fencePercent\":80}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign with this id is scheduled")
	@ProblemResponse(status = 422, type = "campaign-over", when = "the campaign has ended")
	@ApiResponse(responseCode = "201",
			description = "The proposed plan (Location: /admin/inventory/allocation-plans/{id})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = AllocationPlans.Plan.class)))
	@PostMapping("/admin/inventory/allocation-plans")
	ResponseEntity<AllocationPlans.Plan> propose(@Valid @RequestBody Proposal proposal, Principal principal) {
		AllocationPlans.Plan plan = this.plans.propose(proposal.campaignId(), proposal.skus(),
				(proposal.fencePercent() != null) ? proposal.fencePercent() : BigDecimal.valueOf(80),
				"staff:" + principal.getName());
		return ResponseEntity.created(URI.create("/admin/inventory/allocation-plans/" + plan.id())).body(plan);
	}

	@Operation(summary = "Get an allocation plan",
			description = "Answers the plan with its targets, moves, channel fences and status. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no allocation plan with this id")
	@GetMapping("/admin/inventory/allocation-plans/{id}")
	AllocationPlans.Plan plan(@PathVariable long id) {
		return this.plans.find(id);
	}

	@Operation(summary = "List a campaign's allocation plans",
			description = "Answers the plans proposed for the campaign, newest first. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/allocation-plans")
	List<AllocationPlans.Plan> forCampaign(@RequestParam String campaignId) {
		return this.plans.forCampaign(campaignId);
	}

	@Operation(summary = "Approve an allocation plan",
			description = "Approves the plan: its transfers are shipped and its ring-fences created. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no allocation plan with this id")
	@ProblemResponse(status = 409, type = "allocation-plan-decided", when = "the plan was already approved or rejected")
	@PostMapping("/admin/inventory/allocation-plans/{id}/approval")
	AllocationPlans.Plan approve(@PathVariable long id, Principal principal) {
		return this.plans.approve(id, "staff:" + principal.getName());
	}

	@Operation(summary = "Reject an allocation plan",
			description = "Rejects the plan; nothing moves. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no allocation plan with this id")
	@ProblemResponse(status = 409, type = "allocation-plan-decided", when = "the plan was already approved or rejected")
	@PostMapping("/admin/inventory/allocation-plans/{id}/rejection")
	AllocationPlans.Plan reject(@PathVariable long id, Principal principal) {
		return this.plans.reject(id, "staff:" + principal.getName());
	}

}
