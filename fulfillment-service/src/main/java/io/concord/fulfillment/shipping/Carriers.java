package io.concord.fulfillment.shipping;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.platform.web.ProblemException;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carriers, their webhook secrets (sealed at rest) and rate cards. An inactive carrier
 * gets no new parcels and its callbacks are refused.
 */
@Component
public class Carriers {

	public record Rate(String serviceLevel, String zone, long costMinor, int transitHours) {
	}

	public record Carrier(String code, String name, boolean active, List<Rate> rates) {
	}

	/** A priced option for one parcel. */
	record Option(String carrierCode, String serviceLevel, long costMinor, int transitHours) {
	}

	static final SealedColumn WEBHOOK_SECRETS = new SealedColumn("carrier", "code", "webhook_secret",
			"carrier.webhook-secret");

	private final JdbcClient jdbc;

	private final FieldEncryption encryption;

	private final Clock clock;

	Carriers(JdbcTemplate jdbc, FieldEncryption encryption, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.encryption = encryption;
		this.clock = clock;
	}

	@Bean
	static SealedColumn carrierWebhookSecrets() {
		return WEBHOOK_SECRETS;
	}

	@Transactional
	public Carrier save(String code, String name, String webhookSecret, boolean active, List<Rate> rates) {
		this.jdbc.sql("""
				insert into carrier (code, name, webhook_secret, active, updated_at) values (?, ?, ?, ?, ?)
				on conflict (code) do update set name = excluded.name, webhook_secret = excluded.webhook_secret,
				  active = excluded.active, updated_at = excluded.updated_at""")
			.params(code, name, this.encryption.seal(webhookSecret, WEBHOOK_SECRETS.contextOf(code)), active,
					Timestamp.from(this.clock.instant()))
			.update();
		this.jdbc.sql("delete from carrier_rate where carrier_code = ?").params(code).update();
		for (Rate rate : rates) {
			this.jdbc.sql("""
					insert into carrier_rate (carrier_code, service_level, zone, cost_minor, transit_hours)
					values (?, ?, ?, ?, ?)""")
				.params(code, rate.serviceLevel(), rate.zone(), rate.costMinor(), rate.transitHours())
				.update();
		}
		return find(code);
	}

	public Carrier find(String code) {
		return this.jdbc.sql("select code, name, active from carrier where code = ?")
			.params(code)
			.query((rs, n) -> new Carrier(rs.getString("code"), rs.getString("name"), rs.getBoolean("active"),
					rates(code)))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Carrier", code));
	}

	public List<Carrier> list() {
		return this.jdbc.sql("select code from carrier order by code")
			.query(String.class)
			.list()
			.stream()
			.map(this::find)
			.toList();
	}

	/** The secret an active carrier signs its callbacks with; none for inactive ones. */
	Optional<String> webhookSecret(String code) {
		return this.jdbc.sql("select webhook_secret from carrier where code = ? and active")
			.params(code)
			.query(String.class)
			.optional()
			.map((sealed) -> this.encryption.open(sealed, WEBHOOK_SECRETS.contextOf(code)));
	}

	/** Every active carrier's options for a zone, cheapest first. */
	List<Option> options(String zone) {
		return this.jdbc.sql("""
				select r.carrier_code, r.service_level, r.cost_minor, r.transit_hours
				from carrier_rate r join carrier c on c.code = r.carrier_code
				where c.active and r.zone = ? order by r.cost_minor, r.transit_hours, r.carrier_code""")
			.params(zone)
			.query((rs, n) -> new Option(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
			.list();
	}

	private List<Rate> rates(String code) {
		return this.jdbc.sql("""
				select service_level, zone, cost_minor, transit_hours from carrier_rate where carrier_code = ?
				order by zone, cost_minor""")
			.params(code)
			.query((rs, n) -> new Rate(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
			.list();
	}

}
