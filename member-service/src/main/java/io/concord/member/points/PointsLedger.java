package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.member.audit.AuditLog;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.MemberMerged;
import io.concord.member.orders.MemberOrderDelivered;
import io.concord.member.orders.MemberOrderReturned;
import io.concord.member.orders.MemberOrders;
import io.concord.member.tiers.Tiers;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to a member's points is a ledger row plus, in the same transaction, a
 * change to the account's balance. Debits are a single conditional update
 * ({@code balance >= n}), so concurrent redemptions can never take the balance below
 * zero.
 */
@Service
@EnableConfigurationProperties(PointsProperties.class)
public class PointsLedger {

	public record Balance(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") UUID memberId,
			@Schema(description = "points available to spend", example = "12850") long balance,
			@Schema(description = "points earned on delivered orders, available once the return window has passed",
					example = "2990") long pending,
			List<Entry> entries) {
	}

	public record Entry(long id, String kind, long points, String state, String source, String sourceRef,
			@Nullable Instant availableAt, @Nullable String reason, Instant createdAt) {
	}

	private final JdbcTemplate jdbc;

	private final PointsRules rules;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Tiers tiers;

	private final Clock clock;

	private final Identities identities;

	private final MemberOrders orders;

	PointsLedger(JdbcTemplate jdbc, PointsRules rules, ApplicationEventPublisher events, AuditLog audit, Tiers tiers,
			Clock clock, Identities identities, MemberOrders orders) {
		this.identities = identities;
		this.orders = orders;
		this.jdbc = jdbc;
		this.rules = rules;
		this.events = events;
		this.audit = audit;
		this.tiers = tiers;
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

	/**
	 * Earns (paid units x earn rate x the member's tier multiplier, rounded down) once
	 * per order.
	 */
	void earnForDeliveredOrder(MemberId member, String orderId, Money paid, Instant deliveredAt) {
		PointsProperties rules = rules();
		long points = java.math.BigDecimal
			.valueOf((paid.amountMinor() / paid.minorPerUnit()) * rules.earnPerCurrencyUnit())
			.multiply(this.tiers.pointsMultiplier(member))
			.setScale(0, java.math.RoundingMode.DOWN)
			.longValueExact();
		if (points <= 0) {
			return;
		}
		Instant availableAt = deliveredAt.plus(rules.returnWindow());
		boolean pending = availableAt.isAfter(this.clock.instant());
		ensureAccount(member);
		int inserted = this.jdbc.update("""
				insert into points_entry (member_id, kind, points, state, source, source_ref, available_at, remaining,
				                          expires_at, created_at)
				values (?, 'EARN', ?, ?, 'order', ?, ?, ?, ?, ?) on conflict (source, source_ref, kind) do nothing""",
				member.value(), points, pending ? "PENDING" : "AVAILABLE", orderId, Timestamp.from(availableAt),
				pending ? null : points, pending ? null : Timestamp.from(availableAt.plus(rules.validity())),
				Timestamp.from(this.clock.instant()));
		if (inserted == 0) {
			return;
		}
		long version = this.jdbc.queryForObject("""
				update points_account set pending = pending + ?, balance = balance + ?, version = version + 1
				where member_id = ? returning version""", Long.class, pending ? points : 0, pending ? 0 : points,
				member.value());
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
				: java.math.BigDecimal.valueOf(earned.get(0)[0])
					.multiply(java.math.BigDecimal.valueOf(refunded.amountMinor()))
					.divide(java.math.BigDecimal.valueOf(paidMinor), 0, java.math.RoundingMode.DOWN)
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
			consumeLots(member, taken);
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

	/** An ops correction, with its reason in the ledger and the audit log. */
	@Transactional
	Balance adjust(MemberId member, long points, String reason, String actor) {
		ensureAccount(member);
		int changed = this.jdbc.update("""
				update points_account set balance = balance + ?, version = version + 1
				where member_id = ? and balance + ? >= 0""", points, member.value(), points);
		if (changed == 0) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-points"), "Insufficient points",
					"The adjustment would make the balance negative.");
		}
		Instant now = this.clock.instant();
		if (points < 0) {
			consumeLots(member, -points);
		}
		this.jdbc.update("""
				insert into points_entry (member_id, kind, points, state, source, source_ref, reason, actor, remaining,
				                          expires_at, created_at)
				values (?, 'ADJUST', ?, 'AVAILABLE', 'admin', ?, ?, ?, ?, ?, ?)""", member.value(), points,
				UUID.randomUUID().toString(), reason, actor, (points > 0) ? points : null,
				(points > 0) ? Timestamp.from(now.plus(rules().validity())) : null, Timestamp.from(now));
		this.audit.record(actor, "POINTS_ADJUSTED", member.value(), reason, Map.of("points", points));
		return balance(member);
	}

