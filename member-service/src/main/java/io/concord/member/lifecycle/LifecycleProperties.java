package io.concord.member.lifecycle;

import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param churnAfterDays days without activity (sign-in, order, check-in) before the
 * churn-risk signal
 * @param recencyDays upper bounds in days for R scores 5, 4, 3, 2 (older scores 1)
 * @param frequencyOrders lower bounds of 12-month orders for F scores 2, 3, 4, 5
 * @param monetaryMinor lower bounds of 12-month spend (minor units) for M scores 2, 3, 4,
 * 5
 * @param zone the brand's time zone (birthdays)
 */
@ConfigurationProperties("concord.member.lifecycle")
record LifecycleProperties(@DefaultValue("30") int churnAfterDays, @DefaultValue( {
		"7", "30", "90", "180" }) List<Integer> recencyDays,
		@DefaultValue({ "2", "3", "5", "8" }) List<Integer> frequencyOrders,
		@DefaultValue({ "20000", "100000", "300000", "800000" }) List<Long> monetaryMinor,
		@DefaultValue("Asia/Shanghai") ZoneId zone){

}
