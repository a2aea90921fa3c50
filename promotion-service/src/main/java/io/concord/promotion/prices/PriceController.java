package io.concord.promotion.prices;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops manage price lists ({@code /admin/promotions/prices/...}): set and schedule prices,
 * read a SKU's prices and history, cancel a scheduled change, define SKU groups and their
 * consistency rules, list violations and overrides. ops-viewer reads, ops-manager writes
 * (the platform defaults for the admin API).
 */
@RestController
@Tag(name = "prices",
		description = "Price lists per SKU, channel and currency: current, scheduled and history, with reference prices; SKU groups with cross-channel consistency rules.")
class PriceController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	private static final String OVERRIDE_ROLE = "ROLE_ops-manager";

	record SetPriceRequest(@Schema(example = "SKU-TEA-LONGJING-250G") @NotBlank @Size(max = 64) String sku,
			@Schema(description = "a channel, or ALL for every channel without its own price",
					example = "ALL") @NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel,
			@Schema(example = "CNY") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@Schema(example = "19800") @NotNull @PositiveOrZero @Max(PriceLists.MAX_PRICE_MINOR) Long listPriceMinor,
			@Schema(example = "16800") @NotNull @PositiveOrZero @Max(PriceLists.MAX_PRICE_MINOR) Long sellingPriceMinor,
			@Schema(description = "when the price takes effect; now when left out",
					example = "2026-11-10T16:00:00Z") @Nullable Instant effectiveFrom,
			@Schema(description = "end of the validity window; open-ended when left out") @Nullable Instant effectiveTo,
			@Schema(example = "11.11 price") @NotBlank @Size(max = 500) String reason,
			@Schema(description = "apply a change that breaks a hard consistency rule (ops-manager; audited)",
					example = "false") @Nullable Boolean override) {
	}

	record CancelRequest(@Schema(example = "campaign moved") @NotBlank @Size(max = 500) String reason) {
	}

	record GroupRequest(@Schema(example = "LONGJING") @Nullable @Pattern(regexp = ID) String id,
			@Schema(example = "Longjing teas") @NotBlank @Size(max = 200) String name,
			@NotNull @Size(max = 1000) Set<@NotBlank @Size(max = 64) String> skus) {
	}

	record RuleRequest(@NotNull PriceRule.Kind kind,
			@Schema(description = "MAX_DIFFERENCE only: how far a channel may be from the ALL price, in percent of it",
					example = "5") @Nullable BigDecimal maxDifferencePercent,
			@NotNull PriceRule.Severity severity) {
	}

	record SkuPrices(String sku, Set<String> groups, List<PriceLists.CurrentPrice> current,
			List<PriceEntry> scheduled) {
	}

	private final PriceLists prices;

	private final PriceGroups groups;

	PriceController(PriceLists prices, PriceGroups groups) {
		this.prices = prices;
		this.groups = groups;
	}

	@Operation(operationId = "setPrice", summary = "Set or schedule a price",
			description = """
					Writes a price entry for a SKU on a channel (or ALL) in a currency: now, or from effectiveFrom \
					(scheduled; PriceScheduled is published now, PriceChanged when it takes effect). The SKU groups' consistency rules are \
					checked: a change breaking a HARD rule is refused (409 price-rule-violated, listing the conflicts) \
					unless override is true with a reason, which is applied and audited; broken SOFT rules are recorded \
					as violations. Answers 201 with the change.

					Who may call: staff with role ops-manager (or admin).""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					examples = { @ExampleObject(name = "now", summary = "A price on every channel, now", value = """
							{"sku": "SKU-TEA-LONGJING-250G", "channel": "ALL", "currency": "CNY",
							 "listPriceMinor": 19800, "sellingPriceMinor": 16800, "reason": "launch price"}"""),
							@ExampleObject(name = "scheduled", summary = "The app's 11.11 price, scheduled", value = """
									{"sku": "SKU-TEA-LONGJING-250G", "channel": "APP", "currency": "CNY",
									 "listPriceMinor": 19800, "sellingPriceMinor": 15800,
									 "effectiveFrom": "2026-11-10T16:00:00Z", "effectiveTo": "2026-11-11T16:00:00Z",
									 "reason": "11.11"}""") })),
			responses = @ApiResponse(responseCode = "201", description = "The price was set or scheduled"))
	@ProblemResponse(status = 409, type = "price-rule-violated",
			when = "the change breaks a hard consistency rule of one of the SKU's groups (conflicts[] lists each rule and the prices)")
	@ProblemResponse(status = 422, type = "invalid-price",
			when = "effectiveFrom is in the past or effectiveTo not after it (problems[] lists each)")
	@PostMapping("/admin/promotions/prices")
	ResponseEntity<PriceLists.PriceChange> set(@Valid @RequestBody SetPriceRequest request, Authentication caller) {
		boolean override = Boolean.TRUE.equals(request.override());
		if (override && caller.getAuthorities().stream().noneMatch((a) -> OVERRIDE_ROLE.equals(a.getAuthority()))) {
			throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of("forbidden"), "Forbidden",
					"Overriding a price rule needs the ops-manager role");
		}
		PriceLists.Source source = (request.effectiveFrom() != null) ? PriceLists.Source.SCHEDULE
				: PriceLists.Source.ADMIN;
		PriceLists.PriceChange change = this.prices.set(new PriceLists.PriceCommand(request.sku(), request.channel(),
				request.currency(), request.listPriceMinor(), request.sellingPriceMinor(), request.effectiveFrom(),
				request.effectiveTo(), source, request.reason()), caller.getName(), override);
		return ResponseEntity.created(URI.create("/admin/promotions/prices/" + request.sku())).body(change);
	}

	@Operation(operationId = "getSkuPrices", summary = "Read a SKU's prices", description = """
			The SKU's price now on every channel that has its own entry and on ALL, per currency, with the \
			reference price; its scheduled changes; its SKU groups.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "the SKU never had a price")
	@GetMapping("/admin/promotions/prices/{sku}")
	SkuPrices get(@PathVariable String sku) {
		history(sku);
		return new SkuPrices(sku, this.groups.groupsOf(sku), this.prices.currentByChannel(sku),
				this.prices.scheduled(sku));
	}

	@Operation(operationId = "getSkuPriceHistory", summary = "Read a SKU's price history", description = """
			Every entry of the SKU, oldest first: cancelled ones too, each with who set it, why and from where \
			(ADMIN, SCHEDULE, DYNAMIC), and when its PriceChanged was published.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "the SKU never had a price")
	@GetMapping("/admin/promotions/prices/{sku}/history")
	List<PriceEntry> history(@PathVariable String sku) {
		List<PriceEntry> history = this.prices.history(sku);
		if (history.isEmpty()) {
			throw new ProblemException.NotFound("Prices of SKU", sku);
		}
		return history;
	}

	@Operation(operationId = "cancelPriceEntry", summary = "Cancel a scheduled price", description = """
			Cancels a price entry that has not taken effect yet (PriceScheduleCancelled is published); it stays \
			in the history as cancelled.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no price entry has this id")
	@ProblemResponse(status = 409, type = "conflict", when = "the entry took effect already, or was cancelled")
	@PostMapping("/admin/promotions/prices/entries/{id}/cancellation")
	PriceEntry cancel(@PathVariable UUID id, @Valid @RequestBody CancelRequest request, Authentication caller) {
		return this.prices.cancel(id, caller.getName(), request.reason());
	}

	@Operation(operationId = "listSkuGroups", summary = "List SKU groups", description = """
			Every SKU group with its SKUs and consistency rules.

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/promotions/prices/groups")
	List<PriceGroups.Group> groups() {
		return this.groups.list();
	}

	@Operation(operationId = "createSkuGroup", summary = "Define a SKU group", description = """
			A group of SKUs that consistency rules apply to. Answers 201.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "201", description = "The group was defined"))
	@ProblemResponse(status = 409, type = "conflict", when = "a group with this id exists")
	@PostMapping("/admin/promotions/prices/groups")
	ResponseEntity<PriceGroups.Group> createGroup(@Valid @RequestBody GroupRequest request) {
		String id = (request.id() != null) ? request.id() : "GRP-" + UUID.randomUUID().toString().substring(0, 8);
		return ResponseEntity.created(URI.create("/admin/promotions/prices/groups/" + id))
			.body(this.groups.create(id, request.name(), request.skus()));
	}

	@Operation(operationId = "getSkuGroup", summary = "Read a SKU group", description = """
			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no group has this id")
	@GetMapping("/admin/promotions/prices/groups/{groupId}")
	PriceGroups.Group group(@PathVariable String groupId) {
		return this.groups.find(groupId);
	}

	@Operation(operationId = "updateSkuGroup", summary = "Rename a SKU group or change its SKUs", description = """
			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no group has this id")
	@PutMapping("/admin/promotions/prices/groups/{groupId}")
	PriceGroups.Group updateGroup(@PathVariable String groupId, @Valid @RequestBody GroupRequest request) {
		return this.groups.update(groupId, request.name(), request.skus());
	}

	@Operation(operationId = "deleteSkuGroup", summary = "Delete a SKU group and its rules", description = """
			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "204", description = "The group was deleted"))
	@ProblemResponse(status = 404, type = "not-found", when = "no group has this id")
	@DeleteMapping("/admin/promotions/prices/groups/{groupId}")
	ResponseEntity<Void> deleteGroup(@PathVariable String groupId) {
		this.groups.delete(groupId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "addPriceRule", summary = "Add a consistency rule to a SKU group", description = """
			SAME_PRICE: every channel's own selling price equals the ALL price. MAX_DIFFERENCE: a channel's \
			selling price differs from the ALL price by at most maxDifferencePercent of it. HARD rules refuse \
			breaking changes (unless overridden), SOFT ones record them. Answers 201.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "201", description = "The rule was added"))
	@ProblemResponse(status = 404, type = "not-found", when = "no group has this id")
	@ProblemResponse(status = 422, type = "invalid-price-rule",
			when = "MAX_DIFFERENCE without maxDifferencePercent (0 to 1000), or SAME_PRICE with one")
	@PostMapping("/admin/promotions/prices/groups/{groupId}/rules")
	ResponseEntity<PriceRule> addRule(@PathVariable String groupId, @Valid @RequestBody RuleRequest request) {
		PriceRule rule = this.groups.addRule(groupId, request.kind(), request.maxDifferencePercent(),
				request.severity());
		return ResponseEntity.created(URI.create("/admin/promotions/prices/groups/" + groupId + "/rules/" + rule.id()))
			.body(rule);
	}

	@Operation(operationId = "deletePriceRule", summary = "Remove a consistency rule", description = """
			Its open violations are closed.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "204", description = "The rule was removed"))
	@ProblemResponse(status = 404, type = "not-found", when = "the group has no rule with this id")
	@DeleteMapping("/admin/promotions/prices/groups/{groupId}/rules/{ruleId}")
	ResponseEntity<Void> deleteRule(@PathVariable String groupId, @PathVariable UUID ruleId) {
		this.groups.deleteRule(groupId, ruleId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listPriceViolations", summary = "List price rule violations", description = """
			Violations of the SKU groups' rules found on a change or by the nightly check, newest first (500 \
			at most): the open ones, or all with open=false.

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/promotions/prices/violations")
	List<PriceGroups.Violation> violations(@RequestParam(defaultValue = "true") boolean open) {
		return this.groups.violations(open);
	}

	@Operation(operationId = "listPriceOverrides", summary = "List price rule overrides", description = """
			Changes applied against a hard rule: who, when, why, which rule and the conflicting prices, newest \
			first (500 at most).

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/promotions/prices/overrides")
	List<PriceGroups.Override> overrides() {
		return this.groups.overrides();
	}

}
