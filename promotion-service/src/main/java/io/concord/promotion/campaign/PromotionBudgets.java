package io.concord.promotion.campaign;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.concord.platform.events.EventMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A promotion's budget: discounts are locked against it when an order is placed, spent
 * when it is paid, and given back on cancellation (and on return, by policy). A lock that
 * would pass the budget is refused by one conditional update (and by a CHECK constraint
 * behind it), so concurrent orders can never overspend; quotes only offer a discount the
 * remaining budget covers. Once the budget is committed in full the promotion is
 * EXHAUSTED: it stops applying and issuing (BudgetExhausted), and becomes ACTIVE again if
 * a release frees budget. Promotions without a budget are not touched here, so they never
 * contend on their row.
 */
@Component
public class PromotionBudgets {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PromotionBudgets(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	/** Locks {@code amount} of the budget; false when the budget cannot cover it. */
	public boolean lock(CatalogPromotion promotion, long amount) {
		if (promotion.definition().budgetMinor() == null) {
			return true;
		}
		boolean locked = this.jdbc.sql("""
				update promotion set budget_locked_minor = budget_locked_minor + ?
				where id = ? and status = 'ACTIVE' and budget_locked_minor + budget_spent_minor + ? <= budget_minor""")
			.params(amount, promotion.id(), amount)
			.update() == 1;
		if (locked) {
			exhaustIfCommitted(promotion.id());
		}
		return locked;
	}

	/** What is left of the budget, or null when it has none. */
	public static @Nullable Long remaining(CatalogPromotion promotion) {
		Long budget = promotion.definition().budgetMinor();
		return (budget != null) ? budget - promotion.budgetLockedMinor() - promotion.budgetSpentMinor() : null;
	}

	public void spend(CatalogPromotion promotion, long amount) {
		if (promotion.definition().budgetMinor() != null) {
			this.jdbc.sql("""
					update promotion set budget_locked_minor = budget_locked_minor - ?,
					  budget_spent_minor = budget_spent_minor + ? where id = ?""")
				.params(amount, amount, promotion.id())
				.update();
		}
	}

	/** A locked amount is not needed (order cancelled before payment). */
	public void unlock(CatalogPromotion promotion, long amount) {
		if (promotion.definition().budgetMinor() != null) {
			this.jdbc.sql("update promotion set budget_locked_minor = budget_locked_minor - ? where id = ?")
				.params(amount, promotion.id())
				.update();
			reopen(promotion.id());
		}
	}

	/** A spent amount comes back (paid order cancelled, or lines returned). */
	public void restore(CatalogPromotion promotion, long amount) {
		if (promotion.definition().budgetMinor() != null) {
			this.jdbc.sql("update promotion set budget_spent_minor = budget_spent_minor - ? where id = ?")
				.params(amount, promotion.id())
				.update();
			reopen(promotion.id());
		}
	}

	private void exhaustIfCommitted(String promotionId) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update promotion set status = 'EXHAUSTED', version = version + 1, updated_at = ?
				where id = ? and status = 'ACTIVE'
				  and budget_locked_minor + budget_spent_minor >= budget_minor
				returning version, campaign_id, budget_minor, budget_spent_minor, currency""")
			.params(Timestamp.from(now), promotionId)
			.query((rs, n) -> new CampaignEvents.BudgetExhausted(
					EventMetadata.of(promotionId, rs.getLong("version"), now), promotionId, rs.getString("campaign_id"),
					rs.getLong("budget_minor"), rs.getLong("budget_spent_minor"), rs.getString("currency"), now))
			.optional()
			.ifPresent((exhausted) -> {
				this.events.publishEvent(exhausted);
				this.events.publishEvent(new CatalogChanged(promotionId));
			});
	}

	private void reopen(String promotionId) {
		this.jdbc.sql("""
				update promotion set status = 'ACTIVE', version = version + 1, updated_at = ?
				where id = ? and status = 'EXHAUSTED' and budget_locked_minor + budget_spent_minor < budget_minor""")
			.params(Timestamp.from(this.clock.instant()), promotionId)
			.update();
	}

}
