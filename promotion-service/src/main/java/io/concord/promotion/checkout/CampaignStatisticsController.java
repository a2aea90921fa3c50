package io.concord.promotion.checkout;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.platform.web.openapi.ProblemResponse;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.Coupons;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * How a campaign is doing, per promotion: coupons issued and redeemed, redemption rate,
 * discount spent against budget, and the GMV of paid orders that used it.
 */
@RestController
@Tag(name = "statistics",
		description = "How each campaign's promotions are doing: coupons issued and redeemed, discount against budget, GMV.")
class CampaignStatisticsController {

	record PromotionStatistics(String promotionId, String name, String status, @Nullable Long couponsMinted,
			@Nullable Long couponsIssued, @Nullable Long couponsRedeemed, @Nullable Double redemptionRate, long orders,
			long discountSpentMinor, @Nullable Long budgetMinor, long budgetLockedMinor, long gmvMinor,
			String currency) {
	}

	record CampaignStatistics(String campaignId, String status, List<PromotionStatistics> promotions) {
	}

	private final Campaigns campaigns;

	private final PromotionCatalog catalog;

	private final Coupons coupons;

	private final OrderPromotions orders;

	CampaignStatisticsController(Campaigns campaigns, PromotionCatalog catalog, Coupons coupons,
			OrderPromotions orders) {
		this.campaigns = campaigns;
		this.catalog = catalog;
		this.coupons = coupons;
		this.orders = orders;
	}

	@Operation(operationId = "getCampaignStatistics", summary = "Read a campaign's statistics", description = """
			Per promotion of the campaign: coupons minted, issued and redeemed, redemption rate, orders, \
			discount spent and locked against the budget, and the GMV of paid orders that used it (minor \
			units of the promotion's currency).

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no campaign has this id")
	@GetMapping("/admin/promotions/campaigns/{id}/statistics")
	CampaignStatistics statistics(@PathVariable String id) {
		Campaigns.Campaign campaign = this.campaigns.find(id);
		List<CatalogPromotion> promotions = this.catalog.ofCampaign(id);
		List<String> ids = promotions.stream().map(CatalogPromotion::id).toList();
		Map<String, Coupons.TemplateCounts> counts = this.coupons.counts(ids)
			.stream()
			.collect(Collectors.toMap(Coupons.TemplateCounts::promotionId, Function.identity()));
		Map<String, OrderPromotions.Usage> usage = this.orders.usage(ids);
		return new CampaignStatistics(id, campaign.status(), promotions.stream().map((promotion) -> {
			Coupons.TemplateCounts count = counts.get(promotion.id());
			OrderPromotions.Usage used = usage.getOrDefault(promotion.id(),
					new OrderPromotions.Usage(promotion.id(), 0, 0, 0));
			Double rate = (count != null && count.issued() > 0) ? (double) count.redeemed() / count.issued() : null;
			return new PromotionStatistics(promotion.id(), promotion.definition().name(), promotion.status(),
					(count != null) ? count.minted() : null, (count != null) ? count.issued() : null,
					(count != null) ? count.redeemed() : null, rate, used.orders(), used.discountMinor(),
					promotion.definition().budgetMinor(), promotion.budgetLockedMinor(), used.gmvMinor(),
					promotion.definition().currency());
		}).toList());
	}

}
