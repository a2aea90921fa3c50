package io.concord.promotion.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.pricing.Offer;
import org.jspecify.annotations.Nullable;

/**
 * What makes a promotion definition sound, beyond the shape of the request: a threshold
 * exceeds its discount, percentages stay below 100, windows are ordered and inside the
 * campaign's, coupon settings fit the activation. A violation is a 422 naming each field.
 */
final class PromotionRules {

	static final int MAX_COUPONS_PER_TEMPLATE = 1_000_000;

	private final List<Map<String, Object>> errors = new ArrayList<>();

	private PromotionRules() {
	}

	static void check(PromotionDefinition d, Instant campaignStartsAt, Instant campaignEndsAt) {
		PromotionRules rules = new PromotionRules();
		rules.rule(d.kind(), d.rule());
		rules.currency(d.currency());
		// The member price is the tier's (ADR-27): one per order, from member-service's
		// rules.
		rules.require(d.group() != Offer.StackingGroup.MEMBER, "stackingGroup",
				"MEMBER holds the tier's member price only; use ITEM, ORDER, COUPON or SHIPPING");
		Instant starts = (d.startsAt() != null) ? d.startsAt() : campaignStartsAt;
		Instant ends = (d.endsAt() != null) ? d.endsAt() : campaignEndsAt;
		rules.require(ends.isAfter(starts), "endsAt", "must be after startsAt");
		rules.require(!starts.isBefore(campaignStartsAt) && !ends.isAfter(campaignEndsAt), "startsAt",
				"the promotion's window must lie inside its campaign's (" + campaignStartsAt + " to " + campaignEndsAt
						+ ")");
		if (d.budgetMinor() != null) {
			rules.require(d.budgetMinor() > 0, "budgetMinor", "must be positive");
		}
		PromotionDefinition.CouponSettings coupon = d.coupon();
		if (d.activation() == PromotionDefinition.Activation.AUTOMATIC) {
			rules.require(coupon == null, "coupon", "an automatic promotion has no coupon settings");
		}
		else if (coupon == null) {
			rules.require(false, "coupon", "a coupon promotion needs coupon settings (totalQuantity, perMemberLimit)");
		}
		else {
			rules.require(coupon.totalQuantity() >= 1 && coupon.totalQuantity() <= MAX_COUPONS_PER_TEMPLATE,
					"coupon.totalQuantity", "must be between 1 and " + MAX_COUPONS_PER_TEMPLATE);
			rules.require(coupon.perMemberLimit() >= 1 && coupon.perMemberLimit() <= coupon.totalQuantity(),
					"coupon.perMemberLimit", "must be between 1 and the total quantity");
			if (coupon.validDays() != null) {
				rules.require(coupon.validDays() >= 1 && coupon.validDays() <= 366, "coupon.validDays",
						"must be between 1 and 366");
			}
			if (coupon.publicCode() != null) {
				rules.require(coupon.publicCode().matches("[A-Z0-9][A-Z0-9-]{3,39}"), "coupon.publicCode",
						"4 to 40 capital letters, digits or dashes");
				rules.require(coupon.trigger() == null, "coupon.publicCode",
						"a triggered template is issued by its trigger, not by a public code");
			}
			if (coupon.triggerTier() != null) {
				rules.require(coupon.trigger() == PromotionDefinition.Trigger.TIER_UPGRADE, "coupon.triggerTier",
						"only a TIER_UPGRADE trigger names a tier");
			}
		}
		rules.require(d.scope().skus().size() + d.scope().categories().size() + d.scope().brands().size() <= 5000,
				"scope", "at most 5000 SKUs, categories and brands");
		rules.throwIfAny();
	}

	static void checkCampaignWindow(Instant startsAt, Instant endsAt) {
		checkCampaignWindow(startsAt, endsAt, Campaigns.EarlyAccess.NONE);
	}

