package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.member.audit.AuditLog;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to a member's points is a ledger row plus, in the same transaction, a
 * change to the account's balance. Debits are a single conditional update
 * ({@code balance >= n}), so concurrent redemptions can never take the balance below
 * zero. This class holds the account, the lots and the credits and debits that are not
 * about orders; earning ({@link PointsEarning}), expiry ({@link PointsExpiry}), order
 * payments ({@link OrderPointsPayments}) and merges ({@link PointsMerges}) build on it.
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

	private final AuditLog audit;

	private final Clock clock;

	PointsLedger(JdbcTemplate jdbc, PointsRules rules, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.audit = audit;
		this.clock = clock;
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
				(points > 0) ? Timestamp.from(this.rules.current().expiryOf(now)) : null, Timestamp.from(now));
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
					Timestamp.from(this.rules.current().expiryOf(now)), Timestamp.from(now));
		if (inserted == 0) {
			return false;
		}
		this.jdbc.update("update points_account set balance = balance + ?, version = version + 1 where member_id = ?",
				points, member.value());
		return true;
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
						? rs.getTimestamp(3).toInstant() : this.rules.current().expiryOf(this.clock.instant())),
				member.value());
		List<Taken> taken = new ArrayList<>();
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

	void ensureAccount(MemberId member) {
		this.jdbc.update("""
				insert into points_account (member_id, balance, pending, version) values (?, 0, 0, 0)
				on conflict (member_id) do nothing""", member.value());
	}

}
