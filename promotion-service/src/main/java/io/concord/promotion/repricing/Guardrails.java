package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * The guardrails of dynamic pricing, in one place and applied last to whatever a rule (or
 * ops approving a suggestion) asks for: nothing moves while a kill switch is engaged or a
 * campaign guarantees the price; otherwise the price lands in the intersection of [floor,
 * ceiling], the step allowed from the current price and the move allowed from the day's
 * opening price. When that intersection is empty (the current price is far below a raised
 * floor, a floor above the ceiling) nothing moves: a change that kept one guardrail would
 * break another.
 */
final class Guardrails {

	enum Guardrail {

		KILL_SWITCH, PRICE_GUARANTEE, NO_COST, FLOOR, CEILING, MAX_STEP, MAX_DAILY_MOVE

	}

	/**
	 * The price to set (the current one when held), the guardrail that held or limited
	 * it, and why.
	 */
	record Verdict(long priceMinor, boolean held, @Nullable Guardrail by, String reason) {
	}

	/** The interval the guardrails allow now, each end with the guardrail that set it. */
	record Bounds(long low, Guardrail lowBy, long high, Guardrail highBy) {
	}

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private Guardrails() {
	}

	static Verdict apply(RuleDefinition.Limits limits, Inputs inputs, long targetMinor) {
		long current = inputs.currentPriceMinor();
		if (inputs.killSwitch() != null) {
			return held(current, Guardrail.KILL_SWITCH, "kill switch " + inputs.killSwitch() + " is engaged");
		}
		if (inputs.guaranteeCampaignId() != null) {
			return held(current, Guardrail.PRICE_GUARANTEE,
					"campaign " + inputs.guaranteeCampaignId() + " guarantees the price");
		}
		Bounds bounds = bounds(limits, inputs);
		if (bounds == null) {
			return held(current, Guardrail.NO_COST, "no cost entered for the SKU, so no floor");
		}
		if (bounds.low() > bounds.high()) {
			Guardrail by = (bounds.lowBy() == Guardrail.FLOOR || bounds.highBy() == Guardrail.CEILING)
					? ((bounds.lowBy() == Guardrail.FLOOR) ? Guardrail.FLOOR : Guardrail.CEILING) : bounds.lowBy();
			return held(current, by, "no price keeps every guardrail: allowed [" + bounds.low() + ", " + bounds.high()
					+ "] is empty (" + bounds.lowBy() + " vs " + bounds.highBy() + ")");
		}
		if (targetMinor < bounds.low()) {
			return new Verdict(bounds.low(), false, bounds.lowBy(),
					"target " + targetMinor + " limited by guardrail " + bounds.lowBy() + " to " + bounds.low());
		}
		if (targetMinor > bounds.high()) {
			return new Verdict(bounds.high(), false, bounds.highBy(),
					"target " + targetMinor + " limited by guardrail " + bounds.highBy() + " to " + bounds.high());
		}
		return new Verdict(targetMinor, false, null, "within every guardrail");
	}

	/** Null without a cost (no floor). */
	static @Nullable Bounds bounds(RuleDefinition.Limits limits, Inputs inputs) {
		if (inputs.costMinor() == null) {
			return null;
		}
		long floor = floor(inputs.costMinor(), limits.minMarginPercent());
		long current = inputs.currentPriceMinor();
		long step = share(current, limits.maxStepPercent());
		long dayOpen = inputs.dayOpenPriceMinor();
		long daily = share(dayOpen, limits.maxDailyMovePercent());
		long low = floor;
		Guardrail lowBy = Guardrail.FLOOR;
		if (current - step > low) {
			low = current - step;
			lowBy = Guardrail.MAX_STEP;
		}
		if (dayOpen - daily > low) {
			low = dayOpen - daily;
			lowBy = Guardrail.MAX_DAILY_MOVE;
		}
		long high = limits.ceilingMinor();
		Guardrail highBy = Guardrail.CEILING;
		if (Math.addExact(current, step) < high) {
			high = current + step;
			highBy = Guardrail.MAX_STEP;
		}
		if (Math.addExact(dayOpen, daily) < high) {
			high = dayOpen + daily;
			highBy = Guardrail.MAX_DAILY_MOVE;
		}
		return new Bounds(low, lowBy, high, highBy);
	}

	/** Cost plus the minimum margin, rounded up: the floor never undercuts the margin. */
	static long floor(long costMinor, BigDecimal minMarginPercent) {
		return BigDecimal.valueOf(costMinor)
			.multiply(HUNDRED.add(minMarginPercent))
			.divide(HUNDRED, 0, RoundingMode.CEILING)
			.longValueExact();
	}

	/**
	 * {@code percent} of {@code amount}, rounded down: a limit never grows by rounding.
	 */
	static long share(long amountMinor, BigDecimal percent) {
		return BigDecimal.valueOf(amountMinor).multiply(percent).divide(HUNDRED, 0, RoundingMode.DOWN).longValueExact();
	}

	private static Verdict held(long current, Guardrail by, String why) {
		return new Verdict(current, true, by, "held by guardrail " + by + ": " + why);
	}

}
