package io.concord.promotion.campaign;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.openapi.ProblemResponse;
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.Offer;
import io.concord.promotion.tiers.MemberTier;
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
 * Ops define campaigns and their promotions, activate, pause and end them, and generate
 * single-use codes ({@code /admin/promotions/...}); storefronts read what is on
 * ({@code GET /api/promotions/campaigns}, public).
 */
@RestController
@Tag(name = "campaigns",
		description = "Campaigns and their promotions: what is on for storefronts; definition, activation, pausing and ending for ops.")
class CampaignController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	/** A promotion's budget: at most 10,000 times the largest amount. */
	static final long MAX_BUDGET_MINOR = Cart.MAX_AMOUNT_MINOR * 10_000;

	/**
	 * A campaign; {@code earlyAccessHours} opens it that long before {@code startsAt} for
	 * members of {@code earlyAccessMinTier} and above (or, without it, of tiers with the
	 * early-access benefit).
	 */
	record CampaignRequest(
			@Schema(description = "chosen id (letters, digits, _ and -); generated when left out",
					example = "DOUBLE11-2026") @Nullable @Pattern(regexp = ID) String id,
			@Schema(example = "Singles' Day 2026") @NotBlank @Size(max = 200) String name,
			@Schema(example = "11.11 storewide: spend thresholds, flash coupons, free shipping") @Nullable @Size(
					max = 2000) String description,
			@Schema(example = "2026-11-10T16:00:00Z") @NotNull Instant startsAt,
			@Schema(example = "2026-11-11T16:00:00Z") @NotNull Instant endsAt,
			@Schema(description = "hours before startsAt that the campaign opens for early-access tiers",
					example = "2") @Nullable Integer earlyAccessHours,
			@Schema(description = "lowest tier admitted early; without it, tiers with the early-access benefit",
					example = "GOLD") @Nullable MemberTier earlyAccessMinTier) {

		Campaigns.EarlyAccess earlyAccess() {
			return new Campaigns.EarlyAccess((this.earlyAccessHours != null) ? this.earlyAccessHours : 0,
					this.earlyAccessMinTier);
		}
	}

	record ScopeRequest(@Nullable Set<@NotBlank String> skus, @Nullable Set<@NotBlank String> categories,
			@Nullable Set<@NotBlank String> brands, @Nullable Set<@NotBlank String> channels,
			@Nullable Set<@NotBlank String> memberTiers, @Nullable Set<@NotBlank String> segments,
			@Nullable Boolean newMembersOnly) {

		Offer.Scope toScope() {
			return new Offer.Scope(orEmpty(this.skus), orEmpty(this.categories), orEmpty(this.brands),
					orEmpty(this.channels), orEmpty(this.memberTiers), orEmpty(this.segments),
					Boolean.TRUE.equals(this.newMembersOnly));
		}

		private static Set<String> orEmpty(@Nullable Set<String> values) {
			return (values != null) ? Set.copyOf(values) : Set.of();
		}

	}

	// Amounts are bounded like a cart's, so no discount arithmetic can overflow; their
	// signs and relations are PromotionRules' (422 invalid-promotion).
	record TierRequest(@NotNull @Max(Cart.MAX_AMOUNT_MINOR) Long spendMinor,
			@NotNull @Max(Cart.MAX_AMOUNT_MINOR) Long offMinor) {
	}

	record RuleRequest(@Nullable @Max(Cart.MAX_AMOUNT_MINOR) Long amountOffMinor, @Nullable BigDecimal percentOff,
			@Nullable @Max(Cart.MAX_AMOUNT_MINOR) Long capMinor,
			@Nullable @Max(Cart.MAX_AMOUNT_MINOR) Long minSpendMinor,
			@Nullable @Size(max = 20) List<@Valid @NotNull TierRequest> tiers, @Nullable Boolean repeating,
			@Nullable Integer buyQuantity, @Nullable Integer getQuantity) {

		Offer.Rule toRule() {
			List<Offer.ThresholdTier> steps = (this.tiers != null)
					? this.tiers.stream().map((t) -> new Offer.ThresholdTier(t.spendMinor(), t.offMinor())).toList()
					: List.of();
			return new Offer.Rule(this.amountOffMinor, this.percentOff, this.capMinor, this.minSpendMinor, steps,
					Boolean.TRUE.equals(this.repeating), this.buyQuantity, this.getQuantity);
		}

	}

	record CouponRequest(@NotNull Integer totalQuantity, @Nullable Integer perMemberLimit, @Nullable Integer validDays,
			@Nullable String publicCode, PromotionDefinition.@Nullable Trigger trigger, @Nullable String triggerTier) {

		PromotionDefinition.CouponSettings toSettings() {
			return new PromotionDefinition.CouponSettings(this.totalQuantity,
					(this.perMemberLimit != null) ? this.perMemberLimit : 1, this.validDays, this.publicCode,
					this.trigger, this.triggerTier);
		}

	}

	record PromotionRequest(@Nullable @Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name,
			@NotNull Offer.Kind kind, PromotionDefinition.@NotNull Activation activation,
			Offer.@NotNull StackingGroup stackingGroup, @Nullable Boolean exclusive,
			@Nullable @Min(-1000) @Max(1000) Integer priority, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@Nullable Boolean combinableWithPoints, @Nullable @Valid ScopeRequest scope,
			@NotNull @Valid RuleRequest rule, @Nullable Instant startsAt, @Nullable Instant endsAt,
			@Nullable @Valid CouponRequest coupon, @Nullable @Positive @Max(MAX_BUDGET_MINOR) Long budgetMinor,
			@Nullable Boolean restoreBudgetOnReturn) {

		PromotionDefinition toDefinition() {
			return new PromotionDefinition(this.name, this.kind, this.activation, this.stackingGroup,
					Boolean.TRUE.equals(this.exclusive), (this.priority != null) ? this.priority : 0, this.currency,
					!Boolean.FALSE.equals(this.combinableWithPoints),
					(this.scope != null) ? this.scope.toScope() : Offer.Scope.everything(), this.rule.toRule(),
					this.startsAt, this.endsAt, (this.coupon != null) ? this.coupon.toSettings() : null,
					this.budgetMinor, !Boolean.FALSE.equals(this.restoreBudgetOnReturn));
		}

	}

	record CodesRequest(@Schema(example = "500") @NotNull @Min(1) @Max(100_000) Integer count) {
	}

	record CodesView(String promotionId, List<String> codes) {
	}

	/**
	 * A promotion as shown to ops: its definition, state, effective window and budget.
	 */
	record PromotionView(String id, String campaignId, String status, String campaignStatus, Instant startsAt,
			Instant endsAt, PromotionDefinition definition, @Nullable Long budgetRemainingMinor, long budgetLockedMinor,
			long budgetSpentMinor) {

		static PromotionView of(CatalogPromotion p) {
			return new PromotionView(p.id(), p.campaignId(), p.status(), p.campaignStatus(), p.startsAt(), p.endsAt(),
					p.definition(), PromotionBudgets.remaining(p), p.budgetLockedMinor(), p.budgetSpentMinor());
		}

	}

	record CampaignView(Campaigns.Campaign campaign, List<PromotionView> promotions) {
	}

	/** What a storefront may show: no budgets, no quantities. */
	record PublicPromotion(String id, String name, Offer.Kind kind, PromotionDefinition.Activation activation,
			Offer.Scope scope, Offer.Rule rule, Instant startsAt, Instant endsAt, @Nullable String publicCode) {
	}

	record PublicCampaign(String id, String name, @Nullable String description, String status, Instant startsAt,
			Instant endsAt, List<PublicPromotion> promotions) {
	}

	private final Campaigns campaigns;

	private final PromotionCatalog catalog;

	CampaignController(Campaigns campaigns, PromotionCatalog catalog) {
		this.campaigns = campaigns;
		this.catalog = catalog;
	}

	@Operation(operationId = "createCampaign", summary = "Define a campaign", description = """
			Creates a campaign in DRAFT with its window; promotions are added to it, then it is activated. \
			Answers 201 with the campaign and Location.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "201", description = "The campaign was defined"))
	@ProblemResponse(status = 422, type = "invalid-promotion",
			when = "the window is not ordered (endsAt must be after startsAt)")
	@ProblemResponse(status = 409, type = "conflict", when = "a campaign with this id exists")
	@PostMapping("/admin/promotions/campaigns")
	ResponseEntity<CampaignView> create(@Valid @RequestBody CampaignRequest request) {
		Campaigns.Campaign campaign = this.campaigns.create(request.id(), request.name(), request.description(),
				request.startsAt(), request.endsAt(), request.earlyAccess());
		return ResponseEntity.created(URI.create("/admin/promotions/campaigns/" + campaign.id())).body(view(campaign));
	}

	@Operation(operationId = "listCampaigns", summary = "List campaigns", description = """
			Every campaign, or those in one status (DRAFT, SCHEDULED, ACTIVE, PAUSED, ENDED).

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/promotions/campaigns")
	List<Campaigns.Campaign> list(@RequestParam(required = false) @Nullable String status) {
		return this.campaigns.list(status);
	}

	@Operation(operationId = "getCampaign", summary = "Read a campaign", description = """
			A campaign with every promotion's definition, state, effective window and budget.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@GetMapping("/admin/promotions/campaigns/{id}")
	CampaignView find(@PathVariable String id) {
		return view(this.campaigns.find(id));
	}

	@Operation(operationId = "updateCampaign", summary = "Rename or reschedule a campaign", description = """
			Changes a campaign's name, description and window; a scheduled or running campaign announces \
			its new window. A running campaign's start cannot move, only its end.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@ProblemResponse(status = 409, type = "conflict",
			when = "the campaign has ended, or it is running and the start would move")
	@ProblemResponse(status = 422, type = "invalid-promotion",
			when = "the window is not ordered, or its end is not in the future")
	@PutMapping("/admin/promotions/campaigns/{id}")
	CampaignView update(@PathVariable String id, @Valid @RequestBody CampaignRequest request) {
		return view(this.campaigns.update(id, request.name(), request.description(), request.startsAt(),
				request.endsAt(), request.earlyAccess()));
	}

	@Operation(operationId = "activateCampaign", summary = "Activate a campaign", description = """
			Schedules a draft campaign (running at once if its start has passed) or resumes a paused one.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@ProblemResponse(status = 409, type = "conflict",
			when = "the campaign is neither draft nor paused, or its end has passed")
	@PostMapping("/admin/promotions/campaigns/{id}/activation")
	CampaignView activate(@PathVariable String id) {
		return view(this.campaigns.activate(id));
	}

	@Operation(operationId = "pauseCampaign", summary = "Pause a campaign", description = """
			Stops every promotion of a running campaign (no discounts, no claims) until it is activated \
			again; orders already placed keep their discounts.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@ProblemResponse(status = 409, type = "conflict", when = "the campaign is not running")
	@PostMapping("/admin/promotions/campaigns/{id}/pause")
	CampaignView pause(@PathVariable String id) {
		return view(this.campaigns.pause(id));
	}

	@Operation(operationId = "endCampaign", summary = "End a campaign now", description = """
			Ends the campaign before its scheduled end (inventory releases its ring-fences); ending an \
			ended campaign answers it unchanged.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@PostMapping("/admin/promotions/campaigns/{id}/end")
	CampaignView end(@PathVariable String id) {
		return view(this.campaigns.end(id));
	}

	@Operation(operationId = "definePromotion", summary = "Define a promotion", description = """
			Adds a promotion to a campaign: an automatic offer or a coupon template (whose coupons are \
			minted now), with its scope, rule, stacking, window and budget. Answers 201 with the promotion \
			and Location.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "201", description = "The promotion was defined"),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
					@ExampleObject(name = "spend-threshold", summary = "Spend 300 get 50 off, repeating, with a budget",
							value = """
									{"id": "D11-300-50", "name": "Every CNY 300, CNY 50 off", "kind": "SPEND_THRESHOLD",
									 "activation": "AUTOMATIC", "stackingGroup": "ORDER", "currency": "CNY",
									 "rule": {"tiers": [{"spendMinor": 30000, "offMinor": 5000}], "repeating": true},
									 "budgetMinor": 50000000}"""),
					@ExampleObject(name = "flash-coupon",
							summary = "A claimable coupon for gold members, 20% off capped",
							value = """
									{"id": "D11-GOLD-20", "name": "Gold members: 20% off, up to CNY 100", "kind": "PERCENT_OFF",
									 "activation": "COUPON", "stackingGroup": "COUPON", "currency": "CNY",
									 "scope": {"memberTiers": ["GOLD", "PLATINUM", "DIAMOND"], "channels": ["APP", "MINI_PROGRAM"]},
									 "rule": {"percentOff": 20, "capMinor": 10000, "minSpendMinor": 19900},
									 "coupon": {"totalQuantity": 10000, "perMemberLimit": 1, "validDays": 7}}""") })))
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@ProblemResponse(status = 409, type = "conflict",
			when = "the campaign has ended, or a promotion with this id or public code exists")
	@ProblemResponse(status = 422, type = "invalid-promotion",
			when = "the definition does not make sense (errors[] lists the fields): a threshold must exceed its discount, tiers ascend, the window lies inside the campaign's, ...")
	@PostMapping("/admin/promotions/campaigns/{id}/promotions")
	ResponseEntity<PromotionView> define(@PathVariable String id, @Valid @RequestBody PromotionRequest request) {
		CatalogPromotion promotion = this.catalog.define(id, request.id(), request.toDefinition());
		return ResponseEntity.created(URI.create("/admin/promotions/promotions/" + promotion.id()))
			.body(PromotionView.of(promotion));
	}

	@Operation(operationId = "getPromotion", summary = "Read a promotion", description = """
			A promotion's definition, state, effective window and budget (remaining, locked by orders in \
			flight, spent).

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@GetMapping("/admin/promotions/promotions/{id}")
	PromotionView promotion(@PathVariable String id) {
		return PromotionView.of(this.catalog.find(id));
	}

	@Operation(operationId = "updatePromotion", summary = "Change a promotion", description = """
			Replaces a promotion's definition; kind, activation and currency cannot change. A coupon \
			template's total quantity can grow (coupons are minted) or shrink by the coupons not yet issued.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@ProblemResponse(status = 422, type = "invalid-promotion",
			when = "the definition does not make sense, changes kind, activation or currency, or shrinks the quantity below what was issued")
	@PutMapping("/admin/promotions/promotions/{id}")
	PromotionView update(@PathVariable String id, @Valid @RequestBody PromotionRequest request) {
		return PromotionView.of(this.catalog.update(id, request.toDefinition()));
	}

	@Operation(operationId = "pausePromotion", summary = "Pause a promotion", description = """
			Stops one promotion applying and issuing coupons until resumed; orders already placed keep \
			their discounts.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@PostMapping("/admin/promotions/promotions/{id}/pause")
	PromotionView pausePromotion(@PathVariable String id) {
		return PromotionView.of(this.catalog.pause(id));
	}

	@Operation(operationId = "resumePromotion", summary = "Resume a promotion", description = """
			Lets a paused promotion apply again (or marks it exhausted if its budget is committed in full).

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@PostMapping("/admin/promotions/promotions/{id}/resume")
	PromotionView resume(@PathVariable String id) {
		return PromotionView.of(this.catalog.resume(id));
	}

	@Operation(operationId = "generateCouponCodes", summary = "Generate single-use codes", description = """
			Puts single-use codes on coupons of a template not yet issued and answers them (201): a shopper \
			who types one claims exactly that coupon, once.

			Who may call: staff with role ops-manager (or admin).""",
			responses = @ApiResponse(responseCode = "201", description = "The codes were generated"))
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@ProblemResponse(status = 422, type = "invalid-promotion",
			when = "the promotion is not a coupon template, or fewer coupons are left without a code than asked for")
	@PostMapping("/admin/promotions/promotions/{id}/codes")
	ResponseEntity<CodesView> codes(@PathVariable String id, @Valid @RequestBody CodesRequest request) {
		return ResponseEntity.status(201).body(new CodesView(id, this.catalog.generateCodes(id, request.count())));
	}

	@Operation(operationId = "listRunningCampaigns", summary = "List running campaigns", description = """
			The campaigns running now with their active promotions, as a storefront may show them: kind, \
			scope, rule, window and public code; no budgets or quantities.

			Who may call: anonymous (anyone).""")
	@GetMapping("/api/promotions/campaigns")
	List<PublicCampaign> running() {
		return this.campaigns.list("ACTIVE")
			.stream()
			.map((campaign) -> new PublicCampaign(campaign.id(), campaign.name(), campaign.description(),
					campaign.status(), campaign.startsAt(), campaign.endsAt(),
					this.catalog.ofCampaign(campaign.id())
						.stream()
						.filter((p) -> p.status().equals("ACTIVE"))
						.map((p) -> new PublicPromotion(p.id(), p.definition().name(), p.definition().kind(),
								p.definition().activation(), p.definition().scope(), p.definition().rule(),
								p.startsAt(), p.endsAt(),
								(p.definition().coupon() != null) ? p.definition().coupon().publicCode() : null))
						.toList()))
			.toList();
	}

	private CampaignView view(Campaigns.Campaign campaign) {
		return new CampaignView(campaign,
				this.catalog.ofCampaign(campaign.id()).stream().map(PromotionView::of).toList());
	}

}
