package io.concord.member.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The rules for reaching members, in one place ({@code concord.member.notifications}):
 * which channels a purpose may use without the member's explicit consent, quiet hours and
 * the daily cap for marketing, the order in which channels are tried, and when the unpaid
 * order and points reminders go out.
 *
 * @param zone the members' time zone for quiet hours and the daily cap
 * @param quietHoursStart marketing waits from this time...
 * @param quietHoursEnd ...until this one (equal: no quiet hours)
 * @param marketingPerDay at most this many marketing notifications per member per day
 * @param marketingByDefault channels that may carry marketing until the member says no
 * (SMS and e-mail marketing need the member's opt-in)
 * @param unpaidReminderBefore the unpaid-order reminder goes this long before the payment
 * deadline
 * @param pointsReminderBefore points expiring within this are announced
 * @param locale the language of the messages
 */
@ConfigurationProperties("concord.member.notifications")
record NotificationPolicy(@Nullable ZoneId zone, @Nullable LocalTime quietHoursStart, @Nullable LocalTime quietHoursEnd,
		@Nullable Integer marketingPerDay, @Nullable Set<NotificationChannel> marketingByDefault,
		@Nullable Duration unpaidReminderBefore, @Nullable Duration pointsReminderBefore, @Nullable Locale locale) {

	NotificationPolicy {
		zone = (zone != null) ? zone : ZoneId.of("Asia/Shanghai");
		quietHoursStart = (quietHoursStart != null) ? quietHoursStart : LocalTime.of(22, 0);
		quietHoursEnd = (quietHoursEnd != null) ? quietHoursEnd : LocalTime.of(8, 0);
		marketingPerDay = (marketingPerDay != null) ? marketingPerDay : 2;
		marketingByDefault = (marketingByDefault != null) ? Set.copyOf(marketingByDefault)
				: Set.of(NotificationChannel.APP_PUSH, NotificationChannel.MINI_PROGRAM);
		unpaidReminderBefore = (unpaidReminderBefore != null) ? unpaidReminderBefore : Duration.ofMinutes(5);
		pointsReminderBefore = (pointsReminderBefore != null) ? pointsReminderBefore : Duration.ofDays(7);
		locale = (locale != null) ? locale : Locale.SIMPLIFIED_CHINESE;
	}

	/** Channels in the order they are tried: where the member is most likely to look. */
	List<NotificationChannel> channelsFor(NotificationKind.Purpose purpose) {
		return (purpose == NotificationKind.Purpose.MARKETING)
				? List.of(NotificationChannel.APP_PUSH, NotificationChannel.MINI_PROGRAM, NotificationChannel.EMAIL,
						NotificationChannel.SMS)
				: List.of(NotificationChannel.APP_PUSH, NotificationChannel.MINI_PROGRAM, NotificationChannel.SMS,
						NotificationChannel.EMAIL);
	}

	/** Whether the purpose may use the channel when the member has not said. */
	boolean allowedByDefault(NotificationChannel channel, NotificationKind.Purpose purpose) {
		return purpose != NotificationKind.Purpose.MARKETING || this.marketingByDefault.contains(channel);
	}

	/**
	 * When a notification of this purpose may go out, at {@code now} or later: marketing
	 * waits for the end of quiet hours; orders and accounts do not.
	 */
	Instant earliestSend(NotificationKind.Purpose purpose, Instant now) {
		if (purpose != NotificationKind.Purpose.MARKETING || this.quietHoursStart.equals(this.quietHoursEnd)) {
			return now;
		}
		ZonedDateTime local = now.atZone(this.zone);
		LocalTime time = local.toLocalTime();
		boolean overnight = this.quietHoursStart.isAfter(this.quietHoursEnd);
		boolean quiet = overnight ? (!time.isBefore(this.quietHoursStart) || time.isBefore(this.quietHoursEnd))
				: (!time.isBefore(this.quietHoursStart) && time.isBefore(this.quietHoursEnd));
		if (!quiet) {
			return now;
		}
		ZonedDateTime end = local.with(this.quietHoursEnd);
		if (!end.isAfter(local)) {
			end = end.plusDays(1);
		}
		return end.toInstant();
	}

	/** The start of the member's day containing {@code now}, for the daily cap. */
	Instant startOfDay(Instant now) {
		return now.atZone(this.zone).toLocalDate().atStartOfDay(this.zone).toInstant();
	}

	/** Whether another marketing notification fits today, after {@code sentToday}. */
	boolean underDailyCap(NotificationKind.Purpose purpose, long sentToday) {
		return purpose != NotificationKind.Purpose.MARKETING || sentToday < this.marketingPerDay;
	}

	/** When the unpaid-order reminder for a payment deadline goes out. */
	Instant unpaidReminderAt(Instant placedAt, Instant paymentDueAt) {
		Instant at = paymentDueAt.minus(this.unpaidReminderBefore);
		return at.isBefore(placedAt) ? placedAt : at;
	}

}
