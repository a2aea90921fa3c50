package io.concord.member.tiers;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.member.audit.AuditLog;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.MemberMerged;
import io.concord.member.orders.MemberOrderDelivered;
import io.concord.member.orders.MemberOrderReturned;
import io.concord.member.orders.MemberOrders;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Evaluates, stores and announces members' tiers; reads and configures the rules. */
@Service
public class Tiers {

	/** A member's tier and what counts towards it. */
	public record MemberTier(UUID memberId, Tier tier, Instant since, long spendMinor, String currency, int orders,
			TierBenefits benefits) {
	}

	private static final Duration WINDOW = Duration.ofDays(365);

	private static final RowMapper<TierBenefits> RULE = (rs, i) -> new TierBenefits(Tier.valueOf(rs.getString("tier")),
			rs.getLong("min_spend_minor"), rs.getInt("min_orders"), rs.getBigDecimal("discount_percent"),
			rs.getBoolean("free_shipping"), rs.getBoolean("early_access"), rs.getBigDecimal("points_multiplier"),
			rs.getLong("birthday_gift_points"));

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Clock clock;

	private final String currency;

	private final Identities identities;

	private final MemberOrders orders;

	Tiers(JdbcTemplate jdbc, ApplicationEventPublisher events, AuditLog audit, Clock clock,
			@Value("${concord.member.points.currency:CNY}") String currency, Identities identities,
			PlatformTransactionManager transactions, MemberOrders orders) {
		this.ownTransaction = new TransactionTemplate(transactions);
		this.orders = orders;
		this.identities = identities;
		this.jdbc = jdbc;
		this.events = events;
		this.audit = audit;
		this.clock = clock;
		this.currency = currency;
	}

	@Transactional(readOnly = true)
	public List<TierBenefits> rules() {
		return this.jdbc.query("select * from tier_rule order by rank", RULE);
	}

	/** The member's tier (Bronze until an order says otherwise). */
	@Transactional(readOnly = true)
	public MemberTier current(MemberId member) {
		List<MemberTier> stored = this.jdbc.query(
				"select tier, since, spend_minor, orders from member_tier where member_id = ?",
				(rs, i) -> new MemberTier(member.value(), Tier.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant(),
						rs.getLong(3), this.currency, rs.getInt(4), rule(Tier.valueOf(rs.getString(1)))),
				member.value());
		return stored.isEmpty()
				? new MemberTier(member.value(), Tier.BRONZE, null, 0, this.currency, 0, rule(Tier.BRONZE))
				: stored.get(0);
	}

	public BigDecimal pointsMultiplier(MemberId member) {
		return current(member).benefits().pointsMultiplier();
	}

	/** Recomputes the member's tier from the last 12 months; announces a change. */
	@Transactional
	public MemberTier evaluate(MemberId member) {
		// One evaluation of a member at a time, across replicas: two concurrent ones
		// would
		// both see the old tier and announce the same change twice.
		this.jdbc.queryForObject("select 1 from (select pg_advisory_xact_lock(?)) locked", Integer.class,
				member.value().getMostSignificantBits() ^ member.value().getLeastSignificantBits());
		Instant now = this.clock.instant();
		MemberOrders.Spend window = this.orders.deliveredSince(member.value(), now.minus(WINDOW), this.currency);
		long spend = window.spendMinor();
		int orders = window.orders();
		TierBenefits earned = rules().stream()
			.filter((rule) -> spend >= rule.minSpendMinor() && orders >= rule.minOrders())
			.reduce((lower, higher) -> higher)
			.orElseThrow();
		this.jdbc.update("delete from member_tier_grant where member_id = ? and until <= ?", member.value(),
				Timestamp.from(now));
		// An unexpired grant lifts the member to its tier, never lowers them.
		TierBenefits qualified = this.jdbc
			.queryForList("select tier from member_tier_grant where member_id = ? and until > ?", String.class,
					member.value(), Timestamp.from(now))
			.stream()
			.map(Tier::valueOf)
			.filter((granted) -> granted.ordinal() > earned.tier().ordinal())
			.map(this::rule)
			.findFirst()
			.orElse(earned);
		MemberTier before = current(member);
		this.jdbc.update("""
				insert into member_tier (member_id, tier, since, spend_minor, orders, evaluated_at, version)
				values (?, ?, ?, ?, ?, ?, 1)
				on conflict (member_id) do update set spend_minor = excluded.spend_minor, orders = excluded.orders,
				    evaluated_at = excluded.evaluated_at,
				    since = case when member_tier.tier = excluded.tier then member_tier.since else excluded.since end,
				    version = member_tier.version + case when member_tier.tier = excluded.tier then 0 else 1 end,
				    tier = excluded.tier""", member.value(), qualified.tier().name(), Timestamp.from(now), spend,
				orders, Timestamp.from(now));
		if (before.tier() != qualified.tier()) {
			this.audit.record("system:tiers", "TIER_CHANGED", member.value(), before.tier() + " -> " + qualified.tier(),
					Map.of("spendMinor", spend, "orders", orders));
			this.events
				.publishEvent(new TierChanged(EventMetadata.of(member, this.identities.nextEventVersion(member), now),
						member.value(), before.tier(), qualified.tier(), spend, this.currency, orders, qualified, now));
		}
		return current(member);
	}

