package io.concord.fulfillment.ordering;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The placement saga's steps: which may follow which, and the guards the stored step
 * updates use.
 */
class PlacementStepTests {

	@Test
	void theSagaReservesStockThenRedeemsPointsThenFinishesOrCompensatesFromAnyUnfinishedStep() {
		assertThat(PlacementStep.NEW.leadsTo(PlacementStep.STOCK_RESERVED)).isTrue();
		assertThat(PlacementStep.NEW.leadsTo(PlacementStep.COMPENSATED)).isTrue();
		assertThat(PlacementStep.STOCK_RESERVED.leadsTo(PlacementStep.POINTS_REDEEMED)).isTrue();
		assertThat(PlacementStep.STOCK_RESERVED.leadsTo(PlacementStep.DONE)).isTrue();
		assertThat(PlacementStep.STOCK_RESERVED.leadsTo(PlacementStep.COMPENSATED)).isTrue();
		assertThat(PlacementStep.POINTS_REDEEMED.leadsTo(PlacementStep.DONE)).isTrue();
		assertThat(PlacementStep.POINTS_REDEEMED.leadsTo(PlacementStep.COMPENSATED)).isTrue();
	}

	@Test
	void noStepIsSkippedOrTakenBackwards() {
		assertThat(PlacementStep.NEW.leadsTo(PlacementStep.DONE)).as("no order is placed without stock").isFalse();
		assertThat(PlacementStep.NEW.leadsTo(PlacementStep.POINTS_REDEEMED)).isFalse();
		assertThat(PlacementStep.POINTS_REDEEMED.leadsTo(PlacementStep.STOCK_RESERVED)).isFalse();
		assertThat(PlacementStep.STOCK_RESERVED.leadsTo(PlacementStep.NEW)).isFalse();
		for (PlacementStep step : PlacementStep.values()) {
			assertThat(step.leadsTo(step)).as(step + " again").isFalse();
			assertThat(step.leadsTo(PlacementStep.NEW)).as(step + " back to NEW").isFalse();
		}
	}

	@Test
	void aPlacementDoneOrCompensatedIsFinished() {
		assertThat(Arrays.stream(PlacementStep.values()).filter(PlacementStep::finished))
			.containsExactly(PlacementStep.DONE, PlacementStep.COMPENSATED);
		for (PlacementStep next : PlacementStep.values()) {
			assertThat(PlacementStep.DONE.leadsTo(next)).isFalse();
			assertThat(PlacementStep.COMPENSATED.leadsTo(next)).isFalse();
		}
	}

	@Test
	void eachStoredStepIsGuardedByTheStepsThatLeadToIt() {
		assertThat(PlacementStep.storedBefore(PlacementStep.STOCK_RESERVED)).isEqualTo("saga_step in ('NEW')");
		assertThat(PlacementStep.storedBefore(PlacementStep.POINTS_REDEEMED))
			.isEqualTo("saga_step in ('STOCK_RESERVED')");
		assertThat(PlacementStep.storedBefore(PlacementStep.DONE))
			.isEqualTo("saga_step in ('STOCK_RESERVED', 'POINTS_REDEEMED')");
		assertThat(PlacementStep.storedBefore(PlacementStep.COMPENSATED))
			.isEqualTo("saga_step in ('NEW', 'STOCK_RESERVED', 'POINTS_REDEEMED')");
	}

	@Test
	void theStepsAreTheOnesTheSchemaAllows() throws IOException {
		String migration = Files.readString(Path.of("src/main/resources/db/fulfillment/V8__points_as_payment.sql"));
		Matcher allowed = Pattern.compile("check \\(saga_step in \\(([^)]*)\\)\\)").matcher(migration);
		assertThat(allowed.find()).isTrue();
		assertThat(Arrays.stream(allowed.group(1).split(",")).map((s) -> s.trim().replace("'", "")))
			.containsExactlyInAnyOrder(Arrays.stream(PlacementStep.values()).map(Enum::name).toArray(String[]::new));
	}

}
