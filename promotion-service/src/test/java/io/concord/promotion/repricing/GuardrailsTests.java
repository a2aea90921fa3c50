package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guardrails on hand-picked cases, each naming the guardrail that decides it. */
class GuardrailsTests {

	private static final RuleDefinition.Limits LIMITS = new RuleDefinition.Limits(new BigDecimal("20"), 20_000,
			new BigDecimal("5"), new BigDecimal("8"));

	@Test
	void aTargetBelowTheFloorStopsAtTheFloor() {
		// cost 9000 + 20% = floor 10800; current 11000, step 5% = 550
		Guardrails.Verdict verdict = Guardrails.apply(LIMITS, inputs(11_000, 11_000, 9_000, null, null), 5_000);
		assertThat(verdict.priceMinor()).isEqualTo(10_800);
		assertThat(verdict.by()).isEqualTo(Guardrails.Guardrail.FLOOR);
	}

	@Test
	void aLargeMoveIsCutToOneStepAndTheDayLimitAfterSeveralSteps() {
		assertThat(Guardrails.apply(LIMITS, inputs(10_000, 10_000, 1_000, null, null), 15_000))
			.extracting(Guardrails.Verdict::priceMinor, Guardrails.Verdict::by)
			.containsExactly(10_500L, Guardrails.Guardrail.MAX_STEP);
		// opened at 10000, now 10500: 8% of the day allows 10800 at most
		assertThat(Guardrails.apply(LIMITS, inputs(10_500, 10_000, 1_000, null, null), 15_000))
			.extracting(Guardrails.Verdict::priceMinor, Guardrails.Verdict::by)
			.containsExactly(10_800L, Guardrails.Guardrail.MAX_DAILY_MOVE);
	}

	@Test
	void killSwitchesGuaranteesAndAMissingCostHoldThePrice() {
		assertThat(Guardrails.apply(LIMITS, inputs(10_000, 10_000, 1_000, null, "GLOBAL"), 10_400).by())
			.isEqualTo(Guardrails.Guardrail.KILL_SWITCH);
		assertThat(Guardrails.apply(LIMITS, inputs(10_000, 10_000, 1_000, "D11", null), 10_400).by())
			.isEqualTo(Guardrails.Guardrail.PRICE_GUARANTEE);
		Guardrails.Verdict noCost = Guardrails.apply(LIMITS, inputs(10_000, 10_000, null, null, null), 10_400);
		assertThat(noCost.held()).isTrue();
		assertThat(noCost.priceMinor()).isEqualTo(10_000);
	}

	@Test
	void aPriceFarBelowARaisedFloorIsHeldRatherThanMovedPartWay() {
		// floor 24000 > ceiling 20000: no price keeps both
		Guardrails.Verdict verdict = Guardrails.apply(LIMITS, inputs(10_000, 10_000, 20_000, null, null), 30_000);
		assertThat(verdict.held()).isTrue();
		assertThat(verdict.by()).isEqualTo(Guardrails.Guardrail.FLOOR);
		assertThat(verdict.reason()).startsWith("held by guardrail FLOOR");
	}

	private static Inputs inputs(long current, long dayOpen, Integer cost, String guarantee, String killSwitch) {
		return new Inputs(Instant.parse("2026-12-05T10:00:00Z"), current, dayOpen,
				(cost != null) ? cost.longValue() : null, null, null, null, null, null, null, guarantee, killSwitch);
	}

}
