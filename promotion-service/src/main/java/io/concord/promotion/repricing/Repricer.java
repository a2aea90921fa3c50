package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One decision of a rule, as plain arithmetic on its inputs (live evaluation, replay and
 * the property test all run this): the rule's signals give a target, then
 * {@link Guardrails} decide what may happen.
 */
final class Repricer {

	enum Outcome {

		/** The price should move to {@code finalPriceMinor}. */
		CHANGE,
		/**
		 * Nothing to do (outside the window, no signal, or limited back to the price).
		 */
		UNCHANGED,
		/** A guardrail forbids any move now. */
		HELD

	}

	record Decision(Outcome outcome, @Nullable Long targetPriceMinor, long finalPriceMinor,
			Guardrails.@Nullable Guardrail heldBy, String reason) {
	}

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	// Sales within 10% of the plan to date are on plan.
	private static final BigDecimal BEHIND = new BigDecimal("0.9");

	private static final BigDecimal AHEAD = new BigDecimal("1.1");

	private Repricer() {
	}

	static Decision decide(RuleDefinition rule, Inputs inputs) {
		long current = inputs.currentPriceMinor();
		if (!inWindow(rule.window(), inputs)) {
			return new Decision(Outcome.UNCHANGED, null, current, null, "outside the rule's time window");
		}
		List<String> reasons = new ArrayList<>();
		BigDecimal movePercent = BigDecimal.ZERO;
		BigDecimal cover = cover(inputs);
		boolean unbounded = cover != null && cover.signum() < 0;
		if (cover != null && !unbounded && rule.lowCoverDays() != null && cover.compareTo(rule.lowCoverDays()) < 0) {
			movePercent = movePercent.add(rule.coverStepPercent());
			reasons.add("stock cover " + cover + " days below " + rule.lowCoverDays() + ": +" + rule.coverStepPercent()
					+ "%");
		}
		else if (cover != null && rule.highCoverDays() != null
				&& (unbounded || cover.compareTo(rule.highCoverDays()) > 0)) {
			movePercent = movePercent.subtract(rule.coverStepPercent());
			reasons.add("stock cover " + (unbounded ? "unbounded (no demand)" : cover + " days") + " above "
					+ rule.highCoverDays() + ": -" + rule.coverStepPercent() + "%");
		}
		if (rule.sellThroughStepPercent() != null && inputs.plannedUnitsToDate() != null
				&& inputs.soldUnitsInPlan() != null && inputs.plannedUnitsToDate() > 0) {
			BigDecimal ratio = BigDecimal.valueOf(inputs.soldUnitsInPlan())
				.divide(BigDecimal.valueOf(inputs.plannedUnitsToDate()), 2, RoundingMode.HALF_EVEN);
			if (ratio.compareTo(BEHIND) < 0) {
				movePercent = movePercent.subtract(rule.sellThroughStepPercent());
				reasons.add("sell-through " + ratio + " of plan: -" + rule.sellThroughStepPercent() + "%");
			}
			else if (ratio.compareTo(AHEAD) > 0) {
				movePercent = movePercent.add(rule.sellThroughStepPercent());
				reasons.add("sell-through " + ratio + " of plan: +" + rule.sellThroughStepPercent() + "%");
			}
		}
		long target = BigDecimal.valueOf(current)
			.multiply(HUNDRED.add(movePercent))
			.divide(HUNDRED, 0, RoundingMode.HALF_EVEN)
			.max(BigDecimal.ZERO)
			.longValueExact();
		if (rule.followCompetitor() && inputs.competitorPriceMinor() != null) {
			long beat = Math.max(0, inputs.competitorPriceMinor() - rule.beatCompetitorByMinor());
			if (beat < target) {
				target = beat;
				reasons.add("lowest in-stock competitor " + inputs.competitorSourceId() + " at "
						+ inputs.competitorPriceMinor() + ": " + beat);
			}
		}
		if (reasons.isEmpty()) {
			reasons.add("no signal");
		}
		String why = String.join("; ", reasons);
		Guardrails.Verdict verdict = Guardrails.apply(rule.limits(), inputs, target);
		if (verdict.held()) {
			return new Decision(Outcome.HELD, target, current, verdict.by(), why + "; " + verdict.reason());
		}
		String limited = (verdict.by() != null) ? "; " + verdict.reason() : "";
		if (verdict.priceMinor() == current) {
			return new Decision(Outcome.UNCHANGED, target, current, verdict.by(), why + limited);
		}
		return new Decision(Outcome.CHANGE, target, verdict.priceMinor(), verdict.by(), why + limited);
	}

	/**
	 * Days of stock: available / daily demand; -1 (unbounded) with stock and no demand;
	 * null when the stock is unknown.
	 */
	static @Nullable BigDecimal cover(Inputs inputs) {
		if (inputs.availableUnits() == null) {
			return null;
		}
		BigDecimal demand = inputs.dailyDemand();
		if (demand == null || demand.signum() == 0) {
			return (inputs.availableUnits() > 0) ? BigDecimal.valueOf(-1) : BigDecimal.ZERO;
		}
		return BigDecimal.valueOf(inputs.availableUnits()).divide(demand, 2, RoundingMode.HALF_EVEN);
	}

	static boolean inWindow(RuleDefinition.@Nullable Window window, Inputs inputs) {
		if (window == null) {
			return true;
		}
		ZonedDateTime local = inputs.at().atZone(ZoneId.of(window.zone()));
		if (!window.days().isEmpty() && !window.days().contains(local.getDayOfWeek())) {
			return false;
		}
		LocalTime from = window.from();
		LocalTime to = window.to();
		if (from == null || to == null) {
			return true;
		}
		LocalTime time = local.toLocalTime();
		return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
				: !time.isBefore(from) || time.isBefore(to);
	}

}
