package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: over a generated year of hourly inputs (stock, demand, plan, competitor
 * prices, cost changes, campaign guarantees, kill switches, time windows) and a generated
 * rule, every price the rule applies keeps the floor (cost + minimum margin), the
 * ceiling, the step per change and the move per UTC day, and nothing changes while a
 * guarantee or a kill switch is on. The limits are checked with exact arithmetic of their
 * own, not with the helpers under test. Seeded (a failure names its seed and hour), over
 * many seeds; jqwik would shrink, but a seeded generator needs nothing beyond JUnit.
 */
class GuardrailsPropertyTests {

	private static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");

	private static final int HOURS = 365 * 24;

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	// Across all seeds: each guardrail must have held or limited something, and prices
	// must have moved, or the generator is not exercising the rule.
	private static final Map<Guardrails.Guardrail, Integer> SEEN = new EnumMap<>(Guardrails.Guardrail.class);

	private static int changes;

	static LongStream seeds() {
		return LongStream.rangeClosed(1, 60);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void aRuleNeverCrossesItsGuardrailsOverAGeneratedYear(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long cost = between(random, 1_000, 50_000);
		BigDecimal margin = percent(random, 0, 4000);
		long floorish = cost + cost * margin.longValue() / 100;
		// Mostly a ceiling above the floor; now and then one below it (a misconfiguration
		// the guardrails must survive).
		long ceiling = (random.nextInt(10) == 0) ? Math.max(1, floorish - between(random, 1, 500))
				: floorish + between(random, 1, floorish * 2);
		RuleDefinition.Limits limits = new RuleDefinition.Limits(margin, ceiling, percent(random, 10, 2000),
				percent(random, 50, 3000));
		RuleDefinition.Window window = (random.nextBoolean()) ? null
				: new RuleDefinition.Window(
						List.of(DayOfWeek.of(1 + random.nextInt(7)), DayOfWeek.of(1 + random.nextInt(7))),
						LocalTime.of(random.nextInt(24), 0), LocalTime.of(random.nextInt(24), 0),
						random.nextBoolean() ? "UTC" : "Asia/Shanghai");
		RuleDefinition rule = new RuleDefinition(window, BigDecimal.valueOf(between(random, 1, 10)),
				BigDecimal.valueOf(between(random, 20, 90)), percent(random, 0, 3000),
				random.nextBoolean() ? percent(random, 0, 2000) : null, random.nextBoolean(), between(random, 0, 500),
				limits);

		long price = between(random, Math.max(1, cost / 2), ceiling * 2);
		long dayOpen = price;
		Instant day = YEAR_START;
		long stock = between(random, 0, 5_000);
		long plannedPerHour = between(random, 0, 20);
		long sold = 0;
		Long competitor = null;
		int guaranteeHoursLeft = 0;
		int killHoursLeft = 0;
		for (int hour = 0; hour < HOURS; hour++) {
			Instant at = YEAR_START.plus(Duration.ofHours(hour));
			if (!at.truncatedTo(ChronoUnit.DAYS).equals(day)) {
				day = at.truncatedTo(ChronoUnit.DAYS);
				dayOpen = price;
			}
			// The world moves: stock, demand, competitors, costs, campaigns, switches.
			long demand = between(random, 0, 30);
			stock = Math.max(0, stock - demand + ((random.nextInt(48) == 0) ? between(random, 0, 3_000) : 0));
			sold += demand;
			if (random.nextInt(6) == 0) {
				competitor = (random.nextInt(5) == 0) ? null : between(random, 1, ceiling * 2);
			}
			if (random.nextInt(24 * 30) == 0) {
				cost = Math.max(0, cost + between(random, -cost / 3, cost / 3));
			}
			guaranteeHoursLeft = (guaranteeHoursLeft > 0) ? guaranteeHoursLeft - 1
					: ((random.nextInt(24 * 20) == 0) ? (int) between(random, 1, 24 * 11) : 0);
			killHoursLeft = (killHoursLeft > 0) ? killHoursLeft - 1
					: ((random.nextInt(24 * 25) == 0) ? (int) between(random, 1, 72) : 0);
			boolean guaranteed = guaranteeHoursLeft > 0;
			boolean killed = killHoursLeft > 0;
			Long costInput = (random.nextInt(500) == 0) ? null : cost;
			Inputs inputs = new Inputs(at, price, dayOpen, costInput, stock, BigDecimal.valueOf(between(random, 0, 40)),
					plannedPerHour * (hour + 1), sold, competitor, (competitor != null) ? "rival" : null,
					guaranteed ? "D11" : null, killed ? (random.nextBoolean() ? "GLOBAL" : "OUTERWEAR") : null);

			Repricer.Decision decision = Repricer.decide(rule, inputs);

			String where = "seed " + seed + ", hour " + hour + ", " + inputs + ", " + decision;
			if (decision.heldBy() != null) {
				SEEN.merge(decision.heldBy(), 1, Integer::sum);
			}
			if (decision.outcome() != Repricer.Outcome.CHANGE) {
				assertThat(decision.finalPriceMinor()).as(where).isEqualTo(price);
				continue;
			}
			long next = decision.finalPriceMinor();
			assertThat(next).as(where).isNotEqualTo(price);
			assertThat(guaranteed).as("no change during a price guarantee: " + where).isFalse();
			assertThat(killed).as("no change with a kill switch on: " + where).isFalse();
			assertThat(costInput).as("no change without a floor: " + where).isNotNull();
			assertThat(BigDecimal.valueOf(next).multiply(HUNDRED)).as("floor: " + where)
				.isGreaterThanOrEqualTo(BigDecimal.valueOf(cost).multiply(HUNDRED.add(margin)));
			assertThat(next).as("ceiling: " + where).isLessThanOrEqualTo(ceiling);
			assertThat(BigDecimal.valueOf(Math.abs(next - price)).multiply(HUNDRED)).as("step per change: " + where)
				.isLessThanOrEqualTo(BigDecimal.valueOf(price).multiply(limits.maxStepPercent()));
			assertThat(BigDecimal.valueOf(Math.abs(next - dayOpen)).multiply(HUNDRED)).as("move per day: " + where)
				.isLessThanOrEqualTo(BigDecimal.valueOf(dayOpen).multiply(limits.maxDailyMovePercent()));
			assertThat(Repricer.inWindow(window, inputs)).as("only inside the window: " + where).isTrue();
			price = next;
			changes++;
		}
	}

	@AfterAll
	static void theGeneratorExercisedEveryGuardrail() {
		assertThat(changes).as("prices moved").isGreaterThan(1_000);
		assertThat(SEEN.keySet()).as("guardrails that held or limited a move")
			.containsExactlyInAnyOrder(Guardrails.Guardrail.values());
	}

	private static long between(SplittableRandom random, long low, long high) {
		return (high <= low) ? low : random.nextLong(low, high + 1);
	}

	/** A percentage with two decimals, between low/100 and high/100. */
	private static BigDecimal percent(SplittableRandom random, int lowHundredths, int highHundredths) {
		return BigDecimal.valueOf(between(random, lowHundredths, highHundredths), 2);
	}

}
