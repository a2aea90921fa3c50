package io.concord.inventory.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moving stock between locations (e.g. to the warehouse nearest a sale's demand): shipped
 * units leave the source's on-hand at once and are in transit at the destination until
 * received; only then can they be sold there. A short receipt books what arrived.
 */
@Component
public class StockTransfers {

	public record Transfer(long id, String sku, String fromLocation, String toLocation, int quantity,
			@Nullable Integer received, String status, @Nullable String reference, Instant shippedAt,
			@Nullable Instant receivedAt) {
	}

	/** A transfer's states, stored by name; it moves once, when the units arrive. */
	enum Status {

		/** Shipped: off the source's on-hand, in transit at the destination. */
		IN_TRANSIT,
		/** Booked in at the destination (possibly short). */
		RECEIVED;

		boolean canMoveTo(Status next) {
			return this == IN_TRANSIT && next == RECEIVED;
		}

	}

	private final JdbcClient jdbc;

	private final StockLedger ledger;

	private final Clock clock;

	StockTransfers(JdbcTemplate jdbc, StockLedger ledger, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.ledger = ledger;
		this.clock = clock;
	}

	@Transactional
	public Transfer ship(String sku, String from, String to, int quantity, @Nullable String reference, String actor) {
		if (from.equals(to)) {
			throw new ProblemException.Unprocessable("A transfer needs two different locations");
		}
		try {
			this.jdbc.sql("insert into stock_level (sku, location_code) values (?, ?) on conflict do nothing")
				.params(sku, to)
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ProblemException.NotFound("SKU or location", sku + " at " + to);
		}
		// Rows in (sku, location) order, as every writer takes them.
		int rows = this.jdbc.sql("""
				select 1 from stock_level where sku = ? and location_code in (?, ?)
				order by location_code for update""").params(sku, from, to).query().listOfRows().size();
		if (rows < 2) {
			this.ledger.level(sku, from);
		}
		Instant now = this.clock.instant();
		long id = this.jdbc.sql("""
				insert into stock_transfer (sku, from_location, to_location, quantity, status, reference, shipped_by,
				  shipped_at)
				values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(sku, from, to, quantity, Status.IN_TRANSIT.name(), reference, actor, Timestamp.from(now))
			.query(Long.class)
			.single();
		// Refused, the transaction rolls back, the transfer row with it.
		if (!this.ledger.move(sku, from, -quantity, StockLedger.MovementKind.TRANSFER_OUT, "TRANSFER", "transfer:" + id,
				actor)) {
			StockLedger.Level level = this.ledger.level(sku, from);
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
					"Only " + (level.onHand() - level.reserved()) + " unreserved units of " + sku + " are at " + from)
				.with("unreserved", level.onHand() - level.reserved());
		}
		this.jdbc.sql("update stock_level set in_transit = in_transit + ? where sku = ? and location_code = ?")
			.params(quantity, sku, to)
			.update();
		this.ledger.changed(sku);
		return find(id);
	}

	/** Books what arrived (at most what was shipped); repeating it is a 409. */
	@Transactional
	Transfer receive(long id, int received, String actor) {
		Transfer transfer = find(id);
		if (received > transfer.quantity()) {
			throw new ProblemException.Unprocessable(
					"Received " + received + " but only " + transfer.quantity() + " were shipped");
		}
		this.jdbc.sql("""
				select 1 from stock_level where sku = ? and location_code = ? for update""")
			.params(transfer.sku(), transfer.toLocation())
			.query()
			.listOfRows();
		int changed = this.jdbc.sql("""
				update stock_transfer set status = ?, received = ?, received_at = ?
				where id = ? and status = ?""")
			.params(moved(Status.IN_TRANSIT, Status.RECEIVED).name(), received, Timestamp.from(this.clock.instant()),
					id, Status.IN_TRANSIT.name())
			.update();
		if (changed == 0) {
			throw new ProblemException.Conflict("Transfer " + id + " was already received");
		}
		this.jdbc.sql("update stock_level set in_transit = in_transit - ? where sku = ? and location_code = ?")
			.params(transfer.quantity(), transfer.sku(), transfer.toLocation())
			.update();
		this.ledger.move(transfer.sku(), transfer.toLocation(), received, StockLedger.MovementKind.TRANSFER_IN,
				(received < transfer.quantity()) ? "TRANSFER_SHORT" : "TRANSFER", "transfer:" + id, actor);
		this.ledger.changed(transfer.sku());
		return find(id);
	}

	private static Status moved(Status from, Status to) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("A transfer cannot move from " + from + " to " + to);
		}
		return to;
	}

	Transfer find(long id) {
		return this.jdbc.sql("""
				select id, sku, from_location, to_location, quantity, received, status, reference, shipped_at,
				  received_at from stock_transfer where id = ?""")
			.param(id)
			.query(Transfer.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Transfer", String.valueOf(id)));
	}

	List<Transfer> inTransit(String sku) {
		return this.jdbc.sql("""
				select id, sku, from_location, to_location, quantity, received, status, reference, shipped_at,
				  received_at from stock_transfer where sku = ? and status = ? order by id""")
			.params(sku, Status.IN_TRANSIT.name())
			.query(Transfer.class)
			.list();
	}

}
