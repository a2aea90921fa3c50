package io.concord.member.points;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The points rules' arithmetic, in the one place it lives. */
class PointsPropertiesTests {

	private final PointsProperties rules = new PointsProperties(1, 100, 50, Duration.ofDays(7), Duration.ofDays(365), 5,
			5, 7, ZoneId.of("Asia/Shanghai"), 20);

	@Test
	void earnsWholeUnitsTimesRateTimesTierMultiplierRoundedDown() {
		assertThat(this.rules.earnedOn(new Money(12_999, "CNY"), BigDecimal.ONE)).isEqualTo(129);
		assertThat(this.rules.earnedOn(new Money(12_999, "CNY"), new BigDecimal("1.5"))).isEqualTo(193);
		assertThat(this.rules.earnedOn(new Money(500, "JPY"), BigDecimal.ONE)).isEqualTo(500);
	}

	@Test
	void pointsAreWorthTheirRateRoundedDownAndCappedByTheOrderShare() {
		assertThat(this.rules.valueOf(150, "CNY")).isEqualTo(new Money(150, "CNY"));
		assertThat(this.rules.valueOf(150, "JPY")).isEqualTo(new Money(1, "JPY"));
		assertThat(this.rules.orderShareCapMinor(10_001)).isEqualTo(5_000);
		assertThat(this.rules.pointsWithin(5_000, "CNY")).isEqualTo(5_000);
		assertThat(this.rules.pointsWithin(50, "JPY")).isEqualTo(5_000);
	}

	@Test
	void earnedPointsWaitForTheReturnWindowAndExpireAfterTheirValidity() {
		Instant delivered = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(this.rules.availableAfterReturnWindow(delivered)).isEqualTo(Instant.parse("2026-01-08T00:00:00Z"));
		assertThat(this.rules.expiryOf(delivered)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
	}

	@Test
	void checkInStreakAddsABonusPerDayUpToTheCap() {
		assertThat(this.rules.checkInReward(1)).isEqualTo(5);
		assertThat(this.rules.checkInReward(3)).isEqualTo(15);
		assertThat(this.rules.checkInReward(7)).isEqualTo(35);
		assertThat(this.rules.checkInReward(30)).isEqualTo(35);
	}

}
