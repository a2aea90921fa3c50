package io.concord.promotion.repricing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.prices.PriceLists;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs rules: evaluates each SKU of a rule now, applies (AUTO) or suggests (SUGGEST) what
 * the guardrails allow, and audits every decision with its inputs and reason. Approving a
 * suggestion runs the guardrails again on the inputs of that moment. A replay runs the
 * same arithmetic over the stored history and applies nothing. Price changes go through
 * {@link PriceLists#set} as {@code DYNAMIC}, never around it; each SKU's price change and
 * its audit row are separate steps, so a refusal by the price authority (409) is audited
 * as FAILED and does not undo the other SKUs.
 */
@Component
class Repricing {

	private static final Logger log = LoggerFactory.getLogger(Repricing.class);

	/** A replay answers at most this many steps per SKU. */
	static final int MAX_REPLAY_STEPS = 10_000;

	record Audited(UUID decisionId, String ruleId, String sku, String channel, String currency, Instant decidedAt,
			@Nullable Long currentPriceMinor, @Nullable Long targetPriceMinor, @Nullable Long finalPriceMinor,
			String outcome, @Nullable String heldBy, String reason, Inputs inputs, String decidedBy,
			@Nullable String reviewedBy, @Nullable Instant reviewedAt) {
	}

	record ReplayStep(Instant at, String sku, long currentPriceMinor, @Nullable Long targetPriceMinor,
			long finalPriceMinor, String outcome, @Nullable String heldBy, String reason, Inputs inputs) {
	}

	record Replay(String ruleId, Instant from, Instant to, Duration step, List<ReplayStep> steps) {
	}

	private final JdbcClient jdbc;

	private final RepricingRules rules;

	private final RepricingInputs inputs;

	private final PriceLists prices;

	private final JsonMapper json;

	private final Clock clock;

	private final boolean auto;

	Repricing(JdbcTemplate jdbc, RepricingRules rules, RepricingInputs inputs, PriceLists prices, JsonMapper json,
			Clock clock, @Value("${concord.repricing.auto.enabled:false}") boolean auto) {
		this.jdbc = JdbcClient.create(jdbc);
		this.rules = rules;
		this.inputs = inputs;
		this.prices = prices;
		this.json = json;
		this.clock = clock;
		this.auto = auto;
	}

	/** AUTO rules on their cadence; off unless concord.repricing.auto.enabled. */
	@Scheduled(fixedDelayString = "${concord.repricing.auto.cadence:15m}",
			initialDelayString = "${concord.repricing.auto.cadence:15m}")
	void evaluateAutoRules() {
		if (!this.auto) {
			return;
		}
		for (RepricingRules.Rule rule : this.rules.enabledAuto()) {
			try {
				evaluate(rule, "repricing-scheduler");
			}
			catch (RuntimeException ex) {
				log.warn("Repricing rule {} failed; the next run tries again", rule.ruleId(), ex);
			}
		}
	}

	List<Audited> evaluate(String ruleId, String actor) {
		RepricingRules.Rule rule = rule(ruleId);
		if (!rule.enabled()) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("rule-disabled"), "Rule disabled",
					"Rule " + ruleId + " is disabled");
		}
		return evaluate(rule, actor);
	}

	private List<Audited> evaluate(RepricingRules.Rule rule, String actor) {
		List<Audited> decisions = new ArrayList<>();
		Instant now = this.clock.instant();
		for (String sku : RepricingRules.skusOf(rule, this.prices::groupsOf)) {
			decisions.add(evaluate(rule, sku, now, actor));
		}
		return decisions;
	}

	private Audited evaluate(RepricingRules.Rule rule, String sku, Instant now, String actor) {
		Optional<PriceLists.CurrentPrice> price = this.prices.current(sku, rule.channel(), rule.currency());
		Set<String> groups = this.prices.groupsOf(sku);
		if (price.isEmpty()) {
			Inputs none = this.inputs.at(rule, sku, groups, now, 0, 0);
			return record(rule, sku, now, null, null, null, "HELD", "NO_PRICE",
					"the price authority has no price for the SKU on this channel and currency", none, actor);
		}
		long current = price.get().sellingPriceMinor();
		Inputs in = this.inputs.at(rule, sku, groups, now, current, dayOpen(rule, sku, now, current));
		Repricer.Decision decision = Repricer.decide(rule.definition(), in);
		String heldBy = (decision.heldBy() != null) ? decision.heldBy().name() : null;
		if (decision.outcome() != Repricer.Outcome.CHANGE) {
			return record(rule, sku, now, current, decision.targetPriceMinor(), decision.finalPriceMinor(),
					decision.outcome().name(), heldBy, decision.reason(), in, actor);
		}
		if (rule.mode() == RepricingRules.Mode.SUGGEST) {
			this.jdbc.sql("""
					update repricing_decision set outcome = 'SUPERSEDED', reviewed_by = ?, reviewed_at = ?
					where rule_id = ? and sku = ? and outcome = 'SUGGESTED'""")
				.params(actor, Timestamp.from(now), rule.ruleId(), sku)
				.update();
			return record(rule, sku, now, current, decision.targetPriceMinor(), decision.finalPriceMinor(), "SUGGESTED",
					heldBy, decision.reason(), in, actor);
		}
		try {
			apply(rule, sku, price.get(), decision.finalPriceMinor(), decision.reason());
		}
		catch (ProblemException ex) {
			return record(rule, sku, now, current, decision.targetPriceMinor(), decision.finalPriceMinor(), "FAILED",
					heldBy, decision.reason() + "; refused by the price authority: " + ex.getMessage(), in, actor);
		}
		return record(rule, sku, now, current, decision.targetPriceMinor(), decision.finalPriceMinor(), "APPLIED",
				heldBy, decision.reason(), in, actor);
	}

	/**
	 * Applies a pending suggestion after running the guardrails again on now's inputs (a
	 * kill switch engaged or a guarantee begun since holds it; a step or day limit may
	 * shorten it).
	 */
	Audited approve(UUID decisionId, String actor) {
		Audited suggestion = pending(decisionId);
		RepricingRules.Rule rule = rule(suggestion.ruleId());
		Instant now = this.clock.instant();
		PriceLists.CurrentPrice price = this.prices.current(suggestion.sku(), rule.channel(), rule.currency())
			.orElseThrow(() -> conflict("suggestion-stale", "The SKU has no price any more"));
		long current = price.sellingPriceMinor();
		Inputs in = this.inputs.at(rule, suggestion.sku(), this.prices.groupsOf(suggestion.sku()), now, current,
				dayOpen(rule, suggestion.sku(), now, current));
		long suggested = (suggestion.finalPriceMinor() != null) ? suggestion.finalPriceMinor() : current;
		Guardrails.Verdict verdict = Guardrails.apply(rule.definition().limits(), in, suggested);
		if (verdict.held()) {
			throw conflict("guardrail-held", "The suggestion cannot be applied now: " + verdict.reason());
		}
		if (verdict.priceMinor() == current) {
			throw conflict("suggestion-stale", "The price is already " + current + ": nothing to apply");
		}
		String reason = suggestion.reason() + "; approved by " + actor
				+ ((verdict.by() != null) ? "; " + verdict.reason() : "");
		apply(rule, suggestion.sku(), price, verdict.priceMinor(), reason);
		this.jdbc.sql("""
				update repricing_decision set outcome = 'APPROVED', final_price_minor = ?, reason = ?, reviewed_by = ?,
				  reviewed_at = ?, inputs = ?::jsonb where decision_id = ? and outcome = 'SUGGESTED'""")
			.params(verdict.priceMinor(), truncate(reason), actor, Timestamp.from(now),
					this.json.writeValueAsString(in), decisionId)
			.update();
		return decision(decisionId).orElseThrow();
	}

	Audited reject(UUID decisionId, String actor) {
		pending(decisionId);
		this.jdbc.sql("""
				update repricing_decision set outcome = 'REJECTED', reviewed_by = ?, reviewed_at = ?
				where decision_id = ? and outcome = 'SUGGESTED'""")
			.params(actor, Timestamp.from(this.clock.instant()), decisionId)
			.update();
		return decision(decisionId).orElseThrow();
	}

	/**
	 * What the rule would have done from {@code from} to {@code to}, every {@code step},
	 * on the stored stock, demand and competitor history (costs, plans, guarantees as
	 * entered; kill switches as they are now), starting from the price the first audited
	 * decision in the span saw, else today's price. Applies and audits nothing.
	 */
	Replay replay(String ruleId, Instant from, Instant to, Duration step) {
		RepricingRules.Rule rule = rule(ruleId);
		if (!to.isAfter(from) || step.isNegative() || step.isZero()) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION, "Invalid replay",
					"to must be after from and step positive");
		}
		long count = Duration.between(from, to).dividedBy(step);
		if (count > MAX_REPLAY_STEPS) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION, "Invalid replay",
					"At most " + MAX_REPLAY_STEPS + " steps per replay; this one has " + count);
		}
		List<ReplayStep> steps = new ArrayList<>();
		for (String sku : RepricingRules.skusOf(rule, this.prices::groupsOf)) {
			Optional<Long> start = startingPrice(rule, sku, from);
			if (start.isEmpty()) {
				continue;
			}
			Set<String> groups = this.prices.groupsOf(sku);
			long price = start.get();
			long dayOpen = price;
			Instant day = from.truncatedTo(ChronoUnit.DAYS);
			for (Instant at = from; !at.isAfter(to); at = at.plus(step)) {
				if (!at.truncatedTo(ChronoUnit.DAYS).equals(day)) {
					day = at.truncatedTo(ChronoUnit.DAYS);
					dayOpen = price;
				}
				Inputs in = this.inputs.at(rule, sku, groups, at, price, dayOpen);
				Repricer.Decision decision = Repricer.decide(rule.definition(), in);
				String outcome = (decision.outcome() == Repricer.Outcome.CHANGE)
						? ((rule.mode() == RepricingRules.Mode.AUTO) ? "WOULD_APPLY" : "WOULD_SUGGEST")
						: decision.outcome().name();
				steps.add(new ReplayStep(at, sku, price, decision.targetPriceMinor(), decision.finalPriceMinor(),
						outcome, (decision.heldBy() != null) ? decision.heldBy().name() : null, decision.reason(), in));
				// A suggestion is replayed as if approved, to show where the rule leads.
				price = decision.finalPriceMinor();
			}
		}
		return new Replay(ruleId, from, to, step, steps);
	}

	List<Audited> decisions(@Nullable String ruleId, @Nullable String sku, @Nullable String outcome, int limit) {
		return this.jdbc.sql("""
				select * from repricing_decision
				where (cast(? as varchar) is null or rule_id = ?) and (cast(? as varchar) is null or sku = ?)
				  and (cast(? as varchar) is null or outcome = ?)
				order by decided_at desc limit ?""")
			.params(ruleId, ruleId, sku, sku, outcome, outcome, limit)
			.query(this::audited)
			.list();
	}

	Optional<Audited> decision(UUID decisionId) {
		return this.jdbc.sql("select * from repricing_decision where decision_id = ?")
			.param(decisionId)
			.query(this::audited)
			.optional();
	}

	private void apply(RepricingRules.Rule rule, String sku, PriceLists.CurrentPrice price, long sellingPriceMinor,
			String reason) {
		this.prices.set(
				new PriceLists.PriceCommand(sku, rule.channel(), rule.currency(),
						Math.max(price.listPriceMinor(), sellingPriceMinor), sellingPriceMinor, null, null,
						PriceLists.Source.DYNAMIC, truncate("rule " + rule.ruleId() + ": " + reason)),
				"repricing:" + rule.ruleId(), false);
	}

	/**
	 * The price the UTC day opened with: what the day's first audited decision for the
	 * SKU saw, else the price now (no decision yet today, so no dynamic move yet either).
	 */
	private long dayOpen(RepricingRules.Rule rule, String sku, Instant now, long current) {
		Instant dayStart = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
		return this.jdbc.sql("""
				select current_price_minor from repricing_decision
				where sku = ? and channel = ? and currency = ? and decided_at >= ? and current_price_minor is not null
				order by decided_at limit 1""")
			.params(sku, rule.channel(), rule.currency(), Timestamp.from(dayStart))
			.query(Long.class)
			.optional()
			.orElse(current);
	}

	private Optional<Long> startingPrice(RepricingRules.Rule rule, String sku, Instant from) {
		Optional<Long> audited = this.jdbc.sql("""
				select current_price_minor from repricing_decision
				where sku = ? and channel = ? and currency = ? and decided_at >= ? and current_price_minor is not null
				order by decided_at limit 1""")
			.params(sku, rule.channel(), rule.currency(), Timestamp.from(from))
			.query(Long.class)
			.optional();
		return audited.isPresent() ? audited : this.prices.current(sku, rule.channel(), rule.currency())
			.map(PriceLists.CurrentPrice::sellingPriceMinor);
	}

	private Audited pending(UUID decisionId) {
		Audited decision = decision(decisionId)
			.orElseThrow(() -> new ProblemException.NotFound("Repricing suggestion", decisionId));
		if (!"SUGGESTED".equals(decision.outcome())) {
			throw conflict("suggestion-not-pending",
					"Decision " + decisionId + " is " + decision.outcome() + ", not a pending suggestion");
		}
		return decision;
	}

	private RepricingRules.Rule rule(String ruleId) {
		return this.rules.find(ruleId).orElseThrow(() -> new ProblemException.NotFound("Repricing rule", ruleId));
	}

	private Audited record(RepricingRules.Rule rule, String sku, Instant at, @Nullable Long current,
			@Nullable Long target, @Nullable Long finalPrice, String outcome, @Nullable String heldBy, String reason,
			Inputs in, String actor) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("""
					insert into repricing_decision (decision_id, rule_id, sku, channel, currency, decided_at,
					  current_price_minor, target_price_minor, final_price_minor, outcome, held_by, reason, inputs, decided_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
			.params(id, rule.ruleId(), sku, rule.channel(), rule.currency(), Timestamp.from(at), current, target,
					finalPrice, outcome, heldBy, truncate(reason), this.json.writeValueAsString(in), actor)
			.update();
		return new Audited(id, rule.ruleId(), sku, rule.channel(), rule.currency(), at, current, target, finalPrice,
				outcome, heldBy, truncate(reason), in, actor, null, null);
	}

	private Audited audited(ResultSet rs, int n) throws SQLException {
		Timestamp reviewed = rs.getTimestamp("reviewed_at");
		return new Audited(rs.getObject("decision_id", UUID.class), rs.getString("rule_id"), rs.getString("sku"),
				rs.getString("channel"), rs.getString("currency"), rs.getTimestamp("decided_at").toInstant(),
				rs.getObject("current_price_minor", Long.class), rs.getObject("target_price_minor", Long.class),
				rs.getObject("final_price_minor", Long.class), rs.getString("outcome"), rs.getString("held_by"),
				rs.getString("reason"), this.json.readValue(rs.getString("inputs"), Inputs.class),
				rs.getString("decided_by"), rs.getString("reviewed_by"),
				(reviewed != null) ? reviewed.toInstant() : null);
	}

	private static ProblemException conflict(String type, String detail) {
		return new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of(type), "Conflict", detail);
	}

	private static String truncate(String reason) {
		return (reason.length() <= 1000) ? reason : reason.substring(0, 997) + "...";
	}

}
