package io.concord.inventory.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.concord.inventory.catalog.TestRunStock;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRunData;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
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
		if (!move(sku, location, quantity, kind, reason, reference, actor)) {
			Level level = level(sku, location);
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
					"Only " + (level.onHand() - level.reserved()) + " unreserved units of " + sku + " are at "
							+ location)
				.with("unreserved", level.onHand() - level.reserved());
		}
		changed(sku);
		return level(sku, location);
	}

	/**
	 * What purging a test run deletes here: its SKUs' transfers, movements and stock
	 * rows, after the reservations that hold them and before the catalogue.
	 */
	@Bean
	@Order(TestRunStock.PURGE_ORDER - 10)
	static TestRunData.Steps stockTestRunData() {
		String runSkus = "(select sku from sku where test_run = ?)";
		return TestRunData.Steps.of(
				new TestRunData("stock_transfer", "delete from stock_transfer where sku in " + runSkus),
				new TestRunData("stock_movement", "delete from stock_movement where sku in " + runSkus),
				new TestRunData("stock_level", "delete from stock_level where sku in " + runSkus));
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
		// The row is locked: a move by the difference leaves exactly the counted units.
		if (!move(sku, location, counted - onHand, MovementKind.CYCLE_COUNT, "CYCLE_COUNT", reference, actor)) {
			Level level = level(sku, location);
			throw new ProblemException.Unprocessable(ProblemTypes.of("count-below-reserved"),
					"Count below reserved units",
					level.reserved() + " units of " + sku + " at " + location
							+ " are reserved for orders; release or re-source them before booking a count of "
							+ counted)
				.with("reserved", level.reserved());
		}
		if (counted != onHand) {
			changed(sku);
		}
		return level(sku, location);
	}

	/**
	 * The one way on-hand changes: by {@code delta}, with a movement saying why, in the
	 * caller's transaction. Refused (false, nothing changed) when fewer units than are
	 * reserved would remain. A zero delta checks that and records nothing.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean move(String sku, String location, int delta, MovementKind kind, @Nullable String reason,
			@Nullable String reference, String actor) {
		return move(sku, location, delta, 0, kind, reason, reference, actor);
	}

	/**
	 * Reserved units leave stock (a paid order takes them): on-hand and reserved drop
	 * together, with a movement saying why.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void takeReserved(String sku, String location, int quantity, MovementKind kind, @Nullable String reason,
			@Nullable String reference, String actor) {
		if (!move(sku, location, -quantity, -quantity, kind, reason, reference, actor)) {
			throw new IllegalStateException(quantity + " reserved units of " + sku + " at " + location
					+ " are not on hand: reserved and on-hand disagree");
		}
	}

	private boolean move(String sku, String location, int delta, int reservedDelta, MovementKind kind,
			@Nullable String reason, @Nullable String reference, String actor) {
		int changed = this.jdbc.sql("""
				update stock_level set on_hand = on_hand + ?, reserved = reserved + ?
				where sku = ? and location_code = ? and on_hand + ? >= reserved + ?""")
			.params(delta, reservedDelta, sku, location, delta, reservedDelta)
			.update();
		if (changed == 0) {
			return false;
		}
		if (delta != 0) {
			this.jdbc.sql("""
					insert into stock_movement (sku, location_code, quantity, kind, reason, reference, actor, at)
					values (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(sku, location, delta, kind.name(), reason, reference, actor,
						Timestamp.from(this.clock.instant()))
				.update();
		}
		return true;
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
		return find(sku, location)
			.orElseThrow(() -> new ProblemException.NotFound("Stock level", sku + " at " + location));
	}

	/** The SKU's stock at the location; empty when it was never stocked there. */
	public Optional<Level> find(String sku, String location) {
		return this.jdbc.sql(LEVELS + " where sku = ? and location_code = ?")
			.params(sku, location)
			.query(Level.class)
			.optional();
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
