package io.concord.promotion.checkout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionBudgets;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.pricing.Quote;
import io.concord.promotion.tiers.TierBenefits;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Returns of a paid order's lines: what each returned unit is refunded, computed from the
 * order's stored quote (never from today's rules), and the discount given back to budgets
 * whose promotion says so. A return id is answered once; repeating it returns the first
 * answer.
 */
@Component
class OrderReturns {

	public record ReturnedLine(String sku, int quantity) {
	}

	public record RefundLine(String sku, int quantity, long grossMinor, long discountMinor, long refundMinor) {
	}

	/** What a return gives back: per line, the price paid for the returned units. */
	public record ReturnResult(String orderId, String returnId, String currency, List<RefundLine> lines,
			long refundMinor, long budgetRestoredMinor) {
	}

	private final OrderPromotions orders;

	private final PromotionCatalog catalog;

	private final PromotionBudgets budgets;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	OrderReturns(OrderPromotions orders, PromotionCatalog catalog, PromotionBudgets budgets, JdbcTemplate jdbc,
			JsonMapper json) {
		this.orders = orders;
		this.catalog = catalog;
		this.budgets = budgets;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
	}

	/**
	 * Lines of a paid order came back. Each returned unit is refunded at what it was paid
	 * (its share of the line's discount taken in proportion to units, so the last unit
	 * returned settles the remainder exactly), and the discount goes back to budgets
	 * whose promotion says so. Repeating a return id returns the first answer.
	 */
	@Transactional
	public ReturnResult returnLines(String orderId, String returnId, List<ReturnedLine> returned) {
		OrderPromotions.Participation participation = this.orders.lockRow(orderId);
		Optional<ReturnResult> before = this.jdbc
			.sql("select result from order_return where order_id = ? and return_id = ?")
			.params(orderId, returnId)
			.query(String.class)
			.optional()
			.map((result) -> this.json.readValue(result, ReturnResult.class));
		if (before.isPresent()) {
			return before.get();
		}
		if (ParticipationStatus.of(participation.status()) != ParticipationStatus.REDEEMED) {
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
		Map<String, CatalogPromotion> promotions = this.catalog.findAll(List.copyOf(restoreByPromotion.keySet()))
			.stream()
			.collect(Collectors.toMap(CatalogPromotion::id, Function.identity()));
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

}
