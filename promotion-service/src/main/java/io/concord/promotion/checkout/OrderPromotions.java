package io.concord.promotion.checkout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.promotion.coupon.TestRunPromotions;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.audience.Audience;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionBudgets;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.Coupons;
import io.concord.promotion.pricing.Candidate;
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.PricingEngine;
import io.concord.promotion.pricing.Quote;
import io.concord.promotion.pricing.Reason;
import io.concord.promotion.tiers.MemberBenefits;
import io.concord.promotion.tiers.MemberStanding;
import io.concord.promotion.tiers.TierBenefits;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prices carts and carries an order's promotions through its life. Locking re-prices the
 * cart on the server (a client's amounts are never trusted), then locks the applied
 * coupons and budgets in one transaction: all or nothing, idempotent by order id. The
 * stored quote is the order's price for good: later rule changes do not touch it, and
 * returns are refunded from its per-line allocation.
 */
@Component
public class OrderPromotions {

	/**
	 * A cart to price. {@code couponIds} null means "pick the best of the wallet"; a list
	 * (even empty) means exactly those coupons.
	 */
	public record CartRequest(@Nullable UUID memberId, String channel, String currency, List<CartLine> lines,
			long shippingFeeMinor, boolean usePoints, @Nullable List<UUID> couponIds) {
	}

	public record Participation(String orderId, @Nullable UUID memberId, String status, Quote quote) {
	}

	public record ReturnedLine(String sku, int quantity) {
	}

	public record RefundLine(String sku, int quantity, long grossMinor, long discountMinor, long refundMinor) {
	}

	/** What a return gives back: per line, the price paid for the returned units. */
	public record ReturnResult(String orderId, String returnId, String currency, List<RefundLine> lines,
			long refundMinor, long budgetRestoredMinor) {
	}

	/** How orders used a promotion. */
	public record Usage(String promotionId, long orders, long discountMinor, long gmvMinor) {
	}

	private final PricingEngine engine = new PricingEngine();

	private final PromotionCatalog catalog;

	private final PromotionBudgets budgets;

	private final Coupons coupons;

	private final Audience audience;

	private final MemberBenefits benefits;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final Clock clock;

	OrderPromotions(PromotionCatalog catalog, PromotionBudgets budgets, Coupons coupons, Audience audience,
			MemberBenefits benefits, JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions,
			Clock clock) {
		this.catalog = catalog;
		this.budgets = budgets;
		this.coupons = coupons;
		this.audience = audience;
		this.benefits = benefits;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * The best price for the cart now, explaining every promotion considered. Amounts too
	 * large to price exactly are refused (422 amount-out-of-range), never wrapped.
	 */
	public Quote quote(CartRequest request) {
		try {
			return price(request);
		}
		catch (ArithmeticException ex) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("amount-out-of-range"), "Amount out of range",
					"The cart's amounts are too large to price exactly");
		}
	}

	private Quote price(CartRequest request) {
		Instant now = this.clock.instant();
		Optional<Audience.MemberProfile> profile = (request.memberId() != null)
				? this.audience.profile(request.memberId()) : Optional.empty();
		// The tier is what member-service announced for this member, never the caller's
		// word; a guest has none (ADR-27).
		MemberStanding shopper = (request.memberId() != null)
				? this.benefits.ofTier(profile.map(Audience.MemberProfile::tier).orElse(null)) : MemberStanding.GUEST;
		String tier = (shopper.tier() != null) ? shopper.tier().name()
				: profile.map(Audience.MemberProfile::tier).orElse(null);
		Cart cart = new Cart(request.currency(), request.channel(), tier,
				profile.map(Audience.MemberProfile::segments).orElse(Set.of()),
				profile.map(Audience.MemberProfile::newMember).orElse(false), request.lines(),
				request.shippingFeeMinor(), request.usePoints());
		List<Candidate> candidates = new ArrayList<>();
		for (CatalogPromotion promotion : this.catalog.automaticInRunningCampaigns()) {
			candidates.add(candidate(Candidate.automatic(promotion.offer()), promotion, now, shopper));
		}
		if (shopper.benefits() != null) {
			shopper.benefits()
				.offers(request.currency())
				.forEach((offer) -> candidates.add(Candidate.automatic(offer)));
		}
		candidates.addAll(couponCandidates(request, now, shopper));
		return this.engine.quote(cart, candidates, request.couponIds() != null);
	}

	private List<Candidate> couponCandidates(CartRequest request, Instant now, MemberStanding shopper) {
		if (request.memberId() == null) {
			return List.of();
		}
		List<Coupons.Coupon> usable = this.coupons.usable(request.memberId(), now);
		List<Coupons.Coupon> chosen = usable;
		List<UUID> unusable = List.of();
		if (request.couponIds() != null) {
			Set<UUID> wanted = Set.copyOf(request.couponIds());
			chosen = usable.stream().filter((c) -> wanted.contains(c.id())).toList();
			Set<UUID> found = chosen.stream().map(Coupons.Coupon::id).collect(Collectors.toSet());
			unusable = request.couponIds().stream().filter((id) -> !found.contains(id)).distinct().toList();
		}
		if (!unusable.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("coupon-not-usable"), "Coupon not usable",
					"Coupons " + unusable + " are not in this member's wallet, or are locked, used or expired")
				.with("couponIds", unusable);
		}
		Map<String, CatalogPromotion> promotions = this.catalog
			.findAll(chosen.stream().map(Coupons.Coupon::promotionId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(CatalogPromotion::id, Function.identity()));
		List<Candidate> candidates = new ArrayList<>();
		for (Coupons.Coupon coupon : chosen) {
			CatalogPromotion promotion = promotions.get(coupon.promotionId());
			if (!promotion.usableByCurrentRun()) {
				throw TestRunPromotions.otherRun("coupon " + coupon.id());
			}
			candidates.add(candidate(Candidate.coupon(promotion.offer(), coupon.id().toString(), coupon.validUntil()),
					promotion, now, shopper));
		}
		return candidates;
	}

	private static Candidate candidate(Candidate candidate, CatalogPromotion promotion, Instant now,
			MemberStanding shopper) {
		Reason unavailable = promotion.unavailableAt(now, shopper);
		Candidate withBudget = candidate.withBudgetRemaining(PromotionBudgets.remaining(promotion));
		return (unavailable != null) ? withBudget.unavailable(unavailable, promotion.unavailableDetail(now))
				: withBudget;
	}

	/**
	 * Prices the order and locks what its price relies on: the applied coupons (no other
	 * order can use them) and the discount against each promotion's budget. Repeating it
	 * returns the first answer.
	 */
	public Participation lock(String orderId, CartRequest request) {
		Optional<Participation> existing = find(orderId);
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			return this.transaction.execute((status) -> doLock(orderId, request));
		}
		catch (DuplicateKeyException ex) {
			// The same order locked concurrently: its answer stands.
			return find(orderId).orElseThrow(() -> ex);
		}
	}

	private Participation doLock(String orderId, CartRequest request) {
		Instant now = this.clock.instant();
		// First, so a concurrent lock of the same order waits here and then finds this
		// one.
		this.jdbc.sql("""
				insert into order_promotion (order_id, member_id, status, currency, payable_minor, discount_minor,
				  quote, created_at, updated_at) values (?, ?, 'LOCKED', ?, 0, 0, '{}'::jsonb, ?, ?)""")
			.params(orderId, request.memberId(), request.currency(), Timestamp.from(now), Timestamp.from(now))
			.update();
		Quote quote = quote(request);
		if (request.couponIds() != null) {
			List<Quote.Consideration> refused = quote.considered()
				.stream()
				.filter((c) -> c.couponId() != null && !c.applied())
				.toList();
			if (!refused.isEmpty()) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("coupon-not-applicable"),
						"Coupon not applicable",
						"Chosen coupons do not apply to this cart: " + refused.stream()
							.map((c) -> c.couponId() + " (" + c.reason() + ": " + c.detail() + ")")
							.toList())
					.with("coupons", refused);
			}
		}
		List<UUID> couponIds = quote.applied()
			.stream()
			.map(Quote.AppliedOffer::couponId)
			.filter(java.util.Objects::nonNull)
			.map(UUID::fromString)
			.toList();
		if (!couponIds.isEmpty()) {
			this.coupons.lock(orderId, request.memberId(), couponIds);
		}
		Map<String, CatalogPromotion> promotions = promotions(
				quote.applied().stream().map(Quote.AppliedOffer::promotionId).toList());
		for (Quote.AppliedOffer applied : quote.applied()) {
			// A tier benefit has no budget and no catalog row: the stored quote keeps it.
			if (TierBenefits.isTierOffer(applied.promotionId())) {
				continue;
			}
			CatalogPromotion promotion = promotions.get(applied.promotionId());
			if (!this.budgets.lock(promotion, applied.totalMinor())) {
				throw new ProblemException.Conflict(ProblemTypes.of("promotion-budget-exhausted"),
						"Promotion budget exhausted",
						"The budget of " + promotion.id()
								+ " no longer covers this order's discount; quote the cart again")
					.with("promotionId", promotion.id());
			}
			this.jdbc.sql("""
					insert into order_promotion_applied (order_id, promotion_id, coupon_id, discount_minor)
					values (?, ?, ?, ?)""")
				.params(orderId, applied.promotionId(),
						(applied.couponId() != null) ? UUID.fromString(applied.couponId()) : null, applied.totalMinor())
				.update();
		}
		this.jdbc.sql("""
				update order_promotion set payable_minor = ?, discount_minor = ?, quote = ?::jsonb
				where order_id = ?""")
			.params(quote.payableMinor(), quote.totalDiscountMinor(), this.json.writeValueAsString(quote), orderId)
			.update();
		return new Participation(orderId, request.memberId(), "LOCKED", quote);
	}

	/** The order was paid: coupons are used and the discounts spent. Repeatable. */
	@Transactional
	public Participation redeem(String orderId) {
		Participation participation = lockRow(orderId);
		switch (participation.status()) {
			case "REDEEMED" -> {
				return participation;
			}
			case "RELEASED" -> throw new ProblemException.Conflict(
					"The promotions of order " + orderId + " were released (the order was cancelled)");
			default -> {
				this.coupons.redeem(orderId);
				forEachApplied(orderId, (promotion, amount) -> this.budgets.spend(promotion, amount));
				return setStatus(participation, "REDEEMED");
			}
		}
	}

	/**
	 * The order was cancelled before shipping: coupons go back to the wallet and the
	 * discounts back to the budgets, paid or not. Repeatable.
	 */
	@Transactional
	public Participation release(String orderId) {
		Participation participation = lockRow(orderId);
		if (participation.status().equals("RELEASED")) {
			return participation;
		}
		boolean paid = participation.status().equals("REDEEMED");
		this.coupons.release(orderId);
		Map<String, Long> restored = restoredByPromotion(orderId);
		forEachApplied(orderId, (promotion, amount) -> {
			if (paid) {
				this.budgets.restore(promotion, amount - restored.getOrDefault(promotion.id(), 0L));
			}
			else {
				this.budgets.unlock(promotion, amount);
			}
		});
		return setStatus(participation, "RELEASED");
	}

	/**
	 * Lines of a paid order came back. Each returned unit is refunded at what it was paid
	 * (its share of the line's discount taken in proportion to units, so the last unit
	 * returned settles the remainder exactly), and the discount goes back to budgets
	 * whose promotion says so. Repeating a return id returns the first answer.
	 */
	@Transactional
	public ReturnResult returnLines(String orderId, String returnId, List<ReturnedLine> returned) {
		Participation participation = lockRow(orderId);
		Optional<ReturnResult> before = this.jdbc
			.sql("select result from order_return where order_id = ? and return_id = ?")
			.params(orderId, returnId)
			.query(String.class)
			.optional()
			.map((result) -> this.json.readValue(result, ReturnResult.class));
		if (before.isPresent()) {
			return before.get();
		}
		if (!participation.status().equals("REDEEMED")) {
			throw new ProblemException.Conflict(
					"Order " + orderId + " is " + participation.status() + "; only paid orders take returns");
		}
		Map<String, Integer> wanted = new LinkedHashMap<>();
		returned.forEach((line) -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
		Map<String, SkuTotals> bySku = SkuTotals.of(participation.quote());
		Map<String, Integer> returnedBefore = this.jdbc
			.sql("select sku, quantity from order_returned_units where order_id = ?")
			.params(orderId)
			.query((rs, n) -> Map.entry(rs.getString("sku"), rs.getInt("quantity")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		List<RefundLine> refunds = new ArrayList<>();
		Map<String, Long> restoreByPromotion = new HashMap<>();
		for (Map.Entry<String, Integer> line : wanted.entrySet()) {
			SkuTotals totals = bySku.get(line.getKey());
			int previously = returnedBefore.getOrDefault(line.getKey(), 0);
			if (totals == null || previously + line.getValue() > totals.quantity()) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("return-exceeds-order"),
						"Return exceeds order",
						"Order " + orderId + " has " + ((totals != null) ? totals.quantity() - previously : 0)
								+ " unit(s) of " + line.getKey() + " left to return")
					.with("sku", line.getKey());
			}
			int after = previously + line.getValue();
			long gross = totals.grossShare(after) - totals.grossShare(previously);
			long discount = totals.discountShare(after) - totals.discountShare(previously);
			refunds.add(new RefundLine(line.getKey(), line.getValue(), gross, discount, gross - discount));
			totals.byPromotion()
				.entrySet()
				.stream()
				// A tier benefit's share is refunded with the line; it has no budget.
				.filter((part) -> !TierBenefits.isTierOffer(part.getKey()))
				.forEach((part) -> restoreByPromotion.merge(part.getKey(),
						share(part.getValue(), after, totals.quantity())
								- share(part.getValue(), previously, totals.quantity()),
						Long::sum));
			this.jdbc
				.sql("""
						insert into order_returned_units (order_id, sku, quantity) values (?, ?, ?)
						on conflict (order_id, sku) do update set quantity = order_returned_units.quantity + excluded.quantity""")
				.params(orderId, line.getKey(), line.getValue())
				.update();
		}
		Map<String, CatalogPromotion> promotions = promotions(restoreByPromotion.keySet());
		long restored = 0;
		for (Map.Entry<String, Long> entry : restoreByPromotion.entrySet()) {
			CatalogPromotion promotion = promotions.get(entry.getKey());
			if (entry.getValue() > 0 && promotion.definition().restoreBudgetOnReturn()) {
				this.budgets.restore(promotion, entry.getValue());
				this.jdbc.sql("""
						update order_promotion_applied set restored_minor = restored_minor + ?
						where order_id = ? and promotion_id = ?""")
					.params(entry.getValue(), orderId, entry.getKey())
					.update();
				restored += entry.getValue();
			}
		}
		ReturnResult result = new ReturnResult(orderId, returnId, participation.quote().currency(), refunds,
				refunds.stream().mapToLong(RefundLine::refundMinor).sum(), restored);
		this.jdbc.sql("insert into order_return (order_id, return_id, result) values (?, ?, ?::jsonb)")
			.params(orderId, returnId, this.json.writeValueAsString(result))
			.update();
		return result;
	}

	/** A line's price summed per SKU, with each promotion's part of its discount. */
	record SkuTotals(int quantity, long grossMinor, long discountMinor, Map<String, Long> byPromotion) {

		static Map<String, SkuTotals> of(Quote quote) {
			Map<String, SkuTotals> totals = new LinkedHashMap<>();
			for (Quote.LineQuote line : quote.lines()) {
				Map<String, Long> byPromotion = new HashMap<>();
				line.discounts().forEach((d) -> byPromotion.merge(d.promotionId(), d.amountMinor(), Long::sum));
				totals.merge(line.sku(),
						new SkuTotals(line.quantity(), line.grossMinor(), line.discountMinor(), byPromotion),
						(a, b) -> {
							Map<String, Long> merged = new HashMap<>(a.byPromotion());
							b.byPromotion().forEach((k, v) -> merged.merge(k, v, Long::sum));
							return new SkuTotals(a.quantity() + b.quantity(), a.grossMinor() + b.grossMinor(),
									a.discountMinor() + b.discountMinor(), merged);
						});
			}
			return totals;
		}

		long grossShare(int units) {
			return share(this.grossMinor, units, this.quantity);
		}

		long discountShare(int units) {
			return share(this.discountMinor, units, this.quantity);
		}

	}

	/**
	 * The part of {@code amount} carried by {@code units} of {@code of}, rounded down.
	 */
	static long share(long amount, int units, int of) {
		return Math.floorDiv(Math.multiplyExact(amount, units), of);
	}

	public Optional<Participation> find(String orderId) {
		return this.jdbc.sql("select order_id, member_id, status, quote from order_promotion where order_id = ?")
			.params(orderId)
			.query((rs, n) -> new Participation(rs.getString("order_id"), rs.getObject("member_id", UUID.class),
					rs.getString("status"), this.json.readValue(rs.getString("quote"), Quote.class)))
			.optional();
	}

	/** Orders that used each promotion and were paid (returns deducted). */
	public Map<String, Usage> usage(Collection<String> promotionIds) {
		if (promotionIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				select a.promotion_id, count(*) as orders, sum(a.discount_minor - a.restored_minor) as discount,
				  sum(o.payable_minor) as gmv
				from order_promotion_applied a join order_promotion o on o.order_id = a.order_id
				where a.promotion_id in (:ids) and o.status = 'REDEEMED' group by a.promotion_id""")
			.param("ids", promotionIds)
			.query((rs, n) -> new Usage(rs.getString("promotion_id"), rs.getLong("orders"), rs.getLong("discount"),
					rs.getLong("gmv")))
			.list()
			.stream()
			.collect(Collectors.toMap(Usage::promotionId, Function.identity()));
	}

	/** Locks older than {@code age} whose order never reported back: released. */
	public int releaseAbandoned(Duration age, int limit) {
		List<String[]> orders = this.jdbc.sql("""
				select order_id, test_run from order_promotion where status = 'LOCKED' and created_at < ?
				order by created_at limit ?""")
			.params(Timestamp.from(this.clock.instant().minus(age)), limit)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		// A load test's order is released as part of its run (shadow topic, ADR-25).
		orders.forEach((order) -> TestRun.runWith(order[1],
				() -> this.transaction.executeWithoutResult((status) -> release(order[0]))));
		return orders.size();
	}

	private Participation lockRow(String orderId) {
		this.jdbc.sql("select order_id from order_promotion where order_id = ? for update")
			.params(orderId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Order promotions", orderId));
		return find(orderId).orElseThrow();
	}

	private Participation setStatus(Participation participation, String status) {
		this.jdbc.sql("""
				update order_promotion set status = ?, version = version + 1, updated_at = ? where order_id = ?""")
			.params(status, Timestamp.from(this.clock.instant()), participation.orderId())
			.update();
		return new Participation(participation.orderId(), participation.memberId(), status, participation.quote());
	}

	private void forEachApplied(String orderId, java.util.function.BiConsumer<CatalogPromotion, Long> action) {
		Map<String, Long> applied = this.jdbc
			.sql("select promotion_id, discount_minor from order_promotion_applied where order_id = ? "
					+ "order by promotion_id")
			.params(orderId)
			.query((rs, n) -> Map.entry(rs.getString("promotion_id"), rs.getLong("discount_minor")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
		Map<String, CatalogPromotion> promotions = promotions(applied.keySet());
		applied.forEach((id, amount) -> action.accept(promotions.get(id), amount));
	}

	private Map<String, Long> restoredByPromotion(String orderId) {
		return this.jdbc.sql("select promotion_id, restored_minor from order_promotion_applied where order_id = ?")
			.params(orderId)
			.query((rs, n) -> Map.entry(rs.getString("promotion_id"), rs.getLong("restored_minor")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private Map<String, CatalogPromotion> promotions(Collection<String> ids) {
		return this.catalog.findAll(List.copyOf(ids))
			.stream()
			.collect(Collectors.toMap(CatalogPromotion::id, Function.identity()));
	}

}