	static void checkCampaignWindow(Instant startsAt, Instant endsAt, Campaigns.EarlyAccess early) {
		PromotionRules rules = new PromotionRules();
		rules.require(endsAt.isAfter(startsAt), "endsAt", "must be after startsAt");
		rules.require(early.hours() >= 0 && early.hours() <= Campaigns.EarlyAccess.MAX_HOURS, "earlyAccessHours",
				"must be between 0 and " + Campaigns.EarlyAccess.MAX_HOURS);
		rules.require(early.minTier() == null || early.hours() > 0, "earlyAccessMinTier",
				"names who enters early: set earlyAccessHours too");
		rules.throwIfAny();
	}

	private void rule(Offer.Kind kind, Offer.Rule rule) {
		if (rule.minSpendMinor() != null) {
			require(rule.minSpendMinor() >= 0, "rule.minSpendMinor", "must not be negative");
		}
		if (rule.capMinor() != null) {
			require(rule.capMinor() > 0, "rule.capMinor", "must be positive");
		}
		switch (kind) {
			case AMOUNT_OFF -> {
				Long amount = rule.amountOffMinor();
				require(amount != null && amount > 0, "rule.amountOffMinor", "must be positive");
				if (amount != null && rule.minSpendMinor() != null && rule.minSpendMinor() > 0) {
					require(rule.minSpendMinor() > amount, "rule.minSpendMinor",
							"the spend needed must exceed the amount off");
				}
			}
			case PERCENT_OFF -> {
				BigDecimal percent = rule.percentOff();
				require(percent != null && percent.signum() > 0 && percent.compareTo(BigDecimal.valueOf(100)) < 0
						&& percent.stripTrailingZeros().scale() <= 2, "rule.percentOff",
						"must be above 0 and below 100, with at most two decimals");
			}
			case SPEND_THRESHOLD -> {
				require(!rule.tiers().isEmpty(), "rule.tiers", "at least one tier");
				long previousSpend = 0;
				long previousOff = 0;
				for (int i = 0; i < rule.tiers().size(); i++) {
					Offer.ThresholdTier tier = rule.tiers().get(i);
					String field = "rule.tiers[" + i + "]";
					require(tier.offMinor() > 0, field + ".offMinor", "must be positive");
					require(tier.spendMinor() > tier.offMinor(), field + ".spendMinor",
							"the threshold must exceed its discount");
					require(tier.spendMinor() > previousSpend && tier.offMinor() > previousOff, field,
							"tiers ascend: each needs more spend and gives more than the one before");
					previousSpend = tier.spendMinor();
					previousOff = tier.offMinor();
				}
				require(!rule.repeating() || rule.tiers().size() == 1, "rule.repeating",
						"a repeating threshold has exactly one tier");
			}
			case FREE_SHIPPING -> {
				// minimum spend and cap are optional; their signs are checked above
			}
			case BUY_X_GET_Y -> {
				require(rule.buyQuantity() != null && rule.buyQuantity() >= 1 && rule.buyQuantity() <= 100,
						"rule.buyQuantity", "must be between 1 and 100");
				require(rule.getQuantity() != null && rule.getQuantity() >= 1 && rule.getQuantity() <= 100,
						"rule.getQuantity", "must be between 1 and 100");
			}
		}
	}

	private void currency(String code) {
		boolean known;
		try {
			known = Currency.getInstance(code).getCurrencyCode().equals(code);
		}
		catch (IllegalArgumentException ex) {
			known = false;
		}
		require(known, "currency", "must be an ISO 4217 code");
	}

	private void require(boolean holds, String field, String message) {
		if (!holds) {
			this.errors.add(Map.of("field", field, "message", message));
		}
	}

	private void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw invalid("The promotion is not valid: " + this.errors.size() + " problem(s)", this.errors);
		}
	}

	static ProblemException invalid(String detail, @Nullable List<Map<String, Object>> errors) {
		ProblemException problem = new ProblemException.Unprocessable(ProblemTypes.of("invalid-promotion"),
				"Invalid promotion", detail);
		return (errors != null) ? problem.with("errors", errors) : problem;
	}

}
