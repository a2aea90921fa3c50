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
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.Offer;
import io.concord.promotion.tiers.MemberTier;
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
class CampaignController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	/** A promotion's budget: at most 10,000 times the largest amount. */
	static final long MAX_BUDGET_MINOR = Cart.MAX_AMOUNT_MINOR * 10_000;

	/**
	 * A campaign; {@code earlyAccessHours} opens it that long before {@code startsAt} for
	 * members of {@code earlyAccessMinTier} and above (or, without it, of tiers with the
	 * early-access benefit).
	 */
	record CampaignRequest(@Nullable @Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 2000) String description, @NotNull Instant startsAt, @NotNull Instant endsAt,
			@Nullable Integer earlyAccessHours, @Nullable MemberTier earlyAccessMinTier) {

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

	record CodesRequest(@NotNull @Min(1) @Max(100_000) Integer count) {
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

	@PostMapping("/admin/promotions/campaigns")
	ResponseEntity<CampaignView> create(@Valid @RequestBody CampaignRequest request) {
		Campaigns.Campaign campaign = this.campaigns.create(request.id(), request.name(), request.description(),
				request.startsAt(), request.endsAt(), request.earlyAccess());
		return ResponseEntity.created(URI.create("/admin/promotions/campaigns/" + campaign.id())).body(view(campaign));
	}

	@GetMapping("/admin/promotions/campaigns")
	List<Campaigns.Campaign> list(@RequestParam(required = false) @Nullable String status) {
		return this.campaigns.list(status);
	}

	@GetMapping("/admin/promotions/campaigns/{id}")
	CampaignView find(@PathVariable String id) {
		return view(this.campaigns.find(id));
	}

	@PutMapping("/admin/promotions/campaigns/{id}")
	CampaignView update(@PathVariable String id, @Valid @RequestBody CampaignRequest request) {
		return view(this.campaigns.update(id, request.name(), request.description(), request.startsAt(),
				request.endsAt(), request.earlyAccess()));
	}

	@PostMapping("/admin/promotions/campaigns/{id}/activation")
	CampaignView activate(@PathVariable String id) {
		return view(this.campaigns.activate(id));
	}

	@PostMapping("/admin/promotions/campaigns/{id}/pause")
	CampaignView pause(@PathVariable String id) {
		return view(this.campaigns.pause(id));
	}

	@PostMapping("/admin/promotions/campaigns/{id}/end")
	CampaignView end(@PathVariable String id) {
		return view(this.campaigns.end(id));
	}

	@PostMapping("/admin/promotions/campaigns/{id}/promotions")
	ResponseEntity<PromotionView> define(@PathVariable String id, @Valid @RequestBody PromotionRequest request) {
		CatalogPromotion promotion = this.catalog.define(id, request.id(), request.toDefinition());
		return ResponseEntity.created(URI.create("/admin/promotions/promotions/" + promotion.id()))
			.body(PromotionView.of(promotion));
	}

	@GetMapping("/admin/promotions/promotions/{id}")
	PromotionView promotion(@PathVariable String id) {
		return PromotionView.of(this.catalog.find(id));
	}

	@PutMapping("/admin/promotions/promotions/{id}")
	PromotionView update(@PathVariable String id, @Valid @RequestBody PromotionRequest request) {
		return PromotionView.of(this.catalog.update(id, request.toDefinition()));
	}

	@PostMapping("/admin/promotions/promotions/{id}/pause")
	PromotionView pausePromotion(@PathVariable String id) {
		return PromotionView.of(this.catalog.pause(id));
	}

	@PostMapping("/admin/promotions/promotions/{id}/resume")
	PromotionView resume(@PathVariable String id) {
		return PromotionView.of(this.catalog.resume(id));
	}

	@PostMapping("/admin/promotions/promotions/{id}/codes")
	ResponseEntity<CodesView> codes(@PathVariable String id, @Valid @RequestBody CodesRequest request) {
		return ResponseEntity.status(201).body(new CodesView(id, this.catalog.generateCodes(id, request.count())));
	}

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
