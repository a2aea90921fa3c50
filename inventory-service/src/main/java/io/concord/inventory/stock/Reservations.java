package io.concord.inventory.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reservations hold stock for an order until it is paid (confirm), cancelled (release) or
 * abandoned (expiry).
 *
 * <p>
 * The peak path takes stock with one conditional statement per location,
 * {@code UPDATE stock_level SET reserved = reserved + n WHERE ... AND on_hand - reserved -
 * safety_stock >= n}: the database checks and takes in one step, holding the row lock
 * only from that statement to the commit of a short transaction, instead of the read,
 * decide and write of {@code SELECT ... FOR UPDATE}, which holds the hot row across a
 * round trip. A statement that finds too little re-reads what is left and takes that, so
 * a line is split across locations in the channel's order; if any line cannot be served
 * the whole transaction rolls back (all or nothing) and the answer names the short lines.
 */
@Component
public class Reservations {

	public record Line(String sku, int quantity) {
	}

	public record Allocation(String sku, String location, int quantity) {
	}

	public record Reservation(String orderId, String channel, String status, Instant expiresAt,
			List<Allocation> allocations) {
	}

	public record ShortLine(String sku, int requested, int available) {
	}

	private final JdbcClient jdbc;

	private final StockLedger ledger;

	private final Clock clock;

	Reservations(JdbcTemplate jdbc, StockLedger ledger, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * Reserves every line or none. Repeating it for the same order returns the existing
	 * reservation and changes nothing.
	 */
	@Transactional
	public Reservation reserve(String orderId, String channel, List<Line> lines, Duration holdFor) {
		// SKUs in one order, so two orders never wait on each other's rows in a cycle.
		Map<String, Integer> wanted = new TreeMap<>();
		lines.forEach((line) -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
		Instant now = this.clock.instant();
		int created = this.jdbc.sql("""
				insert into reservation (order_id, channel, status, created_at, expires_at, updated_at)
				values (?, ?, 'ACTIVE', ?, ?, ?) on conflict (order_id) do nothing""")
			.params(orderId, channel, Timestamp.from(now), Timestamp.from(now.plus(holdFor)), Timestamp.from(now))
			.update();
		if (created == 0) {
			return find(orderId);
		}
		List<ShortLine> shortLines = new ArrayList<>();
		wanted.forEach((sku, quantity) -> {
			int missing = take(orderId, channel, sku, quantity);
			if (missing > 0) {
				shortLines.add(new ShortLine(sku, quantity, quantity - missing));
			}
		});
		if (!shortLines.isEmpty()) {
			// Everything taken above rolls back with this exception.
			throw new ProblemException.Conflict(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
					"Not enough stock for " + shortLines.stream().map(ShortLine::sku).toList())
				.with("shortLines", shortLines);
		}
		return find(orderId);
	}

	// Returns how many units could not be taken.
	private int take(String orderId, String channel, String sku, int quantity) {
		int remaining = quantity;
		for (String location : this.jdbc.sql("""
				select l.location_code from stock_level l
				join channel_location c on c.location_code = l.location_code and c.channel = ?
				where l.sku = ? order by c.sort_order""").params(channel, sku).query(String.class).list()) {
			while (remaining > 0) {
				int available = available(sku, location);
				int attempt = Math.min(remaining, available);
				if (attempt <= 0) {
					break;
				}
				int taken = this.jdbc.sql("""
						update stock_level set reserved = reserved + ?
						where sku = ? and location_code = ? and on_hand - reserved - safety_stock >= ?""")
					.params(attempt, sku, location, attempt)
					.update();
				if (taken == 1) {
					this.jdbc.sql("""
							insert into reservation_line (order_id, sku, location_code, quantity) values (?, ?, ?, ?)
							on conflict (order_id, sku, location_code)
							do update set quantity = reservation_line.quantity + excluded.quantity""")
						.params(orderId, sku, location, attempt)
						.update();
					remaining -= attempt;
				}
				// else someone took stock in between: read again and take what is left
			}
		}
		return remaining;
	}

	private int available(String sku, String location) {
		return this.jdbc.sql("""
				select greatest(on_hand - reserved - safety_stock, 0) from stock_level
				where sku = ? and location_code = ?""").params(sku, location).query(Integer.class).single();
	}

	/** Payment arrived: the reserved units leave stock, with a SALE movement each. */
	@Transactional
	public Reservation confirm(String orderId) {
		if (transition(orderId, "CONFIRMED")) {
			for (Allocation allocation : find(orderId).allocations()) {
				this.jdbc.sql("""
						update stock_level set on_hand = on_hand - ?, reserved = reserved - ?
						where sku = ? and location_code = ?""")
					.params(allocation.quantity(), allocation.quantity(), allocation.sku(), allocation.location())
					.update();
				this.ledger.record(allocation.sku(), allocation.location(), -allocation.quantity(),
						StockLedger.MovementKind.SALE, null, orderId, "order:" + orderId);
			}
		}
		return find(orderId);
	}

	/** The order was cancelled: the units are free again. */
	@Transactional
	public Reservation release(String orderId) {
		releaseAs(orderId, "RELEASED");
		return find(orderId);
	}

	/** Releases reservations whose hold ran out; returns how many. */
	@Transactional
	public int expire(int batchSize) {
		List<String> expired = this.jdbc.sql("""
				select order_id from reservation where status = 'ACTIVE' and expires_at < ?
				order by expires_at limit ? for update skip locked""")
			.params(Timestamp.from(this.clock.instant()), batchSize)
			.query(String.class)
			.list();
		expired.forEach((orderId) -> releaseAs(orderId, "EXPIRED"));
		return expired.size();
	}

	private void releaseAs(String orderId, String status) {
		if (transition(orderId, status)) {
			for (Allocation allocation : find(orderId).allocations()) {
				this.jdbc.sql("update stock_level set reserved = reserved - ? where sku = ? and location_code = ?")
					.params(allocation.quantity(), allocation.sku(), allocation.location())
					.update();
			}
		}
	}

	// ACTIVE -> target: true when it happened now, false when it had already happened (a
	// repeated call changes nothing); any other state is a 409.
	private boolean transition(String orderId, String target) {
		int changed = this.jdbc.sql("""
				update reservation set status = ?, updated_at = ? where order_id = ? and status = 'ACTIVE'""")
			.params(target, Timestamp.from(this.clock.instant()), orderId)
			.update();
		if (changed == 1) {
			return true;
		}
		String status = find(orderId).status();
		if (status.equals(target)) {
			return false;
		}
		throw new ProblemException.Conflict("Reservation " + orderId + " is " + status);
	}

	public Reservation find(String orderId) {
		Map<String, Object> row = this.jdbc
			.sql("select channel, status, expires_at from reservation where order_id = ?")
			.param(orderId)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElseThrow(() -> new ProblemException.NotFound("Reservation", orderId));
		List<Allocation> allocations = this.jdbc
			.sql("""
					select sku, location_code as location, quantity from reservation_line where order_id = ? order by sku, location_code""")
			.param(orderId)
			.query(Allocation.class)
			.list();
		return new Reservation(orderId, (String) row.get("channel"), (String) row.get("status"),
				((Timestamp) row.get("expires_at")).toInstant(), allocations);
	}

}
