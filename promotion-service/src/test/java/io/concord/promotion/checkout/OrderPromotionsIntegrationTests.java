package io.concord.promotion.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.concord.platform.web.ProblemException;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Offer;
import io.concord.promotion.pricing.Quote;
import io.concord.promotion.pricing.Reason;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An order's promotions on PostgreSQL: a coupon serves one order however many race for
 * it, a budget is never overspent, and cancellations and returns give back exactly what
 * the order took.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderPromotionsIntegrationTests {

	@Autowired
	OrderPromotions orders;

	@Autowired
	OrderReturns returns;

	@Autowired
	Coupons coupons;

	@Autowired
	CouponClaims claims;

	@Autowired
	Campaigns campaigns;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aCouponRacedForByManyOrdersIsLockedByExactlyOne() throws Exception {
		UUID member = UUID.randomUUID();
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(2000, 10000), 10, 1);
		Coupons.Coupon coupon = this.claims.claim(template.id(), member);
		String sku = sku();
		AtomicInteger locked = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
			for (int i = 0; i < 32; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					try {
						this.orders.lock("ORD-" + UUID.randomUUID(), cart(member, List.of(coupon.id()), sku, 1, 29900));
						locked.incrementAndGet();
					}
					catch (ProblemException ex) {
						refused.incrementAndGet();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		assertThat(locked).hasValue(1);
		assertThat(refused).hasValue(31);
		assertThat(this.coupons.find(coupon.id()).status()).isEqualTo("LOCKED");
		assertThat(this.jdbc.queryForObject("select count(*) from order_promotion_applied where coupon_id = ?",
				Integer.class, coupon.id()))
			.isEqualTo(1);
	}

	@Test
	void concurrentOrdersNeverSpendMoreThanTheBudget() throws Exception {
		String sku = sku();
		// 3,000 off every order, budget 10,000: three orders fit, the fourth would
		// overspend.
		CatalogPromotion promotion = fixtures().automatic(fixtures().runningCampaign(), Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.ORDER, Offer.Rule.amountOff(3000, 0), 10_000L, PromotionFixtures.skus(sku));
		AtomicInteger discounted = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
			for (int i = 0; i < 20; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					try {
						OrderPromotions.Participation order = this.orders.lock("ORD-" + UUID.randomUUID(),
								cart(UUID.randomUUID(), null, sku, 1, 9900));
						if (order.quote().discountMinor() == 3000) {
							discounted.incrementAndGet();
						}
					}
					catch (ProblemException ex) {
						// quoted with budget left, refused at lock: the budget held
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		CatalogPromotion after = this.catalog.find(promotion.id());
		assertThat(discounted).hasValue(3);
		assertThat(after.budgetLockedMinor()).isEqualTo(9000);
		Quote fourth = this.orders.quote(cart(UUID.randomUUID(), null, sku, 1, 9900));
		assertThat(fourth.considered()).filteredOn((c) -> c.promotionId().equals(promotion.id()))
			.singleElement()
			.extracting(Quote.Consideration::reason)
			.isEqualTo(Reason.BUDGET_EXHAUSTED);
	}

	@Test
	void lockRedeemReleaseAndReturnGiveBackExactlyWhatTheOrderTook() {
		UUID member = UUID.randomUUID();
		String sku = sku();
		String other = sku();
		String campaign = fixtures().runningCampaign();
		CatalogPromotion threshold = fixtures().automatic(campaign, Offer.Kind.SPEND_THRESHOLD,
				Offer.StackingGroup.ORDER, Offer.Rule.threshold(false, new Offer.ThresholdTier(30000, 5000)), 100_000L,
				PromotionFixtures.skus(sku, other));
		CatalogPromotion template = fixtures().couponTemplate(campaign, Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(1000, 5000), 10, 1);
		Coupons.Coupon coupon = this.claims.claim(template.id(), member);
		String orderId = "ORD-" + UUID.randomUUID();
		OrderPromotions.CartRequest cart = new OrderPromotions.CartRequest(member, "APP", "CNY",
				List.of(new CartLine(sku, 3, 9900, null, null), new CartLine(other, 1, 12345, null, null)), 800, false,
				null);

		OrderPromotions.Participation placed = this.orders.lock(orderId, cart);
		// 29700 + 12345 = 42045; 5000 off the threshold, then 1000 off the coupon.
		assertThat(placed.quote().payableMinor()).isEqualTo(42045 - 6000 + 800);
		assertThat(this.orders.lock(orderId, cart)).as("idempotent by order id").isEqualTo(placed);
		assertThat(this.coupons.find(coupon.id()).status()).isEqualTo("LOCKED");
		assertThat(this.catalog.find(threshold.id()).budgetLockedMinor()).isEqualTo(5000);

		this.orders.redeem(orderId);
		this.orders.redeem(orderId);
		assertThat(this.coupons.find(coupon.id()).status()).isEqualTo("REDEEMED");
		assertThat(this.catalog.find(threshold.id()).budgetSpentMinor()).isEqualTo(5000);
		assertThat(this.catalog.find(threshold.id()).budgetLockedMinor()).isZero();

		long[] discountOnSku = { 0 };
		placed.quote()
			.lines()
			.stream()
			.filter((l) -> l.sku().equals(sku))
			.forEach((l) -> discountOnSku[0] += l.discountMinor());
		OrderReturns.ReturnResult first = this.returns.returnLines(orderId, "RET-1",
				List.of(new OrderReturns.ReturnedLine(sku, 1)));
		assertThat(this.returns.returnLines(orderId, "RET-1", List.of(new OrderReturns.ReturnedLine(sku, 1))))
			.as("idempotent by return id")
			.isEqualTo(first);
		OrderReturns.ReturnResult rest = this.returns.returnLines(orderId, "RET-2",
				List.of(new OrderReturns.ReturnedLine(sku, 2)));
		assertThat(first.lines().get(0).discountMinor() + rest.lines().get(0).discountMinor())
			.as("returning every unit gives back exactly the line's discount")
			.isEqualTo(discountOnSku[0]);
		assertThat(first.refundMinor() + rest.refundMinor()).isEqualTo(29700 - discountOnSku[0]);
		assertThatThrownBy(
				() -> this.returns.returnLines(orderId, "RET-3", List.of(new OrderReturns.ReturnedLine(sku, 1))))
			.isInstanceOf(ProblemException.class)
			.hasMessageContaining("0 unit(s)");
		long thresholdShareOfSku = placed.quote()
			.lines()
			.stream()
			.filter((l) -> l.sku().equals(sku))
			.flatMap((l) -> l.discounts().stream())
			.filter((d) -> d.promotionId().equals(threshold.id()))
			.mapToLong(Quote.LineDiscount::amountMinor)
			.sum();
		assertThat(this.catalog.find(threshold.id()).budgetSpentMinor()).isEqualTo(5000 - thresholdShareOfSku);

		// Cancelling the order now (before shipping, say) returns the rest, once.
		this.orders.release(orderId);
		this.orders.release(orderId);
		assertThat(this.catalog.find(threshold.id()).budgetSpentMinor()).isZero();
		assertThat(this.coupons.find(coupon.id()).status()).isEqualTo("AVAILABLE");
		assertThatThrownBy(() -> this.orders.redeem(orderId)).isInstanceOf(ProblemException.Conflict.class);
	}

	@Test
	void anUnpaidOrderReleasedGivesItsCouponToTheNextOrder() {
		UUID member = UUID.randomUUID();
		CatalogPromotion template = fixtures().couponTemplate(fixtures().runningCampaign(), Offer.Kind.PERCENT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.percentOff("10", 500L), 10, 1);
		Coupons.Coupon coupon = this.claims.claim(template.id(), member);
		String sku = sku();
		String first = "ORD-" + UUID.randomUUID();
		this.orders.lock(first, cart(member, List.of(coupon.id()), sku, 2, 9900));
		assertThatThrownBy(
				() -> this.orders.lock("ORD-" + UUID.randomUUID(), cart(member, List.of(coupon.id()), sku, 1, 9900)))
			.isInstanceOf(ProblemException.class)
			.hasMessageContaining("not in this member's wallet, or are locked");
		this.orders.release(first);
		OrderPromotions.Participation second = this.orders.lock("ORD-" + UUID.randomUUID(),
				cart(member, List.of(coupon.id()), sku, 1, 9900));
		assertThat(second.quote().discountMinor()).isEqualTo(500);
	}

	private static OrderPromotions.CartRequest cart(UUID member, List<UUID> coupons, String sku, int quantity,
			long price) {
		return new OrderPromotions.CartRequest(member, "APP", "CNY",
				List.of(new CartLine(sku, quantity, price, null, null)), 0, false, coupons);
	}

	private static String sku() {
		return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private PromotionFixtures fixtures() {
		return new PromotionFixtures(this.campaigns, this.catalog);
	}

}
