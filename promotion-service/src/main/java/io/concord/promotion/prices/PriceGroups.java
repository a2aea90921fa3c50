package io.concord.promotion.prices;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * SKU groups with their consistency rules, the open violations of those rules, and the
 * audit of overrides. What breaks a rule is {@link PriceRule}'s.
 */
@Component
class PriceGroups {

	record Group(String id, String name, Set<String> skus, List<PriceRule> rules, Instant createdAt) {
	}

	record Violation(UUID id, UUID ruleId, String groupId, String severity, String sku, String channel, String currency,
			Map<String, Object> detail, boolean overridden, Instant openedAt, @Nullable Instant closedAt) {
	}

	record Override(UUID id, UUID entryId, UUID ruleId, String groupId, String actor, String reason,
			List<Map<String, Object>> conflicts, Instant createdAt) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PriceGroups(JdbcTemplate jdbc, JsonMapper json, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	Group create(String id, String name, Set<String> skus) {
		try {
			this.jdbc.sql("insert into price_group (id, name, created_at) values (?, ?, ?)")
				.params(id, name, Timestamp.from(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new ProblemException.Conflict("A SKU group " + id + " exists");
		}
		setSkus(id, skus);
		return find(id);
	}

	@Transactional
	Group update(String id, String name, Set<String> skus) {
		if (this.jdbc.sql("update price_group set name = ? where id = ?").params(name, id).update() == 0) {
			throw new ProblemException.NotFound("SKU group", id);
		}
		this.jdbc.sql("delete from price_group_sku where group_id = ?").params(id).update();
		setSkus(id, skus);
		return find(id);
	}

	@Transactional
	void delete(String id) {
		if (this.jdbc.sql("delete from price_group where id = ?").params(id).update() == 0) {
			throw new ProblemException.NotFound("SKU group", id);
		}
	}

	@Transactional
	PriceRule addRule(String groupId, PriceRule.Kind kind, @Nullable BigDecimal maxDifferencePercent,
			PriceRule.Severity severity) {
		find(groupId);
		if ((kind == PriceRule.Kind.MAX_DIFFERENCE) != (maxDifferencePercent != null) || (maxDifferencePercent != null
				&& (maxDifferencePercent.signum() < 0 || maxDifferencePercent.compareTo(BigDecimal.valueOf(1000)) > 0
						|| maxDifferencePercent.scale() > 2))) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-price-rule"), "Invalid price rule",
					"MAX_DIFFERENCE needs maxDifferencePercent (0 to 1000, two decimals at most); SAME_PRICE takes none");
		}
		PriceRule rule = new PriceRule(UUID.randomUUID(), groupId, kind, maxDifferencePercent, severity);
		this.jdbc.sql("""
				insert into price_rule (id, group_id, kind, max_difference_percent, severity, created_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(rule.id(), groupId, kind.name(), maxDifferencePercent, severity.name(),
					Timestamp.from(this.clock.instant()))
			.update();
		return rule;
	}

	@Transactional
	void deleteRule(String groupId, UUID ruleId) {
		if (this.jdbc.sql("delete from price_rule where group_id = ? and id = ?")
			.params(groupId, ruleId)
			.update() == 0) {
			throw new ProblemException.NotFound("Price rule", ruleId);
		}
		// A rule gone cannot be broken any more.
		this.jdbc.sql("update price_violation set closed_at = ? where rule_id = ? and closed_at is null")
			.params(Timestamp.from(this.clock.instant()), ruleId)
			.update();
	}

	Group find(String id) {
		return groups("where g.id = :id", Map.of("id", id)).stream()
			.findFirst()
			.orElseThrow(() -> new ProblemException.NotFound("SKU group", id));
	}

	List<Group> list() {
		return groups("", Map.of());
	}

	Set<String> groupsOf(String sku) {
		return new LinkedHashSet<>(this.jdbc.sql("select group_id from price_group_sku where sku = ? order by group_id")
			.params(sku)
			.query(String.class)
			.list());
	}

	List<PriceRule> rulesFor(String sku) {
		return this.jdbc.sql("""
				select r.id, r.group_id, r.kind, r.max_difference_percent, r.severity from price_rule r
				join price_group_sku s on s.group_id = r.group_id where s.sku = ? order by r.created_at""")
			.params(sku)
			.query((rs, n) -> new PriceRule(rs.getObject("id", UUID.class), rs.getString("group_id"),
					PriceRule.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("max_difference_percent"),
					PriceRule.Severity.valueOf(rs.getString("severity"))))
			.list();
	}

	/** Every (group SKU, currency) pair some rule covers, for the nightly check. */
	List<String> ruledSkus() {
		return this.jdbc.sql("""
				select distinct s.sku from price_group_sku s where exists
				  (select 1 from price_rule r where r.group_id = s.group_id) order by s.sku""")
			.query(String.class)
			.list();
	}

	/**
	 * Records the conflicts as open violations (one per rule, SKU, channel and currency),
	 * publishing PriceRuleViolated for each one newly opened.
	 */
	int open(Collection<PriceRule.Conflict> conflicts, boolean overridden, String detectedBy, Instant now) {
		int opened = 0;
		for (PriceRule.Conflict conflict : conflicts) {
			UUID id = UUID.randomUUID();
			boolean wasOverridden = overridden && conflict.severity() == PriceRule.Severity.HARD;
			int inserted = this.jdbc.sql("""
					insert into price_violation (id, rule_id, group_id, severity, sku, channel, currency, detail,
					  overridden, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
					on conflict (rule_id, sku, channel, currency) where closed_at is null do nothing""")
				.params(id, conflict.ruleId(), conflict.groupId(), conflict.severity().name(), conflict.sku(),
						conflict.channel(), conflict.currency(), this.json.writeValueAsString(conflict), wasOverridden,
						Timestamp.from(now))
				.update();
			if (inserted == 1) {
				opened++;
				this.events.publishEvent(new PriceEvents.PriceRuleViolated(
						EventMetadata.of(conflict.sku(),
								this.jdbc.sql("select nextval('price_event_version')").query(Long.class).single(), now),
						id, conflict.ruleId(), conflict.groupId(), conflict.kind().name(),
						conflict.maxDifferencePercent(), conflict.severity().name(), conflict.sku(),
						conflict.currency(), conflict.channel(), conflict.channelPriceMinor(),
						conflict.allChannelsPriceMinor(), wasOverridden, detectedBy, now));
			}
		}
		return opened;
	}

	/**
	 * Checks every rule of the SKU in the currency at {@code at}: opens violations found,
	 * closes those that hold again.
	 */
	int reconcile(String sku, String currency, List<PriceEntry> entries, Instant at, String detectedBy,
			boolean overridden) {
		List<PriceRule.Conflict> conflicts = new ArrayList<>();
		Set<UUID> rules = new HashSet<>();
		for (PriceRule rule : rulesFor(sku)) {
			rules.add(rule.id());
			conflicts.addAll(rule.conflicts(entries, sku, currency, at));
		}
		Set<String> still = new HashSet<>();
		conflicts.forEach((c) -> still.add(c.ruleId() + "/" + c.channel()));
		this.jdbc
			.sql("""
					select id, rule_id, channel from price_violation where sku = ? and currency = ? and closed_at is null""")
			.params(sku, currency)
			.query((rs,
					n) -> new Object[] { rs.getObject("id", UUID.class), rs.getObject("rule_id", UUID.class),
							rs.getString("channel") })
			.list()
			.stream()
			.filter((open) -> !still.contains(open[1] + "/" + open[2]))
			.forEach((open) -> this.jdbc.sql("update price_violation set closed_at = ? where id = ?")
				.params(Timestamp.from(at), open[0])
				.update());
		return open(conflicts, overridden, detectedBy, at);
	}

	void auditOverrides(UUID entryId, List<PriceRule.Conflict> hard, String actor, String reason, Instant now) {
		hard.stream().map(PriceRule.Conflict::ruleId).distinct().forEach((ruleId) -> {
			List<PriceRule.Conflict> ofRule = hard.stream().filter((c) -> c.ruleId().equals(ruleId)).toList();
			this.jdbc.sql("""
					insert into price_override (id, entry_id, rule_id, group_id, actor, reason, conflicts, created_at)
					values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
				.params(UUID.randomUUID(), entryId, ruleId, ofRule.get(0).groupId(), actor, reason,
						this.json.writeValueAsString(ofRule), Timestamp.from(now))
				.update();
		});
	}

	List<Violation> violations(boolean openOnly) {
		return this.jdbc
			.sql("""
					select id, rule_id, group_id, severity, sku, channel, currency, detail, overridden, opened_at, closed_at
					from price_violation %s order by opened_at desc limit 500"""
				.formatted(openOnly ? "where closed_at is null" : ""))
			.query((rs, n) -> {
				Timestamp closed = rs.getTimestamp("closed_at");
				@SuppressWarnings("unchecked")
				Map<String, Object> detail = this.json.readValue(rs.getString("detail"), Map.class);
				return new Violation(rs.getObject("id", UUID.class), rs.getObject("rule_id", UUID.class),
						rs.getString("group_id"), rs.getString("severity"), rs.getString("sku"),
						rs.getString("channel"), rs.getString("currency"), detail, rs.getBoolean("overridden"),
						rs.getTimestamp("opened_at").toInstant(), (closed != null) ? closed.toInstant() : null);
			})
			.list();
	}

	List<Override> overrides() {
		return this.jdbc.sql("""
				select id, entry_id, rule_id, group_id, actor, reason, conflicts, created_at from price_override
				order by created_at desc limit 500""").query((rs, n) -> {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> conflicts = this.json.readValue(rs.getString("conflicts"), List.class);
			return new Override(rs.getObject("id", UUID.class), rs.getObject("entry_id", UUID.class),
					rs.getObject("rule_id", UUID.class), rs.getString("group_id"), rs.getString("actor"),
					rs.getString("reason"), conflicts, rs.getTimestamp("created_at").toInstant());
		}).list();
	}

	private void setSkus(String id, Set<String> skus) {
		for (String sku : skus) {
			this.jdbc.sql("insert into price_group_sku (group_id, sku) values (?, ?)").params(id, sku).update();
		}
	}

	private List<Group> groups(String where, Map<String, Object> params) {
		List<Group> groups = new ArrayList<>();
		this.jdbc.sql("select g.id, g.name, g.created_at from price_group g " + where + " order by g.id")
			.params(params)
			.query((rs,
					n) -> new Object[] { rs.getString("id"), rs.getString("name"),
							rs.getTimestamp("created_at").toInstant() })
			.list()
			.forEach((row) -> {
				String id = (String) row[0];
				Set<String> skus = new LinkedHashSet<>(
						this.jdbc.sql("select sku from price_group_sku where group_id = ? order by sku")
							.params(id)
							.query(String.class)
							.list());
				List<PriceRule> rules = this.jdbc.sql("""
						select id, kind, max_difference_percent, severity from price_rule where group_id = ?
						order by created_at""")
					.params(id)
					.query((rs, i) -> new PriceRule(rs.getObject("id", UUID.class), id,
							PriceRule.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("max_difference_percent"),
							PriceRule.Severity.valueOf(rs.getString("severity"))))
					.list();
				groups.add(new Group(id, (String) row[1], skus, rules, (Instant) row[2]));
			});
		return groups;
	}

}
