package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.concord.member.audit.AuditLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points rules in force: the {@code points_rule} row, seeded from the configuration.
 */
@Component
class PointsRules {

	private final JdbcTemplate jdbc;

	private final PointsProperties configured;

	private final AuditLog audit;

	private final Clock clock;

	PointsRules(JdbcTemplate jdbc, PointsProperties configured, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.configured = configured;
		this.audit = audit;
		this.clock = clock;
	}

	PointsProperties current() {
		List<PointsProperties> rows = read();
		if (!rows.isEmpty()) {
			return rows.get(0);
		}
		write(this.configured, "configuration", "on conflict (id) do nothing");
		return read().get(0);
	}

	@Transactional
	PointsProperties change(PointsProperties rules, String actor) {
		current();
		write(rules, actor,
				"""
						on conflict (id) do update set earn_per_currency_unit = excluded.earn_per_currency_unit,
						    points_per_currency_unit = excluded.points_per_currency_unit,
						    max_order_share_percent = excluded.max_order_share_percent,
						    return_window_seconds = excluded.return_window_seconds, validity_seconds = excluded.validity_seconds,
						    check_in_points = excluded.check_in_points, check_in_streak_bonus = excluded.check_in_streak_bonus,
						    check_in_streak_cap = excluded.check_in_streak_cap, review_points = excluded.review_points,
						    updated_at = excluded.updated_at, updated_by = excluded.updated_by""");
		this.audit.record(actor, "POINTS_RULES_CHANGED", null, "points rules", Map.of("rules", rules.toString()));
		return current();
	}

	private List<PointsProperties> read() {
		return this.jdbc.query("select * from points_rule where id = 1",
				(rs, i) -> new PointsProperties(rs.getLong("earn_per_currency_unit"),
						rs.getLong("points_per_currency_unit"), rs.getInt("max_order_share_percent"),
						Duration.ofSeconds(rs.getLong("return_window_seconds")),
						Duration.ofSeconds(rs.getLong("validity_seconds")), rs.getLong("check_in_points"),
						rs.getLong("check_in_streak_bonus"), rs.getInt("check_in_streak_cap"), this.configured.zone(),
						rs.getLong("review_points")));
	}

	private void write(PointsProperties rules, String actor, String onConflict) {
		this.jdbc.update(
				"""
						insert into points_rule (id, earn_per_currency_unit, points_per_currency_unit, max_order_share_percent,
						    return_window_seconds, validity_seconds, check_in_points, check_in_streak_bonus, check_in_streak_cap,
						    review_points, updated_at, updated_by)
						values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) """
						+ onConflict,
				rules.earnPerCurrencyUnit(), rules.pointsPerCurrencyUnit(), rules.maxOrderSharePercent(),
				rules.returnWindow().toSeconds(), rules.validity().toSeconds(), rules.checkInPoints(),
				rules.checkInStreakBonus(), rules.checkInStreakCap(), rules.reviewPoints(),
				Timestamp.from(this.clock.instant()), actor);
	}

}
