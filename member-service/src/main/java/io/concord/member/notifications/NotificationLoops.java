package io.concord.member.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.member.lifecycle.Lifecycle;
import io.concord.member.orders.MemberOrders;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whether the loops pay: the win-back loop (churn signals, the coupons they issued, who
 * was told, who redeemed, the GMV of those orders, and who bought again within 30 and 90
 * days) and the unpaid-order loop (reminders sent, orders paid after one).
 */
@RestController
@Tag(name = "notifications",
		description = "What Concord tells a member (coupons, points, orders) and on which channels they allow it.")
class NotificationLoops {

	record Rate(long count, long of, @Nullable Double rate) {

		static Rate of(long count, long of) {
			return new Rate(count, of, (of > 0) ? (double) count / of : null);
		}

	}

	/**
	 * @param signals churn-risk signals raised in the window
	 * @param couponsIssued win-back coupons issued in the window
	 * @param notified of those, told to the member
	 * @param notNotified of those, not told, by reason (NO_CONSENT, NO_CHANNEL,
	 * DAILY_CAP, FAILED, PENDING)
	 * @param redeemed of those, redeemed on an order
	 * @param redeemedAfterNotification redeemed by members who were told
	 * @param gmvMinor what the redeeming orders paid (less refunds), per currency, once
	 * delivered
	 * @param repurchaseWithin30Days signalled members with an order delivered within 30
	 * days after the signal, so far
	 * @param repurchaseWithin90Days the same within 90 days
	 */
	record WinBackLoop(long signals, long couponsIssued, long notified, Map<String, Long> notNotified, long redeemed,
			long redeemedAfterNotification, Map<String, Long> gmvMinor, Rate repurchaseWithin30Days,
			Rate repurchaseWithin90Days) {
	}

	/**
	 * @param reminders unpaid-order reminders due in the window
	 * @param sent of those, sent
	 * @param withdrawn of those, not needed: the order was paid or cancelled first
	 * @param paidAfterReminder sent reminders whose order was then paid
	 */
	record UnpaidOrderLoop(long reminders, long sent, long withdrawn, long paidAfterReminder, Rate conversion) {
	}

	record Loops(Instant from, Instant to, WinBackLoop winBack, UnpaidOrderLoop unpaidOrders) {
	}

	private final JdbcClient jdbc;

	private final Lifecycle lifecycle;

	private final MemberOrders orders;

	private final Clock clock;

	NotificationLoops(JdbcTemplate jdbc, Lifecycle lifecycle, MemberOrders orders, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.lifecycle = lifecycle;
		this.orders = orders;
		this.clock = clock;
	}

	@Operation(operationId = "getNotificationLoops", summary = "Measure the win-back and reminder loops",
			description = """
					For the window (the last 30 days by default): churn signals -> win-back coupons issued -> \
					members told -> coupons redeemed -> GMV of those orders, and the share of signalled members \
					who bought again within 30 and 90 days; unpaid-order reminders sent and orders paid after \
					one. Load-test traffic is left out.

					Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 400, type = "validation", when = "from is not before to")
	@GetMapping("/admin/members/notifications/loops")
	Loops loops(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to) {
		Instant until = (to != null) ? to : this.clock.instant();
		Instant since = (from != null) ? from : until.minus(Duration.ofDays(30));
		if (!since.isBefore(until)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"The request has 1 invalid field(s).")
				.with("errors", List.of(Map.of("field", "from", "message", "must be before to")));
		}
		return new Loops(since, until, winBack(since, until), unpaidOrders(since, until));
	}

	private WinBackLoop winBack(Instant since, Instant until) {
		Map<String, Long> byOutcome = outcomes(NotificationKind.WIN_BACK_COUPON, since, until);
		long issued = byOutcome.values().stream().mapToLong(Long::longValue).sum();
		long notified = byOutcome.getOrDefault(Notifications.Status.SENT.name(), 0L);
		Map<String, Long> notNotified = new LinkedHashMap<>(byOutcome);
		notNotified.remove(Notifications.Status.SENT.name());
		List<String> redeemedOrders = this.jdbc.sql("""
				select converted_order_id from notification where kind = 'WIN_BACK_COUPON' and created_at >= ?
				  and created_at < ? and converted_order_id is not null and test_run is null""")
			.params(Timestamp.from(since), Timestamp.from(until))
			.query(String.class)
			.list();
		long redeemedAfterNotification = this.jdbc.sql("""
				select count(*) from notification where kind = 'WIN_BACK_COUPON' and created_at >= ? and created_at < ?
				  and converted_at is not null and status = 'SENT' and test_run is null""")
			.params(Timestamp.from(since), Timestamp.from(until))
			.query(Long.class)
			.single();
		List<MemberOrders.Since> signals = this.lifecycle.churnSignals(since, until)
			.stream()
			.map((signal) -> new MemberOrders.Since(signal.memberId(), signal.signalledAt()))
			.toList();
		return new WinBackLoop(signals.size(), issued, notified, notNotified, redeemedOrders.size(),
				redeemedAfterNotification, this.orders.paidMinor(redeemedOrders),
				Rate.of(this.orders.repurchased(signals, Duration.ofDays(30)), signals.size()),
				Rate.of(this.orders.repurchased(signals, Duration.ofDays(90)), signals.size()));
	}

	private UnpaidOrderLoop unpaidOrders(Instant since, Instant until) {
		Map<String, Long> byOutcome = outcomes(NotificationKind.UNPAID_ORDER, since, until);
		long reminders = byOutcome.values().stream().mapToLong(Long::longValue).sum();
		long sent = byOutcome.getOrDefault(Notifications.Status.SENT.name(), 0L);
		long paid = this.jdbc.sql("""
				select count(*) from notification where kind = 'UNPAID_ORDER' and created_at >= ? and created_at < ?
				  and status = 'SENT' and converted_at is not null and test_run is null""")
			.params(Timestamp.from(since), Timestamp.from(until))
			.query(Long.class)
			.single();
		return new UnpaidOrderLoop(reminders, sent, byOutcome.getOrDefault(Notifications.Status.CANCELLED.name(), 0L),
				paid, Rate.of(paid, sent));
	}

	/**
	 * Notifications of a kind created in the window, by SENT, CANCELLED, PENDING or the
	 * reason.
	 */
	private Map<String, Long> outcomes(NotificationKind kind, Instant since, Instant until) {
		Map<String, Long> outcomes = new LinkedHashMap<>();
		this.jdbc.sql("""
				select case when status in ('SUPPRESSED', 'FAILED') then coalesce(reason, status) else status end,
				  count(*) from notification where kind = ? and created_at >= ? and created_at < ? and test_run is null
				group by 1 order by 1""")
			.params(kind.name(), Timestamp.from(since), Timestamp.from(until))
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((entry) -> outcomes.put(entry.getKey(), entry.getValue()));
		return outcomes;
	}

}