	@Transactional(readOnly = true)
	public Balance balance(MemberId member) {
		List<long[]> account = this.jdbc.query("select balance, pending from points_account where member_id = ?",
				(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, member.value());
		List<Entry> entries = this.jdbc.query("""
				select id, kind, points, state, source, source_ref, available_at, reason, created_at
				from points_entry where member_id = ? order by created_at desc, id desc limit 50""",
				(rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
						rs.getString(6), (rs.getTimestamp(7) != null) ? rs.getTimestamp(7).toInstant() : null,
						rs.getString(8), rs.getTimestamp(9).toInstant()),
				member.value());
		long[] amounts = account.isEmpty() ? new long[2] : account.get(0);
		return new Balance(member.value(), amounts[0], amounts[1], entries);
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
				rules().validity().toSeconds() + " seconds", Timestamp.from(this.clock.instant()));
		for (Object[] release : matured) {
			this.jdbc.update(
					"""
							update points_account set pending = pending - least(pending, ?), balance = balance + least(pending, ?),
							       version = version + 1 where member_id = ?""",
					release[1], release[1], release[0]);
		}
	}

	/**
	 * Unspent lots past their validity expire, oldest first, with one PointsExpired per
	 * member. Locks the account before its lots, in the same order as a redemption, so
	 * the two cannot deadlock.
	 */
	@Scheduled(fixedDelayString = "${concord.member.points.expiry-interval:PT1H}")
	@Transactional
	public void expirePoints() {
		Instant now = this.clock.instant();
		List<UUID> members = this.jdbc.queryForList(
				"select distinct member_id from points_entry where remaining > 0 and expires_at <= ?", UUID.class,
				Timestamp.from(now));
		for (UUID member : members) {
			this.jdbc.queryForObject("select balance from points_account where member_id = ? for update", Long.class,
					member);
			List<long[]> lots = this.jdbc.query("""
					select id, remaining from points_entry where member_id = ? and remaining > 0 and expires_at <= ?
					order by expires_at, id for update""", (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) },
					member, Timestamp.from(now));
			long points = lots.stream().mapToLong((lot) -> lot[1]).sum();
			lots.forEach((lot) -> this.jdbc.update("update points_entry set remaining = 0 where id = ?", lot[0]));
			if (points == 0) {
				continue;
			}
			long[] after = this.jdbc.queryForObject("""
					update points_account set balance = balance - ?, version = version + 1 where member_id = ?
					returning balance, version""", (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, points,
					member);
			this.jdbc.update("""
					insert into points_entry (member_id, kind, points, state, source, source_ref, created_at)
					values (?, 'EXPIRE', ?, 'AVAILABLE', 'expiry', ?, ?)""", member, -points,
					UUID.randomUUID().toString(), Timestamp.from(now));
			this.events.publishEvent(new PointsExpired(
					EventMetadata.of(member, this.identities.nextEventVersion(new MemberId(member)), now), member,
					points, after[0], now));
		}
	}

	/**
	 * Credits points once per (source, reference), e.g. a birthday gift per year; returns
	 * false when that reference was credited already.
	 */
	@Transactional
	public boolean grant(MemberId member, long points, String source, String reference, String reason) {
		if (points <= 0) {
			return false;
		}
		Instant now = this.clock.instant();
		ensureAccount(member);
		int inserted = this.jdbc
			.update("""
					insert into points_entry (member_id, kind, points, state, source, source_ref, reason, remaining,
					                          expires_at, created_at)
					values (?, 'GRANT', ?, 'AVAILABLE', ?, ?, ?, ?, ?, ?) on conflict (source, source_ref, kind) do nothing""",
					member.value(), points, source, reference, reason, points,
					Timestamp.from(now.plus(rules().validity())), Timestamp.from(now));
		if (inserted == 0) {
			return false;
		}
		this.jdbc.update("update points_account set balance = balance + ?, version = version + 1 where member_id = ?",
				points, member.value());
		return true;
	}

	/**
	 * The daily check-in: once per day, more points for every consecutive day (up to the
	 * cap).
	 */
	public record CheckIn(@Schema(example = "2026-12-05") java.time.LocalDate day,
			@Schema(description = "consecutive days checked in, today included", example = "3") int streak,
			@Schema(description = "points credited for today", example = "20") long points,
			@Schema(example = "12870") long balance) {
	}

