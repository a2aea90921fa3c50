package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.concord.promotion.competitors.CompetitorPrices;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What rules decide from: ops' costs, plans, price guarantees and kill switches, and the
 * stock and demand history kept from inventory's StockChanged and fulfillment's
 * OrderPlaced (units ordered are the demand signal; a later cancellation does not unmake
 * the demand). {@link #at} assembles the inputs of one SKU at any moment of that history,
 * for live decisions and replays alike.
 */
@Component
class RepricingInputs {

	static final String GLOBAL = "GLOBAL";

	record Cost(String sku, String currency, long costMinor, Instant updatedAt) {
	}

	record Plan(String sku, Instant periodStart, Instant periodEnd, long plannedUnits, Instant updatedAt) {
	}

	record Guarantee(UUID guaranteeId, RepricingRules.ScopeKind scopeKind, String scopeValue, String campaignId,
			Instant startsAt, Instant endsAt) {
	}

	record KillSwitch(String scope, boolean engaged, @Nullable String reason, String changedBy, Instant changedAt) {
	}

	private final JdbcClient jdbc;

	private final CompetitorPrices competitors;

	private final Clock clock;

	private final Duration demandWindow;

	private final Duration competitorMaxAge;

	RepricingInputs(JdbcTemplate jdbc, CompetitorPrices competitors, Clock clock,
			@Value("${concord.repricing.demand-window:7d}") Duration demandWindow,
			@Value("${concord.repricing.competitor-max-age:3d}") Duration competitorMaxAge) {
		this.jdbc = JdbcClient.create(jdbc);
		this.competitors = competitors;
		this.clock = clock;
		this.demandWindow = demandWindow;
		this.competitorMaxAge = competitorMaxAge;
	}

	/** The inputs of {@code sku} at {@code at}; kill switches are as they are now. */
	Inputs at(RepricingRules.Rule rule, String sku, Set<String> groups, Instant at, long currentPriceMinor,
			long dayOpenPriceMinor) {
		Long cost = cost(sku, rule.currency()).map(Cost::costMinor).orElse(null);
		Long available = this.jdbc.sql("""
				select available from repricing_stock where sku = ? and changed_at <= ?
				order by changed_at desc limit 1""")
			.params(sku, Timestamp.from(at))
			.query(Long.class)
			.optional()
			.orElse(null);
		long ordered = unitsOrdered(sku, at.minus(this.demandWindow), at);
		BigDecimal demandDays = BigDecimal.valueOf(this.demandWindow.toMinutes())
			.divide(BigDecimal.valueOf(Duration.ofDays(1).toMinutes()), 4, RoundingMode.HALF_EVEN);
		BigDecimal dailyDemand = BigDecimal.valueOf(ordered).divide(demandDays, 2, RoundingMode.HALF_EVEN);
		Long plannedToDate = null;
		Long sold = null;
		Optional<Plan> plan = plan(sku);
		if (plan.isPresent() && !at.isBefore(plan.get().periodStart()) && at.isBefore(plan.get().periodEnd())) {
			long elapsed = Duration.between(plan.get().periodStart(), at).toSeconds();
			long total = Duration.between(plan.get().periodStart(), plan.get().periodEnd()).toSeconds();
			plannedToDate = BigDecimal.valueOf(plan.get().plannedUnits())
				.multiply(BigDecimal.valueOf(elapsed))
				.divide(BigDecimal.valueOf(total), 0, RoundingMode.DOWN)
				.longValueExact();
			sold = unitsOrdered(sku, plan.get().periodStart(), at);
		}
		Optional<CompetitorPrices.Observed> competitor = this.competitors.lowestInStock(sku, rule.currency(), at,
				this.competitorMaxAge);
		String guarantee = guaranteeAt(sku, groups, at);
		String killSwitch = engagedKillSwitch(groups);
		return new Inputs(at, currentPriceMinor, dayOpenPriceMinor, cost, available, dailyDemand, plannedToDate, sold,
				competitor.map(CompetitorPrices.Observed::priceMinor).orElse(null),
				competitor.map(CompetitorPrices.Observed::sourceId).orElse(null), guarantee, killSwitch);
	}

	private long unitsOrdered(String sku, Instant from, Instant to) {
		return this.jdbc.sql(
				"select coalesce(sum(units), 0) from repricing_demand where sku = ? and placed_at > ? and placed_at <= ?")
			.params(sku, Timestamp.from(from), Timestamp.from(to))
			.query(Long.class)
			.single();
	}

	private @Nullable String guaranteeAt(String sku, Set<String> groups, Instant at) {
		return guarantees().stream()
			.filter((g) -> !at.isBefore(g.startsAt()) && at.isBefore(g.endsAt()))
			.filter((g) -> (g.scopeKind() == RepricingRules.ScopeKind.SKU) ? g.scopeValue().equals(sku)
					: groups.contains(g.scopeValue()))
			.map(Guarantee::campaignId)
			.findFirst()
			.orElse(null);
	}

	private @Nullable String engagedKillSwitch(Set<String> groups) {
		return killSwitches().stream()
			.filter(KillSwitch::engaged)
			.map(KillSwitch::scope)
			.filter((scope) -> GLOBAL.equals(scope) || groups.contains(scope))
			.findFirst()
			.orElse(null);
	}

	// --- what the feeds record ------------------------------------------------------

	void recordStock(String eventId, String sku, long available, Instant changedAt) {
		this.jdbc.sql("""
				insert into repricing_stock (event_id, sku, available, changed_at) values (?, ?, ?, ?)
				on conflict (event_id) do nothing""")
			.params(eventId, sku, available, Timestamp.from(changedAt))
			.update();
	}

	void recordDemand(String orderId, String sku, long units, Instant placedAt) {
		this.jdbc.sql("""
				insert into repricing_demand (order_id, sku, units, placed_at) values (?, ?, ?, ?)
				on conflict (order_id, sku) do nothing""")
			.params(orderId, sku, units, Timestamp.from(placedAt))
			.update();
	}

	// --- what ops enter -------------------------------------------------------------

	Cost saveCost(String sku, String currency, long costMinor) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into repricing_cost (sku, currency, cost_minor, updated_at) values (?, ?, ?, ?)
					on conflict (sku, currency) do update set cost_minor = excluded.cost_minor, updated_at = excluded.updated_at""")
			.params(sku, currency, costMinor, Timestamp.from(now))
			.update();
		return new Cost(sku, currency, costMinor, now);
	}

	Optional<Cost> cost(String sku, String currency) {
		return this.jdbc.sql("select * from repricing_cost where sku = ? and currency = ?")
			.params(sku, currency)
			.query((rs, n) -> new Cost(rs.getString("sku"), rs.getString("currency"), rs.getLong("cost_minor"),
					rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	Plan savePlan(String sku, Instant periodStart, Instant periodEnd, long plannedUnits) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into repricing_plan (sku, period_start, period_end, planned_units, updated_at) values (?, ?, ?, ?, ?)
					on conflict (sku) do update set period_start = excluded.period_start, period_end = excluded.period_end,
					  planned_units = excluded.planned_units, updated_at = excluded.updated_at""")
			.params(sku, Timestamp.from(periodStart), Timestamp.from(periodEnd), plannedUnits, Timestamp.from(now))
			.update();
		return new Plan(sku, periodStart, periodEnd, plannedUnits, now);
	}

	Optional<Plan> plan(String sku) {
		return this.jdbc.sql("select * from repricing_plan where sku = ?")
			.param(sku)
			.query((rs, n) -> new Plan(rs.getString("sku"), rs.getTimestamp("period_start").toInstant(),
					rs.getTimestamp("period_end").toInstant(), rs.getLong("planned_units"),
					rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	Guarantee addGuarantee(RepricingRules.ScopeKind scopeKind, String scopeValue, String campaignId, Instant startsAt,
			Instant endsAt) {
		Guarantee guarantee = new Guarantee(UUID.randomUUID(), scopeKind, scopeValue, campaignId, startsAt, endsAt);
		this.jdbc.sql("""
				insert into repricing_guarantee (guarantee_id, scope_kind, scope_value, campaign_id, starts_at, ends_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(guarantee.guaranteeId(), scopeKind.name(), scopeValue, campaignId, Timestamp.from(startsAt),
					Timestamp.from(endsAt))
			.update();
		return guarantee;
	}

	List<Guarantee> guarantees() {
		return this.jdbc.sql("select * from repricing_guarantee order by starts_at")
			.query((rs, n) -> new Guarantee(rs.getObject("guarantee_id", UUID.class),
					RepricingRules.ScopeKind.valueOf(rs.getString("scope_kind")), rs.getString("scope_value"),
					rs.getString("campaign_id"), rs.getTimestamp("starts_at").toInstant(),
					rs.getTimestamp("ends_at").toInstant()))
			.list();
	}

	boolean deleteGuarantee(UUID guaranteeId) {
		return this.jdbc.sql("delete from repricing_guarantee where guarantee_id = ?").param(guaranteeId).update() == 1;
	}

	KillSwitch setKillSwitch(String scope, boolean engaged, @Nullable String reason, String actor) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into repricing_kill_switch (scope, engaged, reason, changed_by, changed_at) values (?, ?, ?, ?, ?)
					on conflict (scope) do update set engaged = excluded.engaged, reason = excluded.reason,
					  changed_by = excluded.changed_by, changed_at = excluded.changed_at""")
			.params(scope, engaged, reason, actor, Timestamp.from(now))
			.update();
		return new KillSwitch(scope, engaged, reason, actor, now);
	}

	List<KillSwitch> killSwitches() {
		return this.jdbc.sql("select * from repricing_kill_switch order by scope")
			.query((rs, n) -> new KillSwitch(rs.getString("scope"), rs.getBoolean("engaged"), rs.getString("reason"),
					rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant()))
			.list();
	}

}
