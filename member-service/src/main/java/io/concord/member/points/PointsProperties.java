package io.concord.member.points;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Points rules, and the one place their arithmetic lives (earning rate, what points are
 * worth, the redemption cap, validity, the check-in streak). The configured values seed
 * the {@code points_rule} table on first start; after that ops change them through
 * {@code PUT /admin/members/config/points-rules} ({@link PointsRules} reads the ones in
 * force).
 *
 * @param earnPerCurrencyUnit points per whole unit of currency paid (1 per 1.00)
 * @param pointsPerCurrencyUnit points one whole unit of currency is worth when redeeming
 * (100 points = 1.00)
 * @param maxOrderSharePercent the largest share of an order that points may pay
 * @param returnWindow how long earned points stay pending after delivery
 * @param validity how long credited points stay spendable (they expire oldest first)
 * @param checkInPoints points for a daily check-in
 * @param checkInStreakBonus extra points per consecutive day before today
 * @param checkInStreakCap the streak length after which the bonus stops growing
 * @param zone the brand's time zone: where a day starts for check-ins
 * @param reviewPoints points for a published product review
 */
@ConfigurationProperties("concord.member.points")
record PointsProperties(@DefaultValue("1") long earnPerCurrencyUnit, @DefaultValue("100") long pointsPerCurrencyUnit,
		@DefaultValue("50") int maxOrderSharePercent, @DefaultValue("7d") Duration returnWindow,
		@DefaultValue("365d") Duration validity, @DefaultValue("5") long checkInPoints,
		@DefaultValue("5") long checkInStreakBonus, @DefaultValue("7") int checkInStreakCap,
		@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("20") long reviewPoints) {

	/**
	 * Points earned on a paid amount: whole units paid x earn rate x the member's tier
	 * multiplier, rounded down.
	 */
	long earnedOn(Money paid, BigDecimal tierMultiplier) {
		return BigDecimal.valueOf((paid.amountMinor() / paid.minorPerUnit()) * this.earnPerCurrencyUnit)
			.multiply(tierMultiplier)
			.setScale(0, RoundingMode.DOWN)
			.longValueExact();
	}

	/** When points earned on an order delivered then become spendable. */
	Instant availableAfterReturnWindow(Instant deliveredAt) {
		return deliveredAt.plus(this.returnWindow);
	}

	/** When points credited (or made spendable) then expire. */
	Instant expiryOf(Instant credited) {
		return credited.plus(this.validity);
	}

	/** What points are worth when paying, rounded down to the currency's minor unit. */
	Money valueOf(long points, String currency) {
		Money unit = new Money(0, currency);
		return new Money(points * unit.minorPerUnit() / this.pointsPerCurrencyUnit, currency);
	}

	/** The most a payable may be paid with points: the order share. */
	long orderShareCapMinor(long payableMinor) {
		return Math.multiplyExact(payableMinor, this.maxOrderSharePercent) / 100;
	}

	/** The most points whose value stays within {@code capMinor}. */
	long pointsWithin(long capMinor, String currency) {
		long minorPerUnit = new Money(0, currency).minorPerUnit();
		return Math.multiplyExact(capMinor, this.pointsPerCurrencyUnit) / minorPerUnit;
	}

	/**
	 * A check-in's points: more for every consecutive day (today included), up to the
	 * cap.
	 */
	long checkInReward(int streak) {
		return this.checkInPoints + this.checkInStreakBonus * (Math.min(streak, this.checkInStreakCap) - 1);
	}

}
