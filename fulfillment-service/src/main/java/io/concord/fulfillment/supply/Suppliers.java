package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Suppliers, their contracts per SKU, their current grade, and the secret their partner
 * calls are signed with (sealed at rest).
 */
@Component
public class Suppliers {

	/**
	 * A supplier's terms for one SKU: price, lead time, order quantities (at least
	 * {@code minOrderQuantity} units, in multiples of {@code orderMultiple}) and
	 * penalties.
	 */
	public record Contract(String sku, long unitPriceMinor, String currency, int leadTimeDays,
			BigDecimal latePenaltyPercentPerDay, BigDecimal maxLatePenaltyPercent, BigDecimal shortPenaltyPercent,
			BigDecimal defectPenaltyPercent, int minOrderQuantity, int orderMultiple) {

		/** What replenishment plans with: a change to anything else is not announced. */
		boolean sameTerms(Contract other) {
			return this.unitPriceMinor == other.unitPriceMinor && this.currency.equals(other.currency)
					&& this.leadTimeDays == other.leadTimeDays && this.minOrderQuantity == other.minOrderQuantity
					&& this.orderMultiple == other.orderMultiple;
		}

	}

	public record Supplier(String supplierId, String name, @Nullable String grade, @Nullable BigDecimal score,
			List<Contract> contracts) {
	}

	static final SealedColumn WEBHOOK_SECRETS = new SealedColumn("supplier", "supplier_id", "webhook_secret",
			"supplier.webhook-secret");

	// A retailer deals with tens of suppliers, not thousands: one page is enough.
	static final int LIST_LIMIT = 500;

	private final JdbcClient jdbc;

	private final FieldEncryption encryption;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Suppliers(JdbcTemplate jdbc, FieldEncryption encryption, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.encryption = encryption;
		this.events = events;
		this.clock = clock;
	}

	@Bean
	static SealedColumn supplierWebhookSecrets() {
		return WEBHOOK_SECRETS;
	}

	/**
	 * Creates or replaces a supplier with its contracts. Each contract added, removed or
	 * changed in price, lead time or order quantities is announced as
	 * {@code SupplierContractChanged} (through the outbox, in this transaction), so
	 * inventory plans replenishment with the contract's terms.
	 */
	@Transactional
	public Supplier save(String supplierId, String name, String webhookSecret, List<Contract> contracts) {
		Map<String, Contract> after = new LinkedHashMap<>();
		for (Contract c : contracts) {
			if (after.putIfAbsent(c.sku(), c) != null) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("duplicate-contract"), "Duplicate contract",
						"The supplier has more than one contract for " + c.sku())
					.with("sku", c.sku());
			}
		}
		Map<String, Contract> before = new LinkedHashMap<>();
		for (Contract c : contracts(supplierId)) {
			before.put(c.sku(), c);
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into supplier (supplier_id, name, webhook_secret, updated_at) values (?, ?, ?, ?)
				on conflict (supplier_id) do update set name = excluded.name, webhook_secret = excluded.webhook_secret,
				  updated_at = excluded.updated_at""")
			.params(supplierId, name, this.encryption.seal(webhookSecret, WEBHOOK_SECRETS.contextOf(supplierId)),
					Timestamp.from(now))
			.update();
		this.jdbc.sql("delete from supplier_contract where supplier_id = ?").params(supplierId).update();
		for (Contract c : after.values()) {
			this.jdbc.sql("""
					insert into supplier_contract (supplier_id, sku, unit_price_minor, currency, lead_time_days,
					  late_penalty_percent_per_day, max_late_penalty_percent, short_penalty_percent,
					  defect_penalty_percent, min_order_quantity, order_multiple)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(supplierId, c.sku(), c.unitPriceMinor(), c.currency(), c.leadTimeDays(),
						c.latePenaltyPercentPerDay(), c.maxLatePenaltyPercent(), c.shortPenaltyPercent(),
						c.defectPenaltyPercent(), c.minOrderQuantity(), c.orderMultiple())
				.update();
			Contract previous = before.get(c.sku());
			if (previous == null || !previous.sameTerms(c)) {
				announce(supplierId, c, true, now);
			}
		}
		for (Contract removed : before.values()) {
			if (!after.containsKey(removed.sku())) {
				announce(supplierId, removed, false, now);
			}
		}
		return find(supplierId);
	}

	// Versioned by the change's time: consumers keep the latest per supplier and SKU.
	private void announce(String supplierId, Contract c, boolean active, Instant now) {
		this.events.publishEvent(new SupplyEvents.SupplierContractChanged(
				EventMetadata.of(c.sku(), now.toEpochMilli(), now), supplierId, c.sku(), c.leadTimeDays(),
				c.minOrderQuantity(), c.orderMultiple(), c.unitPriceMinor(), c.currency(), active, now));
	}

	public Supplier find(String supplierId) {
		return this.jdbc.sql("select supplier_id, name, grade, score from supplier where supplier_id = ?")
			.params(supplierId)
			.query((rs, n) -> new Supplier(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
					contracts(supplierId)))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Supplier", supplierId));
	}

	/**
	 * Every supplier with its grade and contracts, by id, for the ops console's list. A
	 * load-test run's suppliers (ADR-25) are left out: they are purged with their run.
	 */
	public List<Supplier> list() {
		return this.jdbc.sql(
				"select supplier_id, name, grade, score from supplier where test_run is null order by supplier_id limit ?")
			.params(LIST_LIMIT)
			.query((rs, n) -> new Supplier(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
					List.of()))
			.list()
			.stream()
			.map((s) -> new Supplier(s.supplierId(), s.name(), s.grade(), s.score(), contracts(s.supplierId())))
			.toList();
	}

	Optional<Contract> contract(String supplierId, String sku) {
		return contracts(supplierId).stream().filter((c) -> c.sku().equals(sku)).findFirst();
	}

	/**
	 * The supplier to order a SKU from when none is named: the best grade among those
	 * with a contract for it (ungraded suppliers after graded ones), then the shortest
	 * lead time, then the lowest price. Never a load-test run's supplier (ADR-25).
	 */
	public Optional<String> preferredFor(String sku) {
		return this.jdbc
			.sql("""
					select s.supplier_id from supplier s join supplier_contract c on c.supplier_id = s.supplier_id
					where c.sku = ? and s.test_run is null order by s.grade nulls last, c.lead_time_days, c.unit_price_minor, s.supplier_id limit 1""")
			.params(sku)
			.query(String.class)
			.optional();
	}

	Optional<String> webhookSecret(String supplierId) {
		return this.jdbc.sql("select webhook_secret from supplier where supplier_id = ?")
			.params(supplierId)
			.query(String.class)
			.optional()
			.map((sealed) -> this.encryption.open(sealed, WEBHOOK_SECRETS.contextOf(supplierId)));
	}

	private List<Contract> contracts(String supplierId) {
		return this.jdbc.sql("""
				select sku, unit_price_minor, currency, lead_time_days, late_penalty_percent_per_day,
				  max_late_penalty_percent, short_penalty_percent, defect_penalty_percent, min_order_quantity,
				  order_multiple
				from supplier_contract where supplier_id = ? order by sku""")
			.params(supplierId)
			.query((rs, n) -> new Contract(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
					rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getInt(9),
					rs.getInt(10)))
			.list();
	}

}
