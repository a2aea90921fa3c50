package io.concord.inventory.replenishment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.forecasting.Replenishment;
import io.concord.inventory.catalog.Catalog;
import io.concord.inventory.catalog.TestRunStock;
import io.concord.inventory.demand.DemandForecasts;
import io.concord.inventory.demand.DemandForecastsUpdated;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.TestRunData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After every forecast run, each forecast SKU × location is checked against its (s, S)
 * policy: when the inventory position (on hand − reserved + in transit + on order) is at
 * or below the reorder point, a suggestion to order up to S is stored and published as
 * {@code ReplenishmentSuggested} (through the outbox, in the same transaction). At most
 * one suggestion per SKU × location is open: it closes when a purchase order for it is
 * sent, or lapses unordered after {@link ReplenishmentSettings#suggestionLapsesAfter()}.
 * <p>
 * Lead time and order quantities come from the supplier's contract
 * ({@link SupplierContracts}: fulfillment-service's {@code SupplierContractChanged}); a
 * quantity to order is at least the contract's minimum and a multiple of its pack size.
 * Inventory's own settings (the SKU × location's policy, else the service defaults) are
 * the fallback when no contract is known. Plans and suggestions say which they used.
 */
@Component
class ReplenishmentPlanner {

	private static final Logger log = LoggerFactory.getLogger(ReplenishmentPlanner.class);

	/** Where a plan's lead time and order quantities came from. */
	public enum TermsSource {

		/** The supplier's contract (SupplierContractChanged). */
		CONTRACT,
		/** Inventory's own policy for the SKU × location, else the service defaults. */
		SETTING

	}

	/**
	 * The figures a plan uses. {@code configured}: the SKU × location has a policy of its
	 * own (review period and service level always come from it or the defaults).
	 */
	public record Policy(String sku, String location, int leadTimeDays, int reviewDays, BigDecimal serviceLevel,
			@Nullable String supplierId, int minimumOrder, int orderMultiple, boolean configured,
			TermsSource termsSource) {
	}

	public record Position(int onHand, int reserved, int inTransit, int onOrder) {

		public int total() {
			return this.onHand - this.reserved + this.inTransit + this.onOrder;
		}

	}

	public record Suggestion(String id, String sku, String location, int quantity, @Nullable String supplierId,
			Instant needBy, int safetyStock, int reorderPoint, int orderUpTo, int position, String status,
			Instant createdAt, TermsSource termsSource) {
	}

	public record LocationPlan(String sku, String location, String model, double leadTimeDemand, Policy policy,
			Position position, int safetyStock, int reorderPoint, int orderUpTo, int quantityToOrder,
			@Nullable Suggestion openSuggestion) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DemandForecasts forecasts;

	private final Catalog catalog;

	private final StockLedger ledger;

	private final ReplenishmentSettings settings;

	private final SupplierContracts contracts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ReplenishmentPlanner(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DemandForecasts forecasts,
			Catalog catalog, StockLedger ledger, ReplenishmentSettings settings, SupplierContracts contracts,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.catalog = catalog;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.forecasts = forecasts;
		this.settings = settings;
		this.contracts = contracts;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * What purging a test run deletes here: its SKUs' policies, before their stock rows
	 * go.
	 */
	@Bean
	@Order(TestRunStock.PURGE_ORDER - 20)
	static TestRunData.Steps replenishmentTestRunData() {
		return TestRunData.Steps.of(
				new TestRunData("replenishment_policy",
						"delete from replenishment_policy where sku in (select sku from sku where test_run = ?)"),
				new TestRunData("supplier_contract_terms",
						"delete from supplier_contract_terms where sku in (select sku from sku where test_run = ?)"));
	}

	@EventListener
	void forecastsUpdated(DemandForecastsUpdated updated) {
		int suggested = evaluate();
		log.info("Forecast run {}: {} replenishment suggestions", updated.runId(), suggested);
	}

	/** Checks every forecast SKU × location; returns how many suggestions it made. */
	public int evaluate() {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update replenishment_suggestion set status = 'EXPIRED', closed_at = ?
				where status = 'OPEN' and created_at < ?""")
			.params(Timestamp.from(now), Timestamp.from(now.minus(this.settings.suggestionLapsesAfter())))
			.update();
		int suggested = 0;
		for (String[] series : this.forecasts.forecastedSeries()) {
			Boolean made = this.transactions.execute((status) -> suggestIfNeeded(series[0], series[1]));
			suggested += Boolean.TRUE.equals(made) ? 1 : 0;
		}
		return suggested;
	}

	private boolean suggestIfNeeded(String sku, String location) {
		LocationPlan plan = plan(sku, location);
		if (plan == null || plan.quantityToOrder() == 0 || plan.openSuggestion() != null) {
			return false;
		}
		Instant now = this.clock.instant();
		Instant needBy = now.plus(Duration.ofDays(plan.policy().leadTimeDays()));
		String id = "RS-" + UUID.randomUUID();
		// Nothing when another replica suggested it a moment ago (one open per SKU ×
		// location).
		int inserted = this.jdbc.sql("""
				insert into replenishment_suggestion (id, sku, location_code, quantity, supplier_id, need_by,
				  safety_stock, reorder_point, order_up_to, position, status, created_at, terms_source)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) on conflict do nothing""")
			.params(id, sku, location, plan.quantityToOrder(), plan.policy().supplierId(), Timestamp.from(needBy),
					plan.safetyStock(), plan.reorderPoint(), plan.orderUpTo(), plan.position().total(),
					Timestamp.from(now), plan.policy().termsSource().name())
			.update();
		if (inserted == 0) {
			return false;
		}
		long version = this.jdbc.sql("select count(*) from replenishment_suggestion where sku = ?")
			.param(sku)
			.query(Long.class)
			.single();
		this.events
			.publishEvent(new ReplenishmentEvents.ReplenishmentSuggested(EventMetadata.of(sku, version, now), id, sku,
					location, plan.quantityToOrder(), plan.policy().supplierId(), needBy, plan.policy().termsSource()));
		return true;
	}

	/** The policy's figures for every forecast location of a SKU. */
	public List<LocationPlan> plans(String sku) {
		List<LocationPlan> plans = new ArrayList<>();
		for (DemandForecasts.SeriesForecast forecast : this.forecasts.forSku(sku)) {
			LocationPlan plan = plan(sku, forecast.location());
			if (plan != null) {
				plans.add(plan);
			}
		}
		return plans;
	}

	private @Nullable LocationPlan plan(String sku, String location) {
		DemandForecasts.SeriesForecast forecast = this.forecasts.find(sku, location).orElse(null);
		if (forecast == null) {
			return null;
		}
		Policy policy = effectivePolicy(sku, location);
		Position position = position(sku, location);
		Replenishment.Plan plan = Replenishment.plan(forecast.meansFrom(this.forecasts.today().plusDays(1)),
				forecast.sigma(), new Replenishment.Policy(policy.leadTimeDays(), policy.reviewDays(),
						policy.serviceLevel().doubleValue(), policy.minimumOrder()),
				position.total());
		return new LocationPlan(sku, location, forecast.model(), plan.leadTimeDemand(), policy, position,
				plan.safetyStock(), plan.reorderPoint(), plan.orderUpTo(),
				orderQuantity(plan.quantity(), policy.minimumOrder(), policy.orderMultiple()),
				openSuggestion(sku, location));
	}

	/**
	 * What to order of a quantity the policy asks for: nothing stays nothing; otherwise
	 * at least the minimum, rounded up to a whole number of packs.
	 */
	static int orderQuantity(int quantity, int minimumOrder, int orderMultiple) {
		if (quantity <= 0) {
			return 0;
		}
		int atLeast = Math.max(quantity, minimumOrder);
		return Math.multiplyExact(Math.ceilDiv(atLeast, orderMultiple), orderMultiple);
	}

	/**
	 * The policy a plan uses: the supplier contract's lead time and order quantities when
	 * one is known ({@link SupplierContracts#termsFor}), else inventory's own.
	 */
	public Policy effectivePolicy(String sku, String location) {
		Policy own = policy(sku, location);
		return this.contracts.termsFor(sku, own.supplierId())
			.map((terms) -> new Policy(sku, location, terms.leadTimeDays(), own.reviewDays(), own.serviceLevel(),
					terms.supplierId(), terms.minOrderQuantity(), terms.orderMultiple(), own.configured(),
					TermsSource.CONTRACT))
			.orElse(own);
	}

	/**
	 * Inventory's own policy for a SKU × location (what admins configure), else the
	 * service defaults; the fallback when no supplier contract is known.
	 */
	public Policy policy(String sku, String location) {
		@Nullable String skuSupplier = this.catalog.sku(sku).map(Catalog.Sku::supplierId).orElse(null);
		return this.jdbc.sql("select * from replenishment_policy where sku = ? and location_code = ?")
			.params(sku, location)
			.query((rs, n) -> new Policy(sku, location, rs.getInt("lead_time_days"), rs.getInt("review_days"),
					rs.getBigDecimal("service_level"),
					(rs.getString("supplier_id") != null) ? rs.getString("supplier_id") : skuSupplier,
					rs.getInt("minimum_order"), 1, true, TermsSource.SETTING))
			.optional()
			.orElseGet(() -> new Policy(sku, location, this.settings.leadTimeDays(), this.settings.reviewDays(),
					this.settings.serviceLevel(), skuSupplier, 1, 1, false, TermsSource.SETTING));
	}

	/**
	 * Sets a SKU × location's own policy (404 when inventory does not stock it there).
	 */
	public Policy configure(String sku, String location, int leadTimeDays, int reviewDays, BigDecimal serviceLevel,
			@Nullable String supplierId, int minimumOrder, String actor) {
		try {
			this.jdbc.sql("""
					insert into replenishment_policy (sku, location_code, lead_time_days, review_days, service_level,
					  supplier_id, minimum_order, updated_by, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict (sku, location_code) do update set lead_time_days = excluded.lead_time_days,
					  review_days = excluded.review_days, service_level = excluded.service_level,
					  supplier_id = excluded.supplier_id, minimum_order = excluded.minimum_order,
					  updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
				.params(sku, location, leadTimeDays, reviewDays, serviceLevel, supplierId, minimumOrder, actor,
						Timestamp.from(this.clock.instant()))
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ProblemException.NotFound("Stock of SKU at location", sku + " at " + location);
		}
		return policy(sku, location);
	}

	public Position position(String sku, String location) {
		int onOrder = this.jdbc.sql("""
				select coalesce(sum(ordered - received), 0) from incoming_supply
				where sku = ? and location_code = ? and received < ordered""")
			.params(sku, location)
			.query(Integer.class)
			.single();
		return this.ledger.find(sku, location)
			.map((level) -> new Position(level.onHand(), level.reserved(), level.inTransit(), onOrder))
			.orElse(new Position(0, 0, 0, onOrder));
	}

	public List<Suggestion> suggestions(@Nullable String status, @Nullable String sku) {
		return this.jdbc.sql("""
				select * from replenishment_suggestion
				where (cast(? as varchar) is null or status = ?) and (cast(? as varchar) is null or sku = ?)
				order by created_at desc limit 500""")
			.params(status, status, sku, sku)
			.query((rs, n) -> suggestion(rs))
			.list();
	}

	private @Nullable Suggestion openSuggestion(String sku, String location) {
		return this.jdbc.sql("""
				select * from replenishment_suggestion where sku = ? and location_code = ? and status = 'OPEN'""")
			.params(sku, location)
			.query((rs, n) -> suggestion(rs))
			.optional()
			.orElse(null);
	}

	private static Suggestion suggestion(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Suggestion(rs.getString("id"), rs.getString("sku"), rs.getString("location_code"),
				rs.getInt("quantity"), rs.getString("supplier_id"), rs.getTimestamp("need_by").toInstant(),
				rs.getInt("safety_stock"), rs.getInt("reorder_point"), rs.getInt("order_up_to"), rs.getInt("position"),
				rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
				TermsSource.valueOf(rs.getString("terms_source")));
	}

}