	@Transactional
	CheckIn checkIn(MemberId member) {
		PointsProperties rules = rules();
		Instant now = this.clock.instant();
		java.time.LocalDate today = java.time.LocalDate.ofInstant(now, rules.zone());
		ensureAccount(member);
		List<Integer> yesterday = this.jdbc.queryForList(
				"select streak from member_check_in where member_id = ? and day = ?", Integer.class, member.value(),
				today.minusDays(1));
		int streak = yesterday.isEmpty() ? 1 : yesterday.get(0) + 1;
		long points = rules.checkInPoints()
				+ rules.checkInStreakBonus() * (Math.min(streak, rules.checkInStreakCap()) - 1);
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
				member.value(), points, member.value() + ":" + today, points,
				Timestamp.from(now.plus(rules.validity())), Timestamp.from(now));
		long balance = this.jdbc.queryForObject(
				"update points_account set balance = balance + ?, version = version + 1 where member_id = ? returning balance",
				Long.class, points, member.value());
		return new CheckIn(today, streak, points, balance);
	}

	/** A member's available points that expire soon, and the first of their dates. */
	public record ExpiringPoints(UUID memberId, long points, Instant firstExpiry) {
	}

	/**
	 * Members with available points expiring between {@code from} and {@code until}, as
	 * many as {@code limit}: what the points reminder tells them.
	 */
	public List<ExpiringPoints> expiringBetween(Instant from, Instant until, int limit) {
		return this.jdbc.query("""
				select member_id, sum(remaining) as points, min(expires_at) as first_expiry from points_entry
				where state = 'AVAILABLE' and remaining > 0 and expires_at > ? and expires_at <= ?
				group by member_id order by min(expires_at) limit ?""",
				(rs, n) -> new ExpiringPoints(rs.getObject("member_id", UUID.class), rs.getLong("points"),
						rs.getTimestamp("first_expiry").toInstant()),
				Timestamp.from(from), Timestamp.from(until), limit);
	}

	/** Points taken from one lot, and when that lot expires. */
	record Taken(long lotId, long points, Instant expiresAt) {
	}

	/**
	 * Takes {@code points} from the member's lots, the soonest to expire first; the
	 * caller holds the account's row.
	 */
	List<Taken> consumeLots(MemberId member, long points) {
		long left = points;
		List<Taken> lots = this.jdbc.query("""
				select id, remaining, expires_at from points_entry where member_id = ? and remaining > 0
				order by expires_at, id for update""",
				(rs, i) -> new Taken(rs.getLong(1), rs.getLong(2), (rs.getTimestamp(3) != null)
						? rs.getTimestamp(3).toInstant() : this.clock.instant().plus(rules().validity())),
				member.value());
		List<Taken> taken = new java.util.ArrayList<>();
		for (Taken lot : lots) {
			if (left == 0) {
				break;
			}
			long take = Math.min(left, lot.points());
			this.jdbc.update("update points_entry set remaining = remaining - ? where id = ?", take, lot.lotId());
			taken.add(new Taken(lot.lotId(), take, lot.expiresAt()));
			left -= take;
		}
		if (left > 0) {
			throw new IllegalStateException("Points lots of member " + member + " do not cover the balance");
		}
		return taken;
	}

	/**
	 * A merge moves the merged member's points and ledger to the survivor, in the merge's
	 * transaction.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberMerged merged) {
		UUID survivor = merged.survivorMemberId();
		UUID gone = merged.mergedMemberId();
		ensureAccount(new MemberId(survivor));
		this.jdbc.update("""
				update points_account s set balance = s.balance + m.balance, pending = s.pending + m.pending,
				       version = s.version + 1
				from points_account m where s.member_id = ? and m.member_id = ?""", survivor, gone);
		this.jdbc.update(
				"update points_account set balance = 0, pending = 0, version = version + 1 where member_id = ?", gone);
		this.jdbc.update("update points_entry set member_id = ? where member_id = ?", survivor, gone);
		this.jdbc.update("update points_order_redemption set member_id = ? where member_id = ?", survivor, gone);
	}

	private PointsProperties rules() {
		return this.rules.current();
	}

	Money valueOf(long points, String currency) {
		Money unit = new Money(0, currency);
		return new Money(points * unit.minorPerUnit() / rules().pointsPerCurrencyUnit(), currency);
	}

	private void ensureAccount(MemberId member) {
		this.jdbc.update("""
				insert into points_account (member_id, balance, pending, version) values (?, 0, 0, 0)
				on conflict (member_id) do nothing""", member.value());
	}

}
