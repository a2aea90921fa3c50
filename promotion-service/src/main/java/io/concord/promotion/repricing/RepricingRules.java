package io.concord.promotion.repricing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rules ops define: scope, channel and currency, mode and definition. */
@Component
class RepricingRules {

	enum Mode {

		SUGGEST, AUTO

	}

	enum ScopeKind {

		SKU, GROUP

	}

	/**
	 * A rule. A GROUP rule prices the {@code skus} listed that the price authority puts
	 * in the group ({@code PriceLists.groupsOf}); a SKU rule prices its one SKU.
	 */
	record Rule(String ruleId, String name, ScopeKind scopeKind, String scopeValue, List<String> skus, String channel,
			String currency, Mode mode, boolean enabled, RuleDefinition definition, Instant updatedAt) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	RepricingRules(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.clock = clock;
	}

	Rule save(String ruleId, String name, ScopeKind scopeKind, String scopeValue, List<String> skus, String channel,
			String currency, Mode mode, boolean enabled, RuleDefinition definition) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into repricing_rule (rule_id, name, scope_kind, scope_value, skus, channel, currency, mode, enabled,
					  definition, updated_at) values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?)
					on conflict (rule_id) do update set name = excluded.name, scope_kind = excluded.scope_kind,
					  scope_value = excluded.scope_value, skus = excluded.skus, channel = excluded.channel,
					  currency = excluded.currency, mode = excluded.mode, enabled = excluded.enabled,
					  definition = excluded.definition, updated_at = excluded.updated_at""")
			.params(ruleId, name, scopeKind.name(), scopeValue, this.json.writeValueAsString(skus), channel, currency,
					mode.name(), enabled, this.json.writeValueAsString(definition), Timestamp.from(now))
			.update();
		return find(ruleId).orElseThrow();
	}

	Optional<Rule> find(String ruleId) {
		return this.jdbc.sql("select * from repricing_rule where rule_id = ?")
			.param(ruleId)
			.query(this::rule)
			.optional();
	}

	List<Rule> all() {
		return this.jdbc.sql("select * from repricing_rule order by rule_id").query(this::rule).list();
	}

	List<Rule> enabledAuto() {
		return this.jdbc.sql("select * from repricing_rule where enabled and mode = 'AUTO' order by rule_id")
			.query(this::rule)
			.list();
	}

	/** The SKUs a rule prices now. */
	static List<String> skusOf(Rule rule, java.util.function.Function<String, java.util.Set<String>> groupsOf) {
		if (rule.scopeKind() == ScopeKind.SKU) {
			return List.of(rule.scopeValue());
		}
		return rule.skus().stream().filter((sku) -> groupsOf.apply(sku).contains(rule.scopeValue())).toList();
	}

	private Rule rule(ResultSet rs, int n) throws SQLException {
		return new Rule(rs.getString("rule_id"), rs.getString("name"), ScopeKind.valueOf(rs.getString("scope_kind")),
				rs.getString("scope_value"),
				this.json.readValue(rs.getString("skus"), new TypeReference<List<String>>() {
				}), rs.getString("channel"), rs.getString("currency"), Mode.valueOf(rs.getString("mode")),
				rs.getBoolean("enabled"), this.json.readValue(rs.getString("definition"), RuleDefinition.class),
				rs.getTimestamp("updated_at").toInstant());
	}

}