	/** A tier ops granted a member until a time. */
	public record TierGrant(UUID memberId, Tier tier, Instant until, String reason, String grantedBy,
			Instant grantedAt) {
	}

	/**
	 * Ops grant the member a tier until {@code until} (audited); the member's tier is
	 * re-evaluated at once, and again when the grant ends.
	 */
	@Transactional
	public MemberTier grant(MemberId member, Tier tier, Instant until, String reason, String actor) {
		Instant now = this.clock.instant();
		this.jdbc.update("""
				insert into member_tier_grant (member_id, tier, until, reason, granted_by, granted_at)
				values (?, ?, ?, ?, ?, ?)
				on conflict (member_id) do update set tier = excluded.tier, until = excluded.until,
				  reason = excluded.reason, granted_by = excluded.granted_by, granted_at = excluded.granted_at""",
				member.value(), tier.name(), Timestamp.from(until), reason, actor, Timestamp.from(now));
		this.audit.record(actor, "TIER_GRANTED", member.value(), reason,
				Map.of("tier", tier.name(), "until", until.toString()));
		return evaluate(member);
	}

	/** Ends the member's grant (audited) and re-evaluates their tier. */
	@Transactional
	public MemberTier revokeGrant(MemberId member, String actor) {
		if (this.jdbc.update("delete from member_tier_grant where member_id = ?", member.value()) > 0) {
			this.audit.record(actor, "TIER_GRANT_REVOKED", member.value(), "grant revoked", Map.of());
		}
		return evaluate(member);
	}

	public @Nullable TierGrant grantOf(MemberId member) {
		List<TierGrant> grants = this.jdbc.query("select * from member_tier_grant where member_id = ?",
				(rs, i) -> new TierGrant(member.value(), Tier.valueOf(rs.getString("tier")),
						rs.getTimestamp("until").toInstant(), rs.getString("reason"), rs.getString("granted_by"),
						rs.getTimestamp("granted_at").toInstant()),
				member.value());
		return grants.isEmpty() ? null : grants.get(0);
	}

	/**
	 * Ops change a tier's thresholds or benefits; every member's tier follows at the next
	 * evaluation.
	 */
	@Transactional
	public TierBenefits configure(TierBenefits rule, String actor) {
		List<TierBenefits> all = rules();
		int rank = rule.tier().ordinal();
		TierBenefits lower = (rank > 0) ? all.get(rank - 1) : null;
		TierBenefits higher = (rank < all.size() - 1) ? all.get(rank + 1) : null;
		if (rule.tier() == Tier.BRONZE && (rule.minSpendMinor() != 0 || rule.minOrders() != 0)) {
			throw new ProblemException.Unprocessable("BRONZE is every member's tier: its minimums stay 0");
		}
		if ((lower != null && (rule.minSpendMinor() < lower.minSpendMinor() || rule.minOrders() < lower.minOrders()))
				|| (higher != null
						&& (rule.minSpendMinor() > higher.minSpendMinor() || rule.minOrders() > higher.minOrders()))) {
			throw new ProblemException.Unprocessable("A tier's minimums must lie between the tiers below and above it");
		}
		Instant now = this.clock.instant();
		Long version = this.jdbc.queryForObject("""
				update tier_rule set min_spend_minor = ?, min_orders = ?, discount_percent = ?, free_shipping = ?,
				    early_access = ?, points_multiplier = ?, birthday_gift_points = ?, updated_at = ?, updated_by = ?,
				    version = version + 1
				where tier = ? returning version""", Long.class, rule.minSpendMinor(), rule.minOrders(),
				rule.discountPercent(), rule.freeShipping(), rule.earlyAccess(), rule.pointsMultiplier(),
				rule.birthdayGiftPoints(), Timestamp.from(now), actor, rule.tier().name());
		this.audit.record(actor, "TIER_RULE_CHANGED", null, rule.tier().name(), Map.of("rule", rule.toString()));
		TierBenefits stored = rule(rule.tier());
		// Checkout applies the benefits in promotion-service: it learns them from here.
		this.events.publishEvent(
				new TierBenefitsChanged(EventMetadata.of(rule.tier().name(), version, now), rule.tier(), stored, now));
		return stored;
	}

	@EventListener
	@Order(2)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberOrderDelivered order) {
		evaluate(order.memberId());
	}

	@EventListener
	@Order(2)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberOrderReturned returned) {
		evaluate(returned.memberId());
	}

	@EventListener
	@Order(2)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberMerged merged) {
		evaluate(new MemberId(merged.survivorMemberId()));
	}

	/**
	 * Orders age out of the 12-month window and grants end: re-evaluate every member with
	 * a tier above Bronze or a grant, daily; an ended grant is removed once applied.
	 */
	@Scheduled(cron = "${concord.member.tiers.reevaluation-cron:0 30 3 * * *}")
	void reevaluateDaily() {
		// Each member in a transaction of its own (through the proxy's template, not a
		// self-call, which would run without one and lose the TierChanged it publishes).
		this.jdbc
			.queryForList("select member_id from member_tier where tier <> 'BRONZE' union "
					+ "select member_id from member_tier_grant", UUID.class)
			.forEach((member) -> this.ownTransaction.executeWithoutResult((status) -> evaluate(new MemberId(member))));
	}

	private TierBenefits rule(Tier tier) {
		return this.jdbc.queryForObject("select * from tier_rule where tier = ?", RULE, tier.name());
	}

}
