package io.concord.member.orders;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of the members' delivered orders for the rest of member-service. */
@Component
public class MemberOrders {

	/** A member and a moment after which a repurchase counts. */
	public record Since(UUID memberId, Instant since) {
	}

	private final JdbcTemplate jdbc;

	MemberOrders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Paid amount per currency of these orders, as far as they were delivered. */
	public Map<String, Long> paidMinor(Collection<String> orderIds) {
		Map<String, Long> paid = new LinkedHashMap<>();
		if (orderIds.isEmpty()) {
			return paid;
		}
		this.jdbc.query(
				"select currency, sum(paid_minor - refunded_minor) from member_order where order_id = any(?) group by currency order by currency",
				(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", orderIds.toArray())), (rs) -> {
					paid.put(rs.getString(1), rs.getLong(2));
				});
		return paid;
	}

	/**
	 * How many of these members had an order delivered within {@code within} after their
	 * moment.
	 */
	public long repurchased(List<Since> members, Duration within) {
		if (members.isEmpty()) {
			return 0;
		}
		UUID[] ids = members.stream().map(Since::memberId).toArray(UUID[]::new);
		Timestamp[] since = members.stream().map((m) -> Timestamp.from(m.since())).toArray(Timestamp[]::new);
		List<Long> count = this.jdbc.query("""
				select count(*) from unnest(?, ?) as s(member_id, since)
				where exists (select 1 from member_order o where o.member_id = s.member_id
				  and o.delivered_at > s.since and o.delivered_at <= s.since + ?::interval)""", (ps) -> {
			ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids));
			ps.setArray(2, ps.getConnection().createArrayOf("timestamptz", since));
			ps.setString(3, within.toSeconds() + " seconds");
		}, (rs, n) -> rs.getLong(1));
		return count.get(0);
	}

	/** What the member paid for the order (before refunds); the order must be known. */
	public long paidMinor(String orderId) {
		return this.jdbc.queryForObject("select paid_minor from member_order where order_id = ?", Long.class, orderId);
	}

	/**
	 * A member's delivered orders since a moment: what they spent in {@code currency} net
	 * of refunds, and how many orders were not refunded in full.
	 */
	public record Spend(long spendMinor, int orders) {
	}

	public Spend deliveredSince(UUID memberId, Instant since, String currency) {
		Map<String, Object> window = this.jdbc.queryForMap("""
				select coalesce(sum(case when currency = ? then paid_minor - refunded_minor else 0 end), 0) as spend,
				       count(*) filter (where refunded_minor < paid_minor) as orders
				from member_order where member_id = ? and delivered_at > ?""", currency, memberId,
				Timestamp.from(since));
		return new Spend(((Number) window.get("spend")).longValue(), ((Number) window.get("orders")).intValue());
	}

}
