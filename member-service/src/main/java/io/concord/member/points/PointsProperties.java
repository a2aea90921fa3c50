package io.concord.member.points;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Points rules. The configured values seed the {@code points_rule} table on first start;
 * after that ops change them through {@code PUT /admin/members/config/points-rules}.
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
public record PointsProperties(@DefaultValue("1") long earnPerCurrencyUnit,
		@DefaultValue("100") long pointsPerCurrencyUnit, @DefaultValue("50") int maxOrderSharePercent,
		@DefaultValue("7d") Duration returnWindow, @DefaultValue("365d") Duration validity,
		@DefaultValue("5") long checkInPoints, @DefaultValue("5") long checkInStreakBonus,
		@DefaultValue("7") int checkInStreakCap, @DefaultValue("Asia/Shanghai") java.time.ZoneId zone,
		@DefaultValue("20") long reviewPoints) {

}
