package io.concord.promotion.tiers;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * A shopper's tier and what it gives; a guest has neither.
 */
@NamedInterface("standing")
public record MemberStanding(@Nullable MemberTier tier, @Nullable TierBenefits benefits) {

	public static final MemberStanding GUEST = new MemberStanding(null, null);

	/**
	 * Whether an early-access window for {@code minTier} and above (or, with no minimum,
	 * for tiers with the early-access benefit) admits this shopper.
	 */
	public boolean admittedEarly(@Nullable MemberTier minTier) {
		if (this.tier == null) {
			return false;
		}
		return (minTier != null) ? this.tier.atLeast(minTier) : this.benefits != null && this.benefits.earlyAccess();
	}

}
