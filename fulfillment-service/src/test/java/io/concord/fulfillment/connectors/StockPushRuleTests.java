package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.time.Instant;

import io.concord.fulfillment.connectors.StockPushRule.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StockPushRuleTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private static final Duration WITHIN = Duration.ofMinutes(30);

	private static final Instant RECENT = NOW.minusSeconds(5);

	private static final Instant STALE = NOW.minus(WITHIN).minusSeconds(1);

	@Test
	@DisplayName("A lower quantity is pushed at once, however old the news")
	void lowerIsAlwaysPushed() {
		assertThat(StockPushRule.decide(3, 10, false, RECENT, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 3));
		assertThat(StockPushRule.decide(3, 10, false, STALE, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 3));
		assertThat(StockPushRule.decide(0, 1, false, NOW.minus(Duration.ofDays(3)), NOW, WITHIN))
			.isEqualTo(decision(Action.PUSH, 0));
	}

	@Test
	@DisplayName("A raise is pushed only while inventory confirmed it within the window (the boundary included)")
	void raiseNeedsARecentConfirmation() {
		assertThat(StockPushRule.decide(12, 10, false, RECENT, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 12));
		assertThat(StockPushRule.decide(12, 10, false, NOW.minus(WITHIN), NOW, WITHIN))
			.isEqualTo(decision(Action.PUSH, 12));
		assertThat(StockPushRule.decide(12, 10, false, STALE, NOW, WITHIN)).isEqualTo(decision(Action.HOLD, 12));
	}

	@Test
	@DisplayName("A platform never told is told only a confirmed quantity (its own could be anything)")
	void neverPushedCountsAsARaise() {
		assertThat(StockPushRule.decide(0, null, false, RECENT, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 0));
		assertThat(StockPushRule.decide(5, null, false, STALE, NOW, WITHIN)).isEqualTo(decision(Action.HOLD, 5));
		assertThat(StockPushRule.decide(0, null, false, STALE, NOW, WITHIN)).as("0 can never oversell")
			.isEqualTo(decision(Action.PUSH, 0));
	}

	@Test
	@DisplayName("The quantity the platform has needs no push, confirmed or not")
	void sameQuantityIsNotPushed() {
		assertThat(StockPushRule.decide(7, 7, false, STALE, NOW, WITHIN).action()).isEqualTo(Action.NONE);
		assertThat(StockPushRule.decide(7, 7, false, RECENT, NOW, WITHIN).action()).isEqualTo(Action.NONE);
	}

	@Test
	@DisplayName("A re-sync pushes the same quantity again (the platform may have changed it); a raise still needs a confirmation")
	void resyncResendsTheSameQuantity() {
		assertThat(StockPushRule.decide(7, 7, true, RECENT, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 7));
		assertThat(StockPushRule.decide(9, 7, true, STALE, NOW, WITHIN)).isEqualTo(decision(Action.HOLD, 9));
		assertThat(StockPushRule.decide(5, 7, true, STALE, NOW, WITHIN)).isEqualTo(decision(Action.PUSH, 5));
	}

	private static StockPushRule.Decision decision(Action action, int quantity) {
		return new StockPushRule.Decision(action, quantity);
	}

}
