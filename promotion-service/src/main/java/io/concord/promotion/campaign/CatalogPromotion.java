package io.concord.promotion.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.concord.promotion.pricing.Offer;
import io.concord.promotion.pricing.Reason;
import io.concord.promotion.tiers.MemberStanding;
import org.jspecify.annotations.Nullable;

/**
 * A defined promotion with its campaign's state and its effective window: what pricing
 * and issuance read.
 */
public record CatalogPromotion(String id, String campaignId, String campaignStatus, String status,
		PromotionDefinition definition, Instant startsAt, Instant endsAt, long budgetLockedMinor, long budgetSpentMinor,
		@Nullable String testRun, Campaigns.EarlyAccess earlyAccess) {

	/**
	 * Whether the current work may use it: real traffic only real promotions, a load-test
	 * run only its own (ADR-25).
	 */
	public boolean usableByCurrentRun() {
		return java.util.Objects.equals(this.testRun, io.concord.platform.web.TestRun.current());
	}

	public Offer offer() {
		PromotionDefinition d = this.definition;
		return new Offer(this.id, d.name(), d.kind(), d.group(), d.exclusive(), d.priority(), d.currency(), d.scope(),
				d.rule(), d.combinableWithPoints());
	}

	public boolean isCouponTemplate() {
		return this.definition.activation() == PromotionDefinition.Activation.COUPON;
	}

	/**
	 * Why {@code shopper} cannot use it at {@code now}, or null when they can: as
	 * {@link #unavailableAt(Instant)}, except that inside its campaign's early-access
	 * window it is open to the members the window admits.
	 */
	public @Nullable Reason unavailableAt(Instant now, MemberStanding shopper) {
		if (inEarlyWindow(now) && shopper.admittedEarly(this.earlyAccess.minTier())) {
			return "EXHAUSTED".equals(this.status) ? Reason.BUDGET_EXHAUSTED : null;
		}
		return unavailableAt(now);
	}

	/**
	 * Whether {@code now} is in its early-access window: before its public start, at most
	 * the campaign's early-access hours before, the campaign scheduled or running and the
	 * promotion not paused.
	 */
	public boolean inEarlyWindow(Instant now) {
		return this.earlyAccess.hours() > 0 && List.of("SCHEDULED", "ACTIVE").contains(this.campaignStatus)
				&& !"PAUSED".equals(this.status) && now.isBefore(this.startsAt)
				&& !now.isBefore(this.startsAt.minus(Duration.ofHours(this.earlyAccess.hours())))
				&& now.isBefore(this.endsAt);
	}

	/** Why it cannot be used at {@code now} by everyone, or null when it can. */
	public @Nullable Reason unavailableAt(Instant now) {
		if (!"ACTIVE".equals(this.campaignStatus) || "PAUSED".equals(this.status) || now.isBefore(this.startsAt)
				|| !now.isBefore(this.endsAt)) {
			return Reason.NOT_ACTIVE;
		}
		if ("EXHAUSTED".equals(this.status)) {
			return Reason.BUDGET_EXHAUSTED;
		}
		return null;
	}

	public String unavailableDetail(Instant now) {
		Reason reason = unavailableAt(now);
		if (reason == Reason.BUDGET_EXHAUSTED) {
			return "its budget of " + this.definition.budgetMinor() + " is spent";
		}
		if (this.earlyAccess.hours() > 0 && now.isBefore(this.startsAt)
				&& List.of("SCHEDULED", "ACTIVE").contains(this.campaignStatus) && !"PAUSED".equals(this.status)) {
			return "valid from " + this.startsAt + " until " + this.endsAt + "; early access from "
					+ this.startsAt.minus(Duration.ofHours(this.earlyAccess.hours())) + " for "
					+ ((this.earlyAccess.minTier() != null) ? this.earlyAccess.minTier().title() + " members and above"
							: "members whose tier gives early access");
		}
		if (!"ACTIVE".equals(this.campaignStatus)) {
			return "its campaign is " + this.campaignStatus.toLowerCase(java.util.Locale.ROOT);
		}
		if ("PAUSED".equals(this.status)) {
			return "it is paused";
		}
		return "valid from " + this.startsAt + " until " + this.endsAt;
	}

}
