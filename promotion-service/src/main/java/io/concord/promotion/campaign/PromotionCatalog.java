package io.concord.promotion.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.web.TestRun;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.pricing.Offer;
import io.concord.promotion.tiers.MemberTier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promotion definitions. A coupon template's pool follows its quantity: minted when it is
 * defined, grown or shrunk (by coupons not yet issued) when the quantity changes, through
 * {@link CouponPool}, which the coupon package implements.
 */
@Component
public class PromotionCatalog {

	private static final String SELECT = """
			select p.*, c.status as campaign_status, c.test_run as campaign_test_run,
			       c.early_access_hours, c.early_access_min_tier,
			       coalesce(p.starts_at, c.starts_at) as effective_starts_at,
			       coalesce(p.ends_at, c.ends_at) as effective_ends_at
			from promotion p join campaign c on c.id = p.campaign_id""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CouponPool pool;

	private final RowMapper<CatalogPromotion> rows = this::promotion;

	PromotionCatalog(JdbcTemplate jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events,
			CouponPool pool) {
		this.jdbc = JdbcClient.create(jdbc);
		this.pool = pool;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	public CatalogPromotion define(String campaignId, @Nullable String id, PromotionDefinition definition) {
		Campaigns.CampaignWindow campaign = campaignWindow(campaignId);
		if ("ENDED".equals(campaign.status())) {
			throw new ProblemException.Conflict("Campaign " + campaignId + " has ended");
		}
		PromotionRules.check(definition, campaign.startsAt(), campaign.endsAt());
		String promotionId = (id != null) ? id : "PRM-" + UUID.randomUUID().toString().substring(0, 13);
		Instant now = this.clock.instant();
		PromotionDefinition.CouponSettings coupon = definition.coupon();
		try {
			this.jdbc
				.sql("""
						insert into promotion (id, campaign_id, name, kind, activation, stacking_group, exclusive, priority,
						  currency, combinable_with_points, scope, rule, starts_at, ends_at, status, total_quantity,
						  per_member_limit, valid_days, public_code, issue_trigger, trigger_tier, budget_minor,
						  restore_budget_on_return, created_at, updated_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(promotionId, campaignId, definition.name(), definition.kind().name(),
						definition.activation().name(), definition.group().name(), definition.exclusive(),
						definition.priority(), definition.currency(), definition.combinableWithPoints(),
						this.json.writeValueAsString(definition.scope()),
						this.json.writeValueAsString(definition.rule()), timestamp(definition.startsAt()),
						timestamp(definition.endsAt()), (coupon != null) ? coupon.totalQuantity() : null,
						(coupon != null) ? coupon.perMemberLimit() : null, (coupon != null) ? coupon.validDays() : null,
						(coupon != null) ? coupon.publicCode() : null,
						(coupon != null && coupon.trigger() != null) ? coupon.trigger().name() : null,
						(coupon != null) ? coupon.triggerTier() : null, definition.budgetMinor(),
						definition.restoreBudgetOnReturn(), Timestamp.from(now), Timestamp.from(now))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new ProblemException.Conflict("A promotion with id " + promotionId + " or public code "
					+ ((coupon != null) ? coupon.publicCode() : null) + " exists");
		}
		if (coupon != null) {
			this.pool.mint(promotionId, coupon.totalQuantity());
		}
		return find(promotionId);
	}

	/**
	 * Changes a definition. Kind, activation and currency are fixed once defined (orders
	 * and wallets refer to them); a coupon template's quantity can grow, or shrink by
	 * coupons not yet issued.
	 */
	@Transactional
	public CatalogPromotion update(String id, PromotionDefinition definition) {
		CatalogPromotion current = lockForUpdate(id);
		PromotionDefinition was = current.definition();
		if (was.kind() != definition.kind() || was.activation() != definition.activation()
				|| !was.currency().equals(definition.currency())) {
			throw PromotionRules.invalid("kind, activation and currency cannot change; define a new promotion", null);
		}
		Campaigns.CampaignWindow campaign = campaignWindow(current.campaignId());
		PromotionRules.check(definition, campaign.startsAt(), campaign.endsAt());
		PromotionDefinition.CouponSettings coupon = definition.coupon();
		if (coupon != null && was.coupon() != null) {
			int change = coupon.totalQuantity() - was.coupon().totalQuantity();
			if (change > 0) {
				this.pool.mint(id, change);
			}
			else if (change < 0) {
				int burnt = this.pool.burn(id, -change);
				if (burnt < -change) {
					throw PromotionRules.invalid("only " + burnt + " coupons are not yet issued; the total quantity"
							+ " can shrink by at most that", null);
				}
			}
		}
		this.jdbc.sql("""
				update promotion set name = ?, stacking_group = ?, exclusive = ?, priority = ?,
				  combinable_with_points = ?, scope = ?::jsonb, rule = ?::jsonb, starts_at = ?, ends_at = ?,
				  total_quantity = ?, per_member_limit = ?, valid_days = ?, public_code = ?, issue_trigger = ?,
				  trigger_tier = ?, budget_minor = ?, restore_budget_on_return = ?, version = version + 1,
				  updated_at = ?
				where id = ?""")
			.params(definition.name(), definition.group().name(), definition.exclusive(), definition.priority(),
					definition.combinableWithPoints(), this.json.writeValueAsString(definition.scope()),
					this.json.writeValueAsString(definition.rule()), timestamp(definition.startsAt()),
					timestamp(definition.endsAt()), (coupon != null) ? coupon.totalQuantity() : null,
					(coupon != null) ? coupon.perMemberLimit() : null, (coupon != null) ? coupon.validDays() : null,
					(coupon != null) ? coupon.publicCode() : null,
					(coupon != null && coupon.trigger() != null) ? coupon.trigger().name() : null,
					(coupon != null) ? coupon.triggerTier() : null, definition.budgetMinor(),
					definition.restoreBudgetOnReturn(), Timestamp.from(this.clock.instant()), id)
			.update();
		this.events.publishEvent(new CatalogChanged(id));
		return find(id);
	}

	/** Stops it applying and issuing until resumed; locked orders keep their discount. */
	@Transactional
	public CatalogPromotion pause(String id) {
		lockForUpdate(id);
		this.jdbc.sql("""
				update promotion set status = 'PAUSED', version = version + 1, updated_at = ?
				where id = ? and status in ('ACTIVE', 'EXHAUSTED')""")
			.params(Timestamp.from(this.clock.instant()), id)
			.update();
		this.events.publishEvent(new CatalogChanged(id));
		return find(id);
	}

	@Transactional
	public CatalogPromotion resume(String id) {
		lockForUpdate(id);
		// Back to EXHAUSTED if the budget is still committed in full.
		this.jdbc.sql("""
				update promotion set status = case when budget_minor is not null
				  and budget_locked_minor + budget_spent_minor >= budget_minor then 'EXHAUSTED' else 'ACTIVE' end,
				  version = version + 1, updated_at = ?
				where id = ? and status = 'PAUSED'""").params(Timestamp.from(this.clock.instant()), id).update();
		this.events.publishEvent(new CatalogChanged(id));
		return find(id);
	}

	/**
	 * Single-use codes on coupons not yet issued: a shopper who types one gets that
	 * coupon. Returns the new codes.
	 */
	@Transactional
	public List<String> generateCodes(String id, int count) {
		CatalogPromotion promotion = lockForUpdate(id);
		if (!promotion.isCouponTemplate()) {
			throw PromotionRules.invalid("codes exist only for coupon promotions", null);
		}
		List<String> codes = this.pool.assignCodes(id, count);
		if (codes.size() < count) {
			// Rolls back the codes given.
			throw PromotionRules.invalid(
					"only " + codes.size() + " coupons are left without a code; raise the" + " total quantity first",
					null);
		}
		return codes;
	}

	public CatalogPromotion find(String id) {
		return this.jdbc.sql(SELECT + " where p.id = ?")
			.params(id)
			.query(this.rows)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Promotion", id));
	}

	public List<CatalogPromotion> findAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(SELECT + " where p.id in (:ids)").param("ids", ids).query(this.rows).list();
	}

	public List<CatalogPromotion> ofCampaign(String campaignId) {
		return this.jdbc.sql(SELECT + " where p.campaign_id = ? order by p.created_at, p.id")
			.params(campaignId)
			.query(this.rows)
			.list();
	}

	/**
	 * Automatic promotions of running campaigns (paused or exhausted ones too, to explain
	 * them), and of scheduled ones inside their early-access window (open to the tiers
	 * they admit, explained to the others).
	 */
	public List<CatalogPromotion> automaticInRunningCampaigns() {
		// Real orders see real promotions only, a load-test run's orders only the run's
		// own: shadow traffic never spends a real budget, nor real shoppers a test one.
		return this.jdbc.sql(SELECT
				+ " where p.activation = 'AUTOMATIC' and (c.status = 'ACTIVE' or (c.status = 'SCHEDULED'"
				+ " and c.early_access_hours > 0 and c.starts_at - make_interval(hours => c.early_access_hours) <= ?))"
				+ " and c.test_run is not distinct from cast(? as varchar)")
			.params(Timestamp.from(this.clock.instant()), TestRun.current())
			.query(this.rows)
			.list();
	}

	public Optional<CatalogPromotion> byPublicCode(String code) {
		return this.jdbc.sql(SELECT + " where p.public_code = ?").params(code).query(this.rows).optional();
	}

	/** Coupon templates issued by a trigger, usable now. */
	public List<CatalogPromotion> triggered(PromotionDefinition.Trigger trigger) {
		Instant now = this.clock.instant();
		return this.jdbc
			.sql(SELECT + " where p.issue_trigger = ? and c.status = 'ACTIVE' and p.status = 'ACTIVE'"
					+ " and c.test_run is not distinct from cast(? as varchar)")
			.params(trigger.name(), TestRun.current())
			.query(this.rows)
			.list()
			.stream()
			.filter((promotion) -> promotion.unavailableAt(now) == null)
			.toList();
	}

	private CatalogPromotion lockForUpdate(String id) {
		if (this.jdbc.sql("select id from promotion where id = ? for update")
			.params(id)
			.query(String.class)
			.optional()
			.isEmpty()) {
			throw new ProblemException.NotFound("Promotion", id);
		}
		return find(id);
	}

	private Campaigns.CampaignWindow campaignWindow(String campaignId) {
		return this.jdbc.sql("select status, starts_at, ends_at from campaign where id = ?")
			.params(campaignId)
			.query((rs, n) -> new Campaigns.CampaignWindow(rs.getString("status"),
					rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Campaign", campaignId));
	}

	private CatalogPromotion promotion(ResultSet rs, int row) throws SQLException {
		Integer total = (Integer) rs.getObject("total_quantity");
		PromotionDefinition.CouponSettings coupon = (total == null) ? null
				: new PromotionDefinition.CouponSettings(total, rs.getInt("per_member_limit"),
						(Integer) rs.getObject("valid_days"), rs.getString("public_code"),
						(rs.getString("issue_trigger") != null)
								? PromotionDefinition.Trigger.valueOf(rs.getString("issue_trigger")) : null,
						rs.getString("trigger_tier"));
		PromotionDefinition definition = new PromotionDefinition(rs.getString("name"),
				Offer.Kind.valueOf(rs.getString("kind")),
				PromotionDefinition.Activation.valueOf(rs.getString("activation")),
				Offer.StackingGroup.valueOf(rs.getString("stacking_group")), rs.getBoolean("exclusive"),
				rs.getInt("priority"), rs.getString("currency"), rs.getBoolean("combinable_with_points"),
				this.json.readValue(rs.getString("scope"), Offer.Scope.class),
				this.json.readValue(rs.getString("rule"), Offer.Rule.class), instant(rs, "starts_at"),
				instant(rs, "ends_at"), coupon, (Long) rs.getObject("budget_minor"),
				rs.getBoolean("restore_budget_on_return"));
		return new CatalogPromotion(rs.getString("id"), rs.getString("campaign_id"), rs.getString("campaign_status"),
				rs.getString("status"), definition, rs.getTimestamp("effective_starts_at").toInstant(),
				rs.getTimestamp("effective_ends_at").toInstant(), rs.getLong("budget_locked_minor"),
				rs.getLong("budget_spent_minor"), rs.getString("campaign_test_run"), new Campaigns.EarlyAccess(
						rs.getInt("early_access_hours"), MemberTier.of(rs.getString("early_access_min_tier"))));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
