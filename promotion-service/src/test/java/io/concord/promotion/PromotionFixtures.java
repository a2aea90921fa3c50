package io.concord.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition;
import io.concord.promotion.campaign.PromotionDefinition.Activation;
import io.concord.promotion.campaign.PromotionDefinition.CouponSettings;
import io.concord.promotion.pricing.Offer;
import org.jspecify.annotations.Nullable;

/** Running campaigns with promotions, for tests. */
public final class PromotionFixtures {

	private final Campaigns campaigns;

	private final PromotionCatalog catalog;

	public PromotionFixtures(Campaigns campaigns, PromotionCatalog catalog) {
		this.campaigns = campaigns;
		this.catalog = catalog;
	}

	/** A campaign that started a minute ago and runs for a day. */
	public String runningCampaign() {
		String id = "CMP-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		this.campaigns.create(id, "Test " + id, null, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)));
		this.campaigns.activate(id);
		return id;
	}

	public CatalogPromotion couponTemplate(String campaignId, Offer.Kind kind, Offer.StackingGroup group,
			Offer.Rule rule, int total, int perMemberLimit) {
		return define(campaignId, kind, Activation.COUPON, group, rule,
				new CouponSettings(total, perMemberLimit, 7, null, null, null), null);
	}

	public CatalogPromotion triggeredTemplate(String campaignId, PromotionDefinition.Trigger trigger,
			@Nullable String tier) {
		return define(campaignId, Offer.Kind.AMOUNT_OFF, Activation.COUPON, Offer.StackingGroup.COUPON,
				Offer.Rule.amountOff(1000, 0), new CouponSettings(100, 5, 30, null, trigger, tier), null);
	}

	public CatalogPromotion automatic(String campaignId, Offer.Kind kind, Offer.StackingGroup group, Offer.Rule rule,
			@Nullable Long budgetMinor, Offer.Scope scope) {
		return this.catalog.define(campaignId, null, new PromotionDefinition("Auto " + kind, kind, Activation.AUTOMATIC,
				group, false, 0, "CNY", true, scope, rule, null, null, null, budgetMinor, true));
	}

	public CatalogPromotion define(String campaignId, Offer.Kind kind, Activation activation, Offer.StackingGroup group,
			Offer.Rule rule, @Nullable CouponSettings coupon, @Nullable Long budgetMinor) {
		return this.catalog.define(campaignId, null, new PromotionDefinition("Test " + kind, kind, activation, group,
				false, 0, "CNY", true, Offer.Scope.everything(), rule, null, null, coupon, budgetMinor, true));
	}

	/**
	 * A scope of SKUs no other test prices, so automatic promotions of one test stay out
	 * of another's carts.
	 */
	public static Offer.Scope skus(String... skus) {
		return new Offer.Scope(java.util.Set.of(skus), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(),
				java.util.Set.of(), java.util.Set.of(), false);
	}

}
