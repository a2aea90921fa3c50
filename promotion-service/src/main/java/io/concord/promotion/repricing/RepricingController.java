package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops define dynamic pricing rules and their inputs (costs, plans, price guarantees, kill
 * switches), evaluate and replay rules, and approve or reject suggestions
 * ({@code /admin/promotions/repricing/...}).
 */
@RestController
@Tag(name = "dynamic-pricing",
		description = "Dynamic pricing rules with guardrails (floor, ceiling, step, daily move, price guarantees, kill switches), suggestions, audit and replay.")
class RepricingController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	private static final long MAX_PRICE_MINOR = 1_000_000_000_000L;

	private static final String BASE = "/admin/promotions/repricing";

	record WindowRequest(@Nullable List<@NotNull DayOfWeek> days, @Nullable LocalTime from, @Nullable LocalTime to,
			@Nullable String zone) {
	}

	record LimitsRequest(@NotNull @DecimalMin("0") @DecimalMax("1000") BigDecimal minMarginPercent,
			@NotNull @Positive @Max(MAX_PRICE_MINOR) Long ceilingMinor,
			@NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal maxStepPercent,
			@NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal maxDailyMovePercent) {
	}

	record RuleRequest(@NotBlank @Size(max = 200) String name, @NotNull RepricingRules.ScopeKind scopeKind,
			@NotNull @Pattern(regexp = ID) String scopeValue,
			@Nullable @Size(max = 1000) List<@NotNull @Pattern(regexp = ID) String> skus,
			@NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency, @NotNull RepricingRules.Mode mode,
			@Nullable Boolean enabled, @Nullable @Valid WindowRequest window,
			@Nullable @DecimalMin("0") BigDecimal lowCoverDays, @Nullable @DecimalMin("0") BigDecimal highCoverDays,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal coverStepPercent,
			@Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal sellThroughStepPercent,
			@Nullable Boolean followCompetitor,
			@Nullable @PositiveOrZero @Max(MAX_PRICE_MINOR) Long beatCompetitorByMinor,
			@NotNull @Valid LimitsRequest limits) {
	}

	record CostRequest(@NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotNull @PositiveOrZero @Max(MAX_PRICE_MINOR) Long costMinor) {
	}

	record PlanRequest(@NotNull Instant periodStart, @NotNull Instant periodEnd,
			@NotNull @Positive @Max(1_000_000_000L) Long plannedUnits) {
	}

	record GuaranteeRequest(@NotNull RepricingRules.ScopeKind scopeKind,
			@NotNull @Pattern(regexp = ID) String scopeValue, @NotNull @Pattern(regexp = ID) String campaignId,
			@NotNull Instant startsAt, @NotNull Instant endsAt) {
	}

	record KillSwitchRequest(@NotNull Boolean engaged, @Nullable @Size(max = 200) String reason) {
	}

	record ReplayRequest(@NotNull Instant from, @NotNull Instant to,
			@Nullable @Min(1) @Max(10080) Integer stepMinutes) {
	}

	private final RepricingRules rules;

	private final RepricingInputs inputs;

	private final Repricing repricing;

	RepricingController(RepricingRules rules, RepricingInputs inputs, Repricing repricing) {
		this.rules = rules;
		this.inputs = inputs;
		this.repricing = repricing;
	}

	@Operation(summary = "Create or replace a dynamic pricing rule",
			description = "A rule for one SKU or a SKU group (the listed SKUs the price authority puts in the group) on one channel and currency: stock cover, sell-through against plan and competitor prices give a target within an optional time window; the guardrails (floor = cost + minimum margin, ceiling, step per change, move per day, price guarantees, kill switches) always hold. SUGGEST rules wait for approval; AUTO rules apply on the scheduler's cadence. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"name\":\"Jackets follow stock\",\"scopeKind\":\"SKU\",\"scopeValue\":\"JACKET-BLK-M\",\"channel\":\"ALL\",\"currency\":\"CNY\",\"mode\":\"SUGGEST\",\"lowCoverDays\":7,\"highCoverDays\":60,\"coverStepPercent\":5,\"sellThroughStepPercent\":3,\"followCompetitor\":true,\"beatCompetitorByMinor\":100,\"window\":{\"days\":[\"MONDAY\",\"TUESDAY\"],\"from\":\"08:00\",\"to\":\"22:00\",\"zone\":\"Asia/Shanghai\"},\"limits\":{\"minMarginPercent\":15,\"ceilingMinor\":69900,\"maxStepPercent\":5,\"maxDailyMovePercent\":10}}")))
	@ProblemResponse(status = 422, type = "validation",
			when = "a SKU rule listing other SKUs, high cover not above low cover, or an unknown time zone")
	@PutMapping(BASE + "/rules/{ruleId}")
	RepricingRules.Rule saveRule(@PathVariable @Pattern(regexp = ID) String ruleId,
			@Valid @RequestBody RuleRequest request) {
		if (request.lowCoverDays() != null && request.highCoverDays() != null
				&& request.highCoverDays().compareTo(request.lowCoverDays()) <= 0) {
			throw invalid("highCoverDays must be above lowCoverDays");
		}
		RuleDefinition.Window window = null;
		if (request.window() != null) {
			String zone = (request.window().zone() != null) ? request.window().zone() : "UTC";
			try {
				ZoneId.of(zone);
			}
			catch (RuntimeException ex) {
				throw invalid("Unknown time zone " + zone);
			}
			window = new RuleDefinition.Window((request.window().days() != null) ? request.window().days() : List.of(),
					request.window().from(), request.window().to(), zone);
		}
		List<String> skus = (request.skus() != null) ? request.skus() : List.of();
		if (request.scopeKind() == RepricingRules.ScopeKind.SKU && !skus.isEmpty()
				&& !skus.equals(List.of(request.scopeValue()))) {
			throw invalid("A SKU rule prices its scopeValue only; skus is for GROUP rules");
		}
		RuleDefinition definition = new RuleDefinition(window, request.lowCoverDays(), request.highCoverDays(),
				(request.coverStepPercent() != null) ? request.coverStepPercent() : BigDecimal.ZERO,
				request.sellThroughStepPercent(), Boolean.TRUE.equals(request.followCompetitor()),
				(request.beatCompetitorByMinor() != null) ? request.beatCompetitorByMinor() : 0,
				new RuleDefinition.Limits(request.limits().minMarginPercent(), request.limits().ceilingMinor(),
						request.limits().maxStepPercent(), request.limits().maxDailyMovePercent()));
		return this.rules.save(ruleId, request.name(), request.scopeKind(), request.scopeValue(), skus,
				request.channel(), request.currency(), request.mode(), !Boolean.FALSE.equals(request.enabled()),
				definition);
	}

	@Operation(summary = "List dynamic pricing rules",
			description = "Who may call: staff with role ops-viewer or above.")
	@GetMapping(BASE + "/rules")
	List<RepricingRules.Rule> rules() {
		return this.rules.all();
	}

	@Operation(summary = "Read a dynamic pricing rule",
			description = "Who may call: staff with role ops-viewer or above.")
	@ProblemResponse(status = 404, type = "not-found", when = "no rule has this id")
	@GetMapping(BASE + "/rules/{ruleId}")
	RepricingRules.Rule rule(@PathVariable String ruleId) {
		return this.rules.find(ruleId).orElseThrow(() -> new ProblemException.NotFound("Repricing rule", ruleId));
	}

	@Operation(summary = "Evaluate a rule now",
			description = "Decides for each SKU of the rule: an AUTO rule applies what the guardrails allow through the price authority, a SUGGEST rule records a suggestion (replacing the SKU's pending one). Every decision is audited with its inputs and reason, including 'held by guardrail X'. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no rule has this id")
	@ProblemResponse(status = 409, type = "rule-disabled", when = "the rule is disabled")
	@PostMapping(BASE + "/rules/{ruleId}/evaluation")
	List<Repricing.Audited> evaluate(@PathVariable String ruleId, Principal principal) {
		return this.repricing.evaluate(ruleId, principal.getName());
	}

	@Operation(summary = "Replay a rule over past history",
			description = "What the rule would have done step by step between two times, on the stored stock, demand and competitor history; applies and audits nothing. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"from\":\"2026-11-01T00:00:00Z\",\"to\":\"2026-11-12T00:00:00Z\",\"stepMinutes\":60}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no rule has this id")
	@ProblemResponse(status = 422, type = "validation", when = "to not after from, or more than 10,000 steps")
	@PostMapping(BASE + "/rules/{ruleId}/replay")
	Repricing.Replay replay(@PathVariable String ruleId, @Valid @RequestBody ReplayRequest request) {
		return this.repricing.replay(ruleId, request.from(), request.to(),
				Duration.ofMinutes((request.stepMinutes() != null) ? request.stepMinutes() : 60));
	}

	@Operation(summary = "List audited decisions",
			description = "Newest first, filtered by rule, SKU and outcome (APPLIED, SUGGESTED, APPROVED, REJECTED, SUPERSEDED, HELD, UNCHANGED, FAILED). Who may call: staff with role ops-viewer or above.")
	@GetMapping(BASE + "/decisions")
	List<Repricing.Audited> decisions(@RequestParam(required = false) @Nullable String ruleId,
			@RequestParam(required = false) @Nullable String sku,
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.repricing.decisions(ruleId, sku, outcome, limit);
	}

	@Operation(summary = "List pending suggestions", description = "Who may call: staff with role ops-viewer or above.")
	@GetMapping(BASE + "/suggestions")
	List<Repricing.Audited> suggestions() {
		return this.repricing.decisions(null, null, "SUGGESTED", 1000);
	}

	@Operation(summary = "Approve a suggestion",
			description = "Runs the guardrails again on the inputs of now and applies the price through the price authority (source DYNAMIC). Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no decision has this id")
	@ProblemResponse(status = 409, type = "suggestion-not-pending", when = "the decision is not a pending suggestion")
	@ProblemResponse(status = 409, type = "guardrail-held",
			when = "a guardrail holds the price now (kill switch, price guarantee, no cost, floor or ceiling out of reach)")
	@PostMapping(BASE + "/suggestions/{decisionId}/approval")
	Repricing.Audited approve(@PathVariable UUID decisionId, Principal principal) {
		return this.repricing.approve(decisionId, principal.getName());
	}

	@Operation(summary = "Reject a suggestion",
			description = "Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no decision has this id")
	@ProblemResponse(status = 409, type = "suggestion-not-pending", when = "the decision is not a pending suggestion")
	@PostMapping(BASE + "/suggestions/{decisionId}/rejection")
	Repricing.Audited reject(@PathVariable UUID decisionId, Principal principal) {
		return this.repricing.reject(decisionId, principal.getName());
	}

	@Operation(summary = "Set a SKU's cost",
			description = "The floor is this cost plus the rule's minimum margin; without a cost a rule never moves the SKU. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example", value = "{\"currency\":\"CNY\",\"costMinor\":31000}")))
	@PutMapping(BASE + "/costs/{sku}")
	RepricingInputs.Cost saveCost(@PathVariable @Pattern(regexp = ID) String sku,
			@Valid @RequestBody CostRequest request) {
		return this.inputs.saveCost(sku, request.currency(), request.costMinor());
	}

	@Operation(summary = "Set a SKU's sell-through plan",
			description = "Units planned over a period; rules compare the units ordered so far with the plan prorated to now. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"periodStart\":\"2026-12-01T00:00:00Z\",\"periodEnd\":\"2027-01-01T00:00:00Z\",\"plannedUnits\":3000}")))
	@ProblemResponse(status = 422, type = "validation", when = "periodEnd not after periodStart")
	@PutMapping(BASE + "/plans/{sku}")
	RepricingInputs.Plan savePlan(@PathVariable @Pattern(regexp = ID) String sku,
			@Valid @RequestBody PlanRequest request) {
		if (!request.periodEnd().isAfter(request.periodStart())) {
			throw invalid("periodEnd must be after periodStart");
		}
		return this.inputs.savePlan(sku, request.periodStart(), request.periodEnd(), request.plannedUnits());
	}

	@Operation(summary = "Add a price guarantee",
			description = "A campaign guarantees the price of a SKU or SKU group in a window: no rule moves it meanwhile. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"scopeKind\":\"GROUP\",\"scopeValue\":\"OUTERWEAR\",\"campaignId\":\"D11-2026\",\"startsAt\":\"2026-11-01T00:00:00Z\",\"endsAt\":\"2026-11-12T00:00:00Z\"}")))
	@ProblemResponse(status = 422, type = "validation", when = "endsAt not after startsAt")
	@PostMapping(BASE + "/guarantees")
	ResponseEntity<RepricingInputs.Guarantee> addGuarantee(@Valid @RequestBody GuaranteeRequest request) {
		if (!request.endsAt().isAfter(request.startsAt())) {
			throw invalid("endsAt must be after startsAt");
		}
		RepricingInputs.Guarantee guarantee = this.inputs.addGuarantee(request.scopeKind(), request.scopeValue(),
				request.campaignId(), request.startsAt(), request.endsAt());
		return ResponseEntity.created(URI.create(BASE + "/guarantees/" + guarantee.guaranteeId())).body(guarantee);
	}

	@Operation(summary = "List price guarantees", description = "Who may call: staff with role ops-viewer or above.")
	@GetMapping(BASE + "/guarantees")
	List<RepricingInputs.Guarantee> guarantees() {
		return this.inputs.guarantees();
	}

	@Operation(summary = "Remove a price guarantee",
			description = "Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no guarantee has this id")
	@DeleteMapping(BASE + "/guarantees/{guaranteeId}")
	ResponseEntity<Void> deleteGuarantee(@PathVariable UUID guaranteeId) {
		if (!this.inputs.deleteGuarantee(guaranteeId)) {
			throw new ProblemException.NotFound("Price guarantee", guaranteeId);
		}
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Engage or release a kill switch",
			description = "Scope GLOBAL stops every rule; a SKU group id stops the rules' moves of that group's SKUs. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example", value = "{\"engaged\":true,\"reason\":\"feed outage\"}")))
	@PutMapping(BASE + "/kill-switches/{scope}")
	RepricingInputs.KillSwitch setKillSwitch(@PathVariable @Pattern(regexp = ID) String scope,
			@Valid @RequestBody KillSwitchRequest request, Principal principal) {
		return this.inputs.setKillSwitch(scope, request.engaged(), request.reason(), principal.getName());
	}

	@Operation(summary = "List kill switches", description = "Who may call: staff with role ops-viewer or above.")
	@GetMapping(BASE + "/kill-switches")
	List<RepricingInputs.KillSwitch> killSwitches() {
		return this.inputs.killSwitches();
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION, "Invalid request",
				detail);
	}

}
