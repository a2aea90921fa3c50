package io.concord.member.tiers;

/** Member tiers, lowest first. */
public enum Tier {

	BRONZE, SILVER, GOLD, PLATINUM, DIAMOND

}
