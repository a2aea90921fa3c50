package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a rule does (stored as JSON with the rule).
 *
 * @param window when the rule may act; always when null
 * @param lowCoverDays below this many days of stock cover the price rises by
 * {@code coverStepPercent}; null ignores stock cover
 * @param highCoverDays above this many days of cover the price falls by
 * {@code coverStepPercent}
 * @param coverStepPercent the move stock cover asks for
 * @param sellThroughStepPercent the move sell-through asks for: down when sales are more
 * than 10% behind the plan to date, up when more than 10% ahead; null ignores the plan
 * @param followCompetitor never price above the lowest in-stock competitor minus
 * {@code beatCompetitorByMinor}
 * @param beatCompetitorByMinor how far below the competitor to go
 * @param limits the guardrails
 */
record RuleDefinition(@Nullable Window window, @Nullable BigDecimal lowCoverDays, @Nullable BigDecimal highCoverDays,
		BigDecimal coverStepPercent, @Nullable BigDecimal sellThroughStepPercent, boolean followCompetitor,
		long beatCompetitorByMinor, Limits limits) {

	/**
	 * Days of the week (all when empty) and a daily time span {@code [from, to)} (all day
	 * when null; {@code to} before {@code from} spans midnight) in {@code zone}.
	 */
	record Window(List<DayOfWeek> days, @Nullable LocalTime from, @Nullable LocalTime to, String zone) {
	}

	/**
	 * The guardrails: floor = cost x (1 + minMarginPercent/100), rounded up; a ceiling;
	 * at most maxStepPercent of the current price per change; at most maxDailyMovePercent
	 * of the day's opening price (UTC day) in a day.
	 */
	record Limits(BigDecimal minMarginPercent, long ceilingMinor, BigDecimal maxStepPercent,
			BigDecimal maxDailyMovePercent) {
	}

}
