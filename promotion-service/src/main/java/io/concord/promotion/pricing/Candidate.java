package io.concord.promotion.pricing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An offer the engine may apply: an automatic promotion, or a coupon in the member's
 * wallet (with its id and expiry), or one the caller already knows it cannot apply (with
 * the reason, so the quote can explain it). A promotion with a budget never gives more
 * than the budget has left: a discount that would pass it is not offered.
 */
public record Candidate(Offer offer, @Nullable String couponId, @Nullable Instant couponExpiresAt,
		@Nullable Long budgetRemainingMinor, @Nullable Reason unavailable, @Nullable String unavailableDetail) {

	public static Candidate automatic(Offer offer) {
		return new Candidate(offer, null, null, null, null, null);
	}

	public static Candidate coupon(Offer offer, String couponId, @Nullable Instant expiresAt) {
		return new Candidate(offer, couponId, expiresAt, null, null, null);
	}

	public Candidate unavailable(Reason reason, String detail) {
		return new Candidate(this.offer, this.couponId, this.couponExpiresAt, this.budgetRemainingMinor, reason,
				detail);
	}

	/** It may give at most what is left of its budget. */
	public Candidate withBudgetRemaining(@Nullable Long remainingMinor) {
		return new Candidate(this.offer, this.couponId, this.couponExpiresAt, remainingMinor, this.unavailable,
				this.unavailableDetail);
	}

	boolean isCoupon() {
		return this.couponId != null;
	}

	/** Stable identity of a candidate within one quote. */
	String key() {
		return (this.couponId != null) ? "coupon:" + this.couponId : "promotion:" + this.offer.id();
	}

}
