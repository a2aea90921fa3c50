package io.concord.member.points;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.orders.MemberOrderDelivered;
import io.concord.member.orders.MemberOrderReturned;
import io.concord.member.orders.MemberOrders;
import io.concord.member.tiers.Tiers;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Earning points: on delivered orders (pending through the return window, then
 * spendable), taken back in proportion on returns, and the daily check-in. The amounts
 * come from {@link PointsProperties}.
 */
@Service
class PointsEarning {

	private final JdbcTemplate jdbc;

	private final PointsRules rules;

	private final PointsLedger ledger;

	private final Tiers tiers;

	private final MemberOrders orders;

	private final Identities identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PointsEarning(JdbcTemplate jdbc, PointsRules rules, PointsLedger ledger, Tiers tiers, MemberOrders orders,
			Identities identities, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.ledger = ledger;
		this.tiers = tiers;
		this.orders = orders;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Earns points for a delivered order, once per order whatever the event delivery does
	 * (the order id is a unique source).
	 */
	@EventListener
	@Order(1)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberOrderDelivered order) {
		earnForDeliveredOrder(order.memberId(), order.orderId(), new Money(order.paidMinor(), order.currency()),
				order.deliveredAt());
	}

	@EventListener
	@Order(1)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberOrderReturned returned) {
		reverseForReturnedOrder(returned.memberId(), returned.orderId(), returned.returnId(),
				new Money(returned.refundedMinor(), returned.currency()));
	}

	/** Earns once per order, at the member's tier multiplier. */
	void earnForDeliveredOrder(MemberId member, String orderId, Money paid, Instant deliveredAt) {
		PointsProperties rules = this.rules.current();
		long points = rules.earnedOn(paid, this.tiers.pointsMultiplier(member));
		if (points <= 0) {
			return;
		}
		Instant availableAt = rules.availableAfterReturnWindow(deliveredAt);
		boolean pending = availableAt.isAfter(this.clock.instant());
		this.ledger.ensureAccount(member);
		int inserted = this.jdbc.update("""
				insert into points_entry (member_id, kind, points, state, source, source_ref, available_at, remaining,
				                          expires_at, created_at)
				values (?, 'EARN', ?, ?, 'order', ?, ?, ?, ?, ?) on conflict (source, source_ref, kind) do nothing""",
				member.value(), points, EntryState.ofEarned(pending).name(), orderId, Timestamp.from(availableAt),
				pending ? null : points, pending ? null : Timestamp.from(rules.expiryOf(availableAt)),
				Timestamp.from(this.clock.instant()));
		if (inserted == 0) {
			return;
		}
		this.jdbc.update("""
				update points_account set pending = pending + ?, balance = balance + ?, version = version + 1
				where member_id = ?""", pending ? points : 0, pending ? 0 : points, member.value());
		this.events.publishEvent(new PointsEarned(
				EventMetadata.of(member, this.identities.nextEventVersion(member), this.clock.instant()),
				member.value(), orderId, points, pending, availableAt));
	}

	/**
	 * Takes back what a returned order earned, in proportion to the refund (at the
	 * earning rate).
	 */
	void reverseForReturnedOrder(MemberId member, String orderId, String returnId, Money refunded) {
		List<long[]> earned = this.jdbc.query("""
				select points, case when state = 'PENDING' then 1 else 0 end from points_entry
				where source = 'order' and source_ref = ? and kind = 'EARN' and member_id = ?""",
				(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, orderId, member.value());
		if (earned.isEmpty()) {
			return;
		}
		long alreadyReversed = this.jdbc.queryForObject(
				"select coalesce(-sum(points), 0) from points_entry where kind = 'REVERSE' and source = 'order'"
						+ " and split_part(source_ref, '#', 1) = ?",
				Long.class, orderId);
		long paidMinor = this.orders.paidMinor(orderId);
		long proportional = (paidMinor == 0) ? earned.get(0)[0]
				: BigDecimal.valueOf(earned.get(0)[0])
					.multiply(BigDecimal.valueOf(refunded.amountMinor()))
					.divide(BigDecimal.valueOf(paidMinor), 0, RoundingMode.DOWN)
					.longValueExact();
		long toReverse = Math.min(earned.get(0)[0] - alreadyReversed, proportional);
		if (toReverse <= 0) {
			return;
		}
		// Pending points simply shrink; spent ones come off the balance, never below
		// zero.
		String column = (earned.get(0)[1] == 1) ? "pending" : "balance";
		long held = this.jdbc.queryForObject("select " + column + " from points_account where member_id = ? for update",
				Long.class, member.value());
		long taken = Math.min(held, toReverse);
		this.jdbc.update("update points_account set " + column + " = " + column
				+ " - ?, version = version + 1 where member_id = ?", taken, member.value());
		if (column.equals("balance")) {
			this.ledger.consumeLots(member, taken);
		}
		else {
			this.jdbc.update("update points_entry set points = points - ? where source = 'order' and source_ref = ?"
					+ " and kind = 'EARN' and state = 'PENDING'", 0, orderId);
		}
		this.jdbc
			.update("""
					insert into points_entry (member_id, kind, points, state, source, source_ref, reason, created_at)
					values (?, 'REVERSE', ?, 'AVAILABLE', 'order', ?, ?, ?) on conflict (source, source_ref, kind) do nothing""",
					member.value(), -taken, orderId + "#" + returnId, (taken < toReverse)
							? "returned order; " + (toReverse - taken) + " points already spent" : "returned order",
					Timestamp.from(this.clock.instant()));
	}

	/**
	 * Pending points whose return window has passed become spendable: what the order
	 * earned less what its returns took back while pending becomes a lot.
	 */
	@Scheduled(fixedDelayString = "${concord.member.points.release-interval:PT1M}")
	@Transactional
	public void releaseMaturedPoints() {
		List<Object[]> matured = this.jdbc.query("""
				update points_entry e set state = 'AVAILABLE', expires_at = e.available_at + ?::interval,
				    remaining = greatest(0, e.points + coalesce((select sum(r.points) from points_entry r
				        where r.kind = 'REVERSE' and r.source = 'order'
				          and split_part(r.source_ref, '#', 1) = e.source_ref), 0))
				where e.kind = 'EARN' and e.state = 'PENDING' and e.available_at <= ?
				returning e.member_id, e.remaining""",
				(rs, i) -> new Object[] { rs.getObject(1, UUID.class), rs.getLong(2) },
				this.rules.current().validity().toSeconds() + " seconds", Timestamp.from(this.clock.instant()));
		for (Object[] release : matured) {
			this.jdbc.update(
					"""
							update points_account set pending = pending - least(pending, ?), balance = balance + least(pending, ?),
							       version = version + 1 where member_id = ?""",
					release[1], release[1], release[0]);
		}
	}

	/**
	 * The daily check-in: once per day, more points for every consecutive day (up to the
	 * cap).
	 */
	public record CheckIn(@Schema(example = "2026-12-05") LocalDate day,
			@Schema(description = "consecutive days checked in, today included", example = "3") int streak,
			@Schema(description = "points credited for today", example = "20") long points,
			@Schema(example = "12870") long balance) {
	}

	@Transactional
	CheckIn checkIn(MemberId member) {
		PointsProperties rules = this.rules.current();
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, rules.zone());
		this.ledger.ensureAccount(member);
		List<Integer> yesterday = this.jdbc.queryForList(
				"select streak from member_check_in where member_id = ? and day = ?", Integer.class, member.value(),
				today.minusDays(1));
		int streak = yesterday.isEmpty() ? 1 : yesterday.get(0) + 1;
		long points = rules.checkInReward(streak);
		int inserted = this.jdbc.update("""
				insert into member_check_in (member_id, day, streak, points) values (?, ?, ?, ?)
				on conflict (member_id, day) do nothing""", member.value(), today, streak, points);
		if (inserted == 0) {
			throw new ProblemException.Conflict(ProblemTypes.of("already-checked-in"), "Already checked in",
					"Today's check-in is done; come back tomorrow.");
		}
		this.jdbc.update(
				"""
						insert into points_entry (member_id, kind, points, state, source, source_ref, remaining, expires_at, created_at)
						values (?, 'CHECK_IN', ?, 'AVAILABLE', 'check-in', ?, ?, ?, ?)""",
				member.value(), points, member.value() + ":" + today, points, Timestamp.from(rules.expiryOf(now)),
				Timestamp.from(now));
		long balance = this.jdbc.queryForObject(
				"update points_account set balance = balance + ?, version = version + 1 where member_id = ? returning balance",
				Long.class, points, member.value());
		return new CheckIn(today, streak, points, balance);
	}

}
