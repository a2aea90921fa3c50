package io.concord.console.campaigns;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A promotion of a campaign as the admin API answers it (its definition, state, effective
 * window and budget): only what the screens show.
 */
public record Promotion(String id, String status, Instant startsAt, Instant endsAt, Definition definition,
		@Nullable Long budgetRemainingMinor, long budgetLockedMinor, long budgetSpentMinor) {

	/** Every status the API names (each needs a label in both languages). */
	public static final List<String> STATES = List.of("ACTIVE", "PAUSED", "EXHAUSTED");

	/** Every kind of offer the API names. */
	public static final List<String> KINDS = List.of("AMOUNT_OFF", "PERCENT_OFF", "SPEND_THRESHOLD", "FREE_SHIPPING",
			"BUY_X_GET_Y");

	/** How a promotion applies: by itself, or through a coupon (a drop). */
	public static final List<String> ACTIVATIONS = List.of("AUTOMATIC", "COUPON");

	public record Definition(String name, String kind, String activation, String group, String currency, Rule rule,
			@Nullable Coupon coupon, @Nullable Long budgetMinor) {
	}

	public record Rule(@Nullable Long amountOffMinor, @Nullable BigDecimal percentOff, @Nullable Long capMinor,
			@Nullable Long minSpendMinor, @Nullable List<Tier> tiers, boolean repeating, @Nullable Integer buyQuantity,
			@Nullable Integer getQuantity) {
	}

	public record Tier(long spendMinor, long offMinor) {
	}

	public record Coupon(int totalQuantity, int perMemberLimit, @Nullable Integer validDays,
			@Nullable String publicCode, @Nullable String trigger) {
	}

	public boolean pausable() {
		return "ACTIVE".equals(this.status) || "EXHAUSTED".equals(this.status);
	}

	public boolean resumable() {
		return "PAUSED".equals(this.status);
	}

	public boolean drop() {
		return "COUPON".equals(this.definition.activation());
	}

}
