package io.concord.promotion.checkout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import io.concord.promotion.prices.PriceLists;
import io.concord.promotion.prices.Savings;
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
 * returns are refunded from its per-line allocation ({@link OrderReturns}).
 */
@Component
class OrderPromotions {

	/**
	 * A cart to price. {@code couponIds} null means "pick the best of the wallet"; a list
	 * (even empty) means exactly those coupons.
	 */
	public record CartRequest(@Nullable UUID memberId, String channel, String currency, List<CartLine> lines,
			long shippingFeeMinor, boolean usePoints, @Nullable List<UUID> couponIds, Set<String> withoutCallerPrice) {

		/** A cart whose every line carries the caller's price. */
		public CartRequest(@Nullable UUID memberId, String channel, String currency, List<CartLine> lines,
				long shippingFeeMinor, boolean usePoints, @Nullable List<UUID> couponIds) {
			this(memberId, channel, currency, lines, shippingFeeMinor, usePoints, couponIds, Set.of());
		}

	}

	public record Participation(String orderId, @Nullable UUID memberId, String status, Quote quote) {
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

	private final PriceLists prices;

	OrderPromotions(PromotionCatalog catalog, PromotionBudgets budgets, Coupons coupons, Audience audience,
			MemberBenefits benefits, JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions,
			Clock clock, PriceLists prices) {
		this.catalog = catalog;
		this.budgets = budgets;
		this.coupons = coupons;
		this.audience = audience;
		this.benefits = benefits;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.prices = prices;
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
		// The price list decides every unit price it has (ADR-31); a SKU without
		// one keeps the caller's price: the order flow's catalogue price, or a
		// shopper's preview.
		Map<String, PriceLists.CurrentPrice> listed = this.prices.current(
				request.lines().stream().map(CartLine::sku).distinct().toList(), request.channel(), request.currency());
		List<String> unknown = request.lines()
			.stream()
			.map(CartLine::sku)
			.filter((sku) -> !listed.containsKey(sku) && request.withoutCallerPrice().contains(sku))
			.distinct()
			.toList();
		if (!unknown.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("price-unknown"), "Price unknown",
					"SKUs " + unknown + " have no price on " + request.channel() + " in " + request.currency()
							+ "; send their unitPriceMinor")
				.with("skus", unknown);
		}
		List<CartLine> lines = request.lines()
			.stream()
			.map((line) -> listed.containsKey(line.sku()) ? new CartLine(line.sku(), line.quantity(),
					listed.get(line.sku()).sellingPriceMinor(), line.category(), line.brand()) : line)
			.toList();
		return annotate(bestPrice(request, lines, now), listed);
	}

	// Where each line's price came from, and the saving it may show (Savings: never
	// against a list price above the reference price).
	private static Quote annotate(Quote quote, Map<String, PriceLists.CurrentPrice> listed) {
		return quote.withLines(quote.lines().stream().map((line) -> {
			PriceLists.CurrentPrice price = listed.get(line.sku());
			if (price == null) {
				return line.withPrices(false, null, null, null, null);
			}
			Long was = Savings.wasPriceMinor(price.listPriceMinor(), price.referencePriceMinor());
			return line.withPrices(true, price.listPriceMinor(), price.referencePriceMinor(), was,
					Savings.advertisedSavingMinor(was, line.quantity(), line.netMinor()));
		}).toList());
	}

	private Quote bestPrice(CartRequest request, List<CartLine> lines, Instant now) {
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
				profile.map(Audience.MemberProfile::newMember).orElse(false), lines, request.shippingFeeMinor(),
				request.usePoints());
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
		this.jdbc
			.sql("""
					insert into order_promotion (order_id, member_id, status, currency, payable_minor, discount_minor,
					  quote, created_at, updated_at) values (?, ?, %s, ?, 0, 0, '{}'::jsonb, ?, ?)"""
				.formatted(ParticipationStatus.LOCKED.sql()))
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
		return new Participation(orderId, request.memberId(), ParticipationStatus.LOCKED.name(), quote);
	}

	/** The order was paid: coupons are used and the discounts spent. Repeatable. */
	@Transactional
	public Participation redeem(String orderId) {
		Participation participation = lockRow(orderId);
		return switch (ParticipationStatus.of(participation.status())) {
			case REDEEMED -> participation;
			case RELEASED -> throw new ProblemException.Conflict(
					"The promotions of order " + orderId + " were released (the order was cancelled)");
			case LOCKED -> {
				this.coupons.redeem(orderId);
				forEachApplied(orderId, (promotion, amount) -> this.budgets.spend(promotion, amount));
				yield setStatus(participation, ParticipationStatus.REDEEMED);
			}
		};
	}

	/**
	 * The order was cancelled before shipping: coupons go back to the wallet and the
	 * discounts back to the budgets, paid or not. Repeatable.
	 */
	@Transactional
	public Participation release(String orderId) {
		Participation participation = lockRow(orderId);
		if (ParticipationStatus.of(participation.status()) == ParticipationStatus.RELEASED) {
			return participation;
		}
		boolean paid = ParticipationStatus.of(participation.status()) == ParticipationStatus.REDEEMED;
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
		return setStatus(participation, ParticipationStatus.RELEASED);
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
		return this.jdbc
			.sql("""
					select a.promotion_id, count(*) as orders, sum(a.discount_minor - a.restored_minor) as discount,
					  sum(o.payable_minor) as gmv
					from order_promotion_applied a join order_promotion o on o.order_id = a.order_id
					where a.promotion_id in (:ids) and o.status = %s group by a.promotion_id"""
				.formatted(ParticipationStatus.REDEEMED.sql()))
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
				select order_id, test_run from order_promotion where status = %s and created_at < ?
				order by created_at limit ?""".formatted(ParticipationStatus.LOCKED.sql()))
			.params(Timestamp.from(this.clock.instant().minus(age)), limit)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		// A load test's order is released as part of its run (shadow topic, ADR-25).
		orders.forEach((order) -> TestRun.runWith(order[1],
				() -> this.transaction.executeWithoutResult((status) -> release(order[0]))));
		return orders.size();
	}

	/** The order's participation, its row locked until the transaction ends. */
	Participation lockRow(String orderId) {
		this.jdbc.sql("select order_id from order_promotion where order_id = ? for update")
			.params(orderId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Order promotions", orderId));
		return find(orderId).orElseThrow();
	}

	private Participation setStatus(Participation participation, ParticipationStatus next) {
		if (!ParticipationStatus.of(participation.status()).canMoveTo(next)) {
			throw new IllegalStateException(
					"Order " + participation.orderId() + " cannot go from " + participation.status() + " to " + next);
		}
		String status = next.name();
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
