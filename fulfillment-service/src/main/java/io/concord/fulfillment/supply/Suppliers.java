package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

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

	public record Contract(String sku, long unitPriceMinor, String currency, int leadTimeDays,
			BigDecimal latePenaltyPercentPerDay, BigDecimal maxLatePenaltyPercent, BigDecimal shortPenaltyPercent,
			BigDecimal defectPenaltyPercent) {
	}

	public record Supplier(String supplierId, String name, @Nullable String grade, @Nullable BigDecimal score,
			List<Contract> contracts) {
	}

	static final SealedColumn WEBHOOK_SECRETS = new SealedColumn("supplier", "supplier_id", "webhook_secret",
			"supplier.webhook-secret");

	private final JdbcClient jdbc;

	private final FieldEncryption encryption;

	private final Clock clock;

	Suppliers(JdbcTemplate jdbc, FieldEncryption encryption, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.encryption = encryption;
		this.clock = clock;
	}

	@Bean
	static SealedColumn supplierWebhookSecrets() {
		return WEBHOOK_SECRETS;
	}

	@Transactional
	public Supplier save(String supplierId, String name, String webhookSecret, List<Contract> contracts) {
		this.jdbc.sql("""
				insert into supplier (supplier_id, name, webhook_secret, updated_at) values (?, ?, ?, ?)
				on conflict (supplier_id) do update set name = excluded.name, webhook_secret = excluded.webhook_secret,
				  updated_at = excluded.updated_at""")
			.params(supplierId, name, this.encryption.seal(webhookSecret, WEBHOOK_SECRETS.contextOf(supplierId)),
					Timestamp.from(this.clock.instant()))
			.update();
		this.jdbc.sql("delete from supplier_contract where supplier_id = ?").params(supplierId).update();
		for (Contract c : contracts) {
			this.jdbc.sql("""
					insert into supplier_contract (supplier_id, sku, unit_price_minor, currency, lead_time_days,
					  late_penalty_percent_per_day, max_late_penalty_percent, short_penalty_percent,
					  defect_penalty_percent) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(supplierId, c.sku(), c.unitPriceMinor(), c.currency(), c.leadTimeDays(),
						c.latePenaltyPercentPerDay(), c.maxLatePenaltyPercent(), c.shortPenaltyPercent(),
						c.defectPenaltyPercent())
				.update();
		}
		return find(supplierId);
	}

	public Supplier find(String supplierId) {
		return this.jdbc.sql("select supplier_id, name, grade, score from supplier where supplier_id = ?")
			.params(supplierId)
			.query((rs, n) -> new Supplier(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
					contracts(supplierId)))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Supplier", supplierId));
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
				  max_late_penalty_percent, short_penalty_percent, defect_penalty_percent
				from supplier_contract where supplier_id = ? order by sku""")
			.params(supplierId)
			.query((rs, n) -> new Contract(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
					rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)))
			.list();
	}

}
