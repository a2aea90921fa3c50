package io.concord.inventory.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * On-hand changes only together with a ledger row in the same transaction, so the ledger
 * sum per SKU x location is on-hand by construction; {@link #reconcile()} proves it.
 */
@Component
public class StockLedger {

	/** Why on-hand changed. */
	public enum MovementKind {

		/** Counted in by ops with a reason code (damage, found, write-off...). */
		ADJUSTMENT,
		/** Goods received from a supplier or a return (fulfillment-service). */
		RECEIPT,
		/** A paid order took the units. */
		SALE,
		/** A paid order was cancelled before it shipped: the units are back. */
		SALE_REVERSED,
		/** Shipped to another location; in transit until received there. */
		TRANSFER_OUT,
		/** Received from another location. */
		TRANSFER_IN,
		/** A cycle count found a different quantity. */
		CYCLE_COUNT

	}

	public record Level(String sku, String location, int onHand, int reserved, int safetyStock, int inTransit,
			int available) {
	}

	public record Mismatch(String sku, String location, int onHand, long ledgerSum) {
	}

	private static final String LEVELS = """
			select sku, location_code as location, on_hand, reserved, safety_stock, in_transit,
			  greatest(on_hand - reserved - safety_stock, 0) as available
			from stock_level""";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	StockLedger(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Adds (or with a negative quantity removes) stock and records why. Removing more
	 * than is free (on-hand minus reserved) is refused: reserved units are promised to
	 * orders.
	 */
	@Transactional
	public Level adjust(String sku, String location, int quantity, MovementKind kind, String reason,
			@Nullable String reference, String actor) {
		try {
			this.jdbc.sql("""
					insert into stock_level (sku, location_code) values (?, ?) on conflict do nothing""")
				.params(sku, location)
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ProblemException.NotFound("SKU or location", sku + " at " + location);
		}
		int changed = this.jdbc.sql("""
				update stock_level set on_hand = on_hand + ?
				where sku = ? and location_code = ? and on_hand + ? >= reserved""")
			.params(quantity, sku, location, quantity)
			.update();
		if (changed == 0) {
			Level level = level(sku, location);
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
					"Only " + (level.onHand() - level.reserved()) + " unreserved units of " + sku + " are at "
							+ location)
				.with("unreserved", level.onHand() - level.reserved());
		}
		record(sku, location, quantity, kind, reason, reference, actor);
		changed(sku);
		return level(sku, location);
	}

	/** Availability is announced in this transaction (see the reservation package). */
	void changed(String... skus) {
		this.events.publishEvent(new StockLevelsChanged(Set.of(skus)));
	}

	/**
	 * A cycle count: on-hand becomes what was counted, the difference a CYCLE_COUNT
	 * movement. A count below the reserved units is refused (422): those units are
	 * promised to orders, which must be released or re-sourced first.
	 */
	@Transactional
	Level count(String sku, String location, int counted, @Nullable String reference, String actor) {
		Integer onHand = this.jdbc.sql("""
				select on_hand from stock_level where sku = ? and location_code = ? for update""")
			.params(sku, location)
			.query(Integer.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Stock level", sku + " at " + location));
		int changed = this.jdbc.sql("""
				update stock_level set on_hand = ? where sku = ? and location_code = ? and reserved <= ?""")
			.params(counted, sku, location, counted)
			.update();
		if (changed == 0) {
			Level level = level(sku, location);
			throw new ProblemException.Unprocessable(ProblemTypes.of("count-below-reserved"),
					"Count below reserved units",
					level.reserved() + " units of " + sku + " at " + location
							+ " are reserved for orders; release or re-source them before booking a count of "
							+ counted)
				.with("reserved", level.reserved());
		}
		if (counted != onHand) {
			record(sku, location, counted - onHand, MovementKind.CYCLE_COUNT, "CYCLE_COUNT", reference, actor);
			changed(sku);
		}
		return level(sku, location);
	}

	/**
	 * Appends a movement; the caller changes on-hand by as much in the same transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String sku, String location, int quantity, MovementKind kind, @Nullable String reason,
			@Nullable String reference, String actor) {
		this.jdbc.sql("""
				insert into stock_movement (sku, location_code, quantity, kind, reason, reference, actor, at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(sku, location, quantity, kind.name(), reason, reference, actor,
					Timestamp.from(this.clock.instant()))
			.update();
	}

	@Transactional
	Level setSafetyStock(String sku, String location, int safetyStock) {
		int changed = this.jdbc.sql("update stock_level set safety_stock = ? where sku = ? and location_code = ?")
			.params(safetyStock, sku, location)
			.update();
		if (changed == 0) {
			throw new ProblemException.NotFound("Stock level", sku + " at " + location);
		}
		changed(sku);
		return level(sku, location);
	}

	public Level level(String sku, String location) {
		return this.jdbc.sql(LEVELS + " where sku = ? and location_code = ?")
			.params(sku, location)
			.query(Level.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Stock level", sku + " at " + location));
	}

	public List<Level> levels(String sku) {
		return this.jdbc.sql(LEVELS + " where sku = ? order by location_code").param(sku).query(Level.class).list();
	}

	record Movement(long id, int quantity, String kind, @Nullable String reason, @Nullable String reference,
			String actor, java.time.Instant at) {
	}

	List<Movement> movements(String sku, String location, int limit) {
		level(sku, location);
		return this.jdbc.sql("""
				select id, quantity, kind, reason, reference, actor, at from stock_movement
				where sku = ? and location_code = ? order by id desc limit ?""")
			.params(sku, location, limit)
			.query(Movement.class)
			.list();
	}

	/** Every SKU x location whose on-hand differs from the sum of its movements. */
	public List<Mismatch> reconcile() {
		return this.jdbc.sql("""
				select l.sku, l.location_code as location, l.on_hand, coalesce(sum(m.quantity), 0) as ledger_sum
				from stock_level l
				left join stock_movement m on m.sku = l.sku and m.location_code = l.location_code
				group by l.sku, l.location_code, l.on_hand
				having l.on_hand <> coalesce(sum(m.quantity), 0)""").query(Mismatch.class).list();
	}

}
