package io.concord.forecasting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The (s, S) policy by hand. */
class ReplenishmentTests {

	private static final double[] TEN_A_DAY = { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 };

	@Test
	void safetyStockReorderPointAndOrderUpToFollowTheForecastErrorAndLeadTime() {
		// z(95%) = 1.6449; sigma 4 a day; L = 4, R = 7.
		// Safety stock 1.6449 x 4 x 2 = 13.16 -> 14; reorder point 40 + 13.16 -> 54;
		// order-up-to 110 + 1.6449 x 4 x sqrt(11) = 110 + 21.82 -> 132.
		Replenishment.Policy policy = new Replenishment.Policy(4, 7, 0.95, 1);
		assertThat(Replenishment.z(0.95)).isCloseTo(1.6449, within(1e-4));
		Replenishment.Plan low = Replenishment.plan(TEN_A_DAY, 4, policy, 50);
		assertThat(low.safetyStock()).isEqualTo(14);
		assertThat(low.reorderPoint()).isEqualTo(54);
		assertThat(low.orderUpTo()).isEqualTo(132);
		assertThat(low.leadTimeDemand()).isEqualTo(40);
		assertThat(low.quantity()).isEqualTo(132 - 50);

		assertThat(Replenishment.plan(TEN_A_DAY, 4, policy, 54).quantity()).as("at the reorder point").isEqualTo(78);
		assertThat(Replenishment.plan(TEN_A_DAY, 4, policy, 55).orderNeeded()).as("above it").isFalse();
	}

	@Test
	void aHigherServiceLevelOrALongerLeadTimeHoldsMoreStock() {
		Replenishment.Plan base = Replenishment.plan(TEN_A_DAY, 4, new Replenishment.Policy(4, 7, 0.95, 1), 0);
		Replenishment.Plan stricter = Replenishment.plan(TEN_A_DAY, 4, new Replenishment.Policy(4, 7, 0.99, 1), 0);
		Replenishment.Plan slower = Replenishment.plan(TEN_A_DAY, 4, new Replenishment.Policy(9, 7, 0.95, 1), 0);
		// z(99%) = 2.3263: 2.3263 x 4 x 2 = 18.6 -> 19.
		assertThat(stricter.safetyStock()).isEqualTo(19);
		// L = 9: 1.6449 x 4 x 3 = 19.7 -> 20; reorder point 90 + 19.74 -> 110.
		assertThat(slower.safetyStock()).isEqualTo(20);
		assertThat(slower.reorderPoint()).isEqualTo(110);
		assertThat(base.safetyStock()).isLessThan(stricter.safetyStock());
		// A forecast without error needs no safety stock.
		assertThat(Replenishment.plan(TEN_A_DAY, 0, new Replenishment.Policy(4, 7, 0.95, 1), 0).orderUpTo())
			.isEqualTo(110);
	}

	@Test
	void shortForecastsExtendWithTheirLastDayAndMinimumOrdersApply() {
		Replenishment.Plan plan = Replenishment.plan(new double[] { 2, 3 }, 0, new Replenishment.Policy(3, 2, 0.95, 50),
				0);
		// Demand 2 + 3 + 3 over L = 3, 2 + 3 x 4 = 14 over L + R = 5; at least 50
		// ordered.
		assertThat(plan.reorderPoint()).isEqualTo(8);
		assertThat(plan.orderUpTo()).isEqualTo(14);
		assertThat(plan.quantity()).isEqualTo(50);
		assertThatIllegalArgumentException().isThrownBy(() -> new Replenishment.Policy(0, 7, 0.95, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Replenishment.Policy(4, 7, 1.0, 1));
	}

}
