package io.concord.inventory.replenishment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.concord.platform.events.EventHandler;
import io.concord.platform.events.InboundEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * fulfillment-service's supplier contracts, as {@code SupplierContractChanged} announces
 * them: per supplier and SKU the lead time and order quantities replenishment plans with.
 * The latest change wins (by {@code changedAt}): an older or redelivered event changes
 * nothing, whatever order Kafka delivers them in.
 * <p>
 * Which contract a SKU is planned with: the named supplier's (the SKU × location's
 * policy, else the catalogue's supplier of the SKU) when it has an active one; otherwise
 * the active contract with the shortest lead time, then the lowest price, then the
 * supplier id - fulfillment's order for a supplier without a grade (grades stay in
 * fulfillment). The suggestion names that supplier, so the purchase order is drafted from
 * the contract it was planned with.
 */
@Component
class SupplierContracts implements EventHandler<SupplierContracts.SupplierContractChanged> {

	record SupplierContractChanged(String supplierId, String sku, int leadTimeDays, int minOrderQuantity,
			@Nullable Integer orderMultiple, long unitPriceMinor, String currency, boolean active, Instant changedAt) {
	}

	/** A contract's terms as replenishment uses them. */
	record Terms(String supplierId, int leadTimeDays, int minOrderQuantity, int orderMultiple, Instant changedAt) {
	}

	private final JdbcClient jdbc;

	SupplierContracts(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	@Override
	public String eventType() {
		return "concord.fulfillment.SupplierContractChanged";
	}

	@Override
	public Class<SupplierContractChanged> dataType() {
		return SupplierContractChanged.class;
	}

	@Override
	public String name() {
		return "inventory-supplier-contracts";
	}

	@Override
	public void handle(InboundEvent<SupplierContractChanged> event) {
		SupplierContractChanged c = event.data();
		int multiple = (c.orderMultiple() != null) ? c.orderMultiple() : 1;
		// Only a later change replaces what is stored: events of one SKU share a
		// partition, but a supplier's republished or replayed history must not go back.
		this.jdbc.sql("""
				insert into supplier_contract_terms (supplier_id, sku, lead_time_days, min_order_quantity,
				  order_multiple, unit_price_minor, currency, active, changed_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (supplier_id, sku) do update set lead_time_days = excluded.lead_time_days,
				  min_order_quantity = excluded.min_order_quantity, order_multiple = excluded.order_multiple,
				  unit_price_minor = excluded.unit_price_minor, currency = excluded.currency,
				  active = excluded.active, changed_at = excluded.changed_at
				where supplier_contract_terms.changed_at < excluded.changed_at""")
			.params(c.supplierId(), c.sku(), Math.max(1, c.leadTimeDays()), Math.max(1, c.minOrderQuantity()),
					Math.max(1, multiple), c.unitPriceMinor(), c.currency(), c.active(), Timestamp.from(c.changedAt()))
			.update();
	}

	/**
	 * The contract a SKU is planned with: {@code supplierId}'s when it has an active one,
	 * else the shortest lead time, lowest price; empty when no supplier has an active
	 * contract for it.
	 */
	Optional<Terms> termsFor(String sku, @Nullable String supplierId) {
		return this.jdbc.sql("""
				select supplier_id, lead_time_days, min_order_quantity, order_multiple, changed_at
				from supplier_contract_terms where sku = ? and active
				order by coalesce(supplier_id = cast(? as varchar), false) desc, lead_time_days, unit_price_minor,
				  supplier_id
				limit 1""")
			.params(sku, supplierId)
			.query((rs, n) -> new Terms(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
					rs.getTimestamp(5).toInstant()))
			.optional();
	}

}
