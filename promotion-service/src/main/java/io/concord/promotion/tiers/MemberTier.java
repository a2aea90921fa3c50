package io.concord.promotion.tiers;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/** member-service's tiers, lowest first. */
@NamedInterface("standing")
public enum MemberTier {

	BRONZE, SILVER, GOLD, PLATINUM, DIAMOND;

	/** The tier named, or null for none or a name this service does not know. */
	public static @Nullable MemberTier of(@Nullable String name) {
		if (name == null) {
			return null;
		}
		for (MemberTier tier : values()) {
			if (tier.name().equals(name)) {
				return tier;
			}
		}
		return null;
	}

	public boolean atLeast(MemberTier other) {
		return ordinal() >= other.ordinal();
	}

	/** "Gold", for explanations shoppers read. */
	public String title() {
		return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
	}

}
