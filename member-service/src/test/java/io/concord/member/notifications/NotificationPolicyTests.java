package io.concord.member.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPolicyTests {

	private final NotificationPolicy policy = new NotificationPolicy(ZoneId.of("Asia/Shanghai"), LocalTime.of(22, 0),
			LocalTime.of(8, 0), 2, null, Duration.ofMinutes(5), null, Locale.SIMPLIFIED_CHINESE);

	@Test
	void marketingWaitsForTheEndOfQuietHoursInTheMembersZone() {
		// 22:30 in Shanghai is 14:30 UTC: wait until 08:00 Shanghai the next day.
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-10T14:30:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T00:00:00Z"));
		// 07:59 waits a minute; 08:00 and noon go at once; 21:59 too.
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-10T23:59:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T00:00:00Z"));
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-11T00:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T00:00:00Z"));
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-11T04:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T04:00:00Z"));
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-11T13:59:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T13:59:00Z"));
	}

	@Test
	void ordersAndAccountsIgnoreQuietHours() {
		Instant lateNight = Instant.parse("2026-11-10T17:00:00Z");
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.ORDER_UPDATES, lateNight)).isEqualTo(lateNight);
		assertThat(this.policy.earliestSend(NotificationKind.Purpose.ACCOUNT, lateNight)).isEqualTo(lateNight);
	}

	@Test
	void aDaytimeQuietWindowAndNoneAtAll() {
		NotificationPolicy lunch = new NotificationPolicy(ZoneId.of("UTC"), LocalTime.of(12, 0), LocalTime.of(13, 0),
				null, null, null, null, null);
		assertThat(lunch.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-11T12:30:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T13:00:00Z"));
		assertThat(lunch.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-11T13:30:00Z")))
			.isEqualTo(Instant.parse("2026-11-11T13:30:00Z"));
		NotificationPolicy none = new NotificationPolicy(null, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, null, null, null,
				null, null);
		assertThat(none.earliestSend(NotificationKind.Purpose.MARKETING, Instant.parse("2026-11-10T15:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-10T15:00:00Z"));
	}

	@Test
	void theDailyCapCountsMarketingOnlyAndTheDayIsTheMembers() {
		assertThat(this.policy.underDailyCap(NotificationKind.Purpose.MARKETING, 1)).isTrue();
		assertThat(this.policy.underDailyCap(NotificationKind.Purpose.MARKETING, 2)).isFalse();
		assertThat(this.policy.underDailyCap(NotificationKind.Purpose.ORDER_UPDATES, 100)).isTrue();
		assertThat(this.policy.startOfDay(Instant.parse("2026-11-10T17:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-10T16:00:00Z"));
	}

	@Test
	void smsAndEmailMarketingNeedAnOptInOrderNewsDoesNot() {
		assertThat(this.policy.allowedByDefault(NotificationChannel.SMS, NotificationKind.Purpose.MARKETING)).isFalse();
		assertThat(this.policy.allowedByDefault(NotificationChannel.EMAIL, NotificationKind.Purpose.MARKETING))
			.isFalse();
		assertThat(this.policy.allowedByDefault(NotificationChannel.APP_PUSH, NotificationKind.Purpose.MARKETING))
			.isTrue();
		assertThat(this.policy.allowedByDefault(NotificationChannel.SMS, NotificationKind.Purpose.ORDER_UPDATES))
			.isTrue();
	}

	@Test
	void theUnpaidReminderGoesBeforeTheDeadlineButNotBeforeTheOrder() {
		Instant placed = Instant.parse("2026-11-11T00:00:00Z");
		assertThat(this.policy.unpaidReminderAt(placed, placed.plus(Duration.ofMinutes(15))))
			.isEqualTo(placed.plus(Duration.ofMinutes(10)));
		assertThat(this.policy.unpaidReminderAt(placed, placed.plus(Duration.ofMinutes(3)))).isEqualTo(placed);
	}

}
