package io.concord.inventory.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

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
class StockLedger {

	enum MovementKind {

		ADJUSTMENT, RECEIPT, SALE

	}

	record Level(String sku, String location, int onHand, int reserved, int safetyStock, int available) {
	}

	record Mismatch(String sku, String location, int onHand, long ledgerSum) {
	}

	private static final String LEVELS = """
			select sku, location_code as location, on_hand, reserved, safety_stock,
			  greatest(on_hand - reserved - safety_stock, 0) as available
			from stock_level""";

	private final JdbcClient jdbc;

	private final Clock clock;

	StockLedger(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/**
	 * Adds (or with a negative quantity removes) stock and records why. Removing more
	 * than is free (on-hand minus reserved) is refused: reserved units are promised to
	 * orders.
	 */
	@Transactional
	Level adjust(String sku, String location, int quantity, MovementKind kind, String reason,
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
		return level(sku, location);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void record(String sku, String location, int quantity, MovementKind kind, @Nullable String reason,
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
		return level(sku, location);
	}

	Level level(String sku, String location) {
		return this.jdbc.sql(LEVELS + " where sku = ? and location_code = ?")
			.params(sku, location)
			.query(Level.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Stock level", sku + " at " + location));
	}

	List<Level> levels(String sku) {
		return this.jdbc.sql(LEVELS + " where sku = ? order by location_code").param(sku).query(Level.class).list();
	}

	/** Every SKU x location whose on-hand differs from the sum of its movements. */
	List<Mismatch> reconcile() {
		return this.jdbc.sql("""
				select l.sku, l.location_code as location, l.on_hand, coalesce(sum(m.quantity), 0) as ledger_sum
				from stock_level l
				left join stock_movement m on m.sku = l.sku and m.location_code = l.location_code
				group by l.sku, l.location_code, l.on_hand
				having l.on_hand <> coalesce(sum(m.quantity), 0)""").query(Mismatch.class).list();
	}

}
