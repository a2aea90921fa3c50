package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.concord.fulfillment.supply.PurchaseOrders.Line;
import io.concord.fulfillment.supply.PurchaseOrders.PurchaseOrder;
import io.concord.fulfillment.supply.PurchaseOrders.Settlement;
import io.concord.platform.events.EventMetadata;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a supplier is paid for a received purchase order, from its contract: the accepted
 * units at the order's price, less penalties for lateness (per started day, capped),
 * shortage (units ordered but not received) and defects (units rejected at inspection).
 * Owns {@code supplier_settlement}; announces PurchaseOrderSettled.
 */
@Component
class Settlements {

	private final JdbcClient jdbc;

	private final Suppliers suppliers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Settlements(JdbcTemplate jdbc, Suppliers suppliers, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.suppliers = suppliers;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Settles a received order once, in the transaction that marks it settled;
	 * {@code version} is the order's version once settled.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void settle(PurchaseOrder received, long version) {
		Instant now = this.clock.instant();
		long daysLate = Math.max(0,
				(long) Math.ceil(Duration.between(received.needBy(), received.receivedAt()).toMinutes() / (24.0 * 60)));
		long value = 0;
		long late = 0;
		long shortage = 0;
		long defects = 0;
		for (Line line : received.lines()) {
			long acceptedValue = line.acceptedQuantity() * line.unitPriceMinor();
			value += acceptedValue;
			Suppliers.Contract contract = this.suppliers.contract(received.supplierId(), line.sku()).orElse(null);
			if (contract == null) {
				continue;
			}
			BigDecimal latePercent = contract.latePenaltyPercentPerDay()
				.multiply(BigDecimal.valueOf(daysLate))
				.min(contract.maxLatePenaltyPercent());
			late += percent(acceptedValue, latePercent);
			shortage += percent((long) Math.max(0, line.quantity() - line.receivedQuantity()) * line.unitPriceMinor(),
					contract.shortPenaltyPercent());
			defects += percent((long) line.rejectedQuantity() * line.unitPriceMinor(), contract.defectPenaltyPercent());
		}
		long payable = Math.max(0, value - late - shortage - defects);
		String poId = received.purchaseOrderId();
		this.jdbc.sql("""
				insert into supplier_settlement (po_id, supplier_id, currency, accepted_value_minor, late_penalty_minor,
				  short_penalty_minor, defect_penalty_minor, payable_minor, days_late, settled_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(poId, received.supplierId(), received.currency(), value, late, shortage, defects, payable, daysLate,
					Timestamp.from(now))
			.update();
		this.events.publishEvent(new SupplyEvents.PurchaseOrderSettled(EventMetadata.of(poId, version, now), poId,
				received.supplierId(), received.currency(), value, late, shortage, defects, payable, now));
	}

	// Penalties round down: a supplier is never charged a fraction of a minor unit.
	private static long percent(long amount, BigDecimal percent) {
		return BigDecimal.valueOf(amount)
			.multiply(percent)
			.movePointLeft(2)
			.setScale(0, RoundingMode.DOWN)
			.longValueExact();
	}

	/** The order's settlement, once it has one. */
	Optional<Settlement> of(String poId) {
		return this.jdbc.sql("select * from supplier_settlement where po_id = ?")
			.params(poId)
			.query((rs, n) -> new Settlement(rs.getLong("accepted_value_minor"), rs.getLong("late_penalty_minor"),
					rs.getLong("short_penalty_minor"), rs.getLong("defect_penalty_minor"), rs.getLong("payable_minor"),
					rs.getInt("days_late"), rs.getTimestamp("settled_at").toInstant()))
			.optional();
	}

}
