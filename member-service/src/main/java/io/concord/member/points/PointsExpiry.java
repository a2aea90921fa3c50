package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.events.EventMetadata;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points expiring: the lots past their validity ({@link PointsProperties#validity()}, set
 * on each lot when it is credited) and the ones about to expire.
 */
@Service
public class PointsExpiry {

	/** A member's available points that expire soon, and the first of their dates. */
	public record ExpiringPoints(UUID memberId, long points, Instant firstExpiry) {
	}

	private final JdbcTemplate jdbc;

	private final Identities identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PointsExpiry(JdbcTemplate jdbc, Identities identities, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
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

}
