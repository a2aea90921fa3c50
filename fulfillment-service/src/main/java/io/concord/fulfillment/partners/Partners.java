package io.concord.fulfillment.partners;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The order flow's view of inventory-service, promotion-service and member-service
 * (points as payment, and the member behind a marketplace buyer). Every call is
 * idempotent by order id (or return id) at the partner, so any of them may be repeated
 * after a timeout or a restart.
 */
@Component
public class Partners {

	private static final Logger log = LoggerFactory.getLogger(Partners.class);

	/** Units of a SKU: what an order reserves, or a return sends back. */
	public record StockLine(String sku, int quantity) {
	}

	/** Units of a SKU held at one location (inventory's allocation). */
	public record Allocation(String sku, String location, int quantity) {
	}

	/** Stock held for an order until {@code expiresAt}, location by location. */
	public record Reservation(Instant expiresAt, List<Allocation> allocations) {
	}

	/** A cart line as promotion-service prices it. */
	public record PricedLine(String sku, int quantity, long unitPriceMinor, @Nullable String category,
			@Nullable String brand) {
	}

	public record Cart(String channel, String currency, List<PricedLine> lines, long shippingFeeMinor,
			boolean usePoints, @Nullable List<UUID> couponIds) {
	}

	/** What points could pay of a payable: the balance and the most the rules allow. */
	public record PointsAllowance(long balance, long maxPoints, long maxValueMinor) {
	}

	/**
	 * A quoted line: the unit price promotion-service priced it at (the price
	 * authority's; null from a promotion-service that does not send it), its gross, its
	 * share of the discounts, and what is left.
	 */
	public record QuotedLine(String sku, int quantity, @Nullable Long unitPriceMinor, long grossMinor,
			long discountMinor, long netMinor) {

		/**
		 * The quoted unit price, or {@code fallback} when the quote does not carry one.
		 */
		public long unitPriceOr(long fallback) {
			return (this.unitPriceMinor != null) ? this.unitPriceMinor : fallback;
		}

	}

	/** A promotion that applied, with what it took off the lines and the shipping. */
	public record QuotedPromotion(String promotionId, @Nullable String name, @Nullable String couponId,
			@Nullable String group, long discountMinor, long shippingDiscountMinor) {
	}

	/**
	 * A cart priced by promotion-service, in minor units: {@code payableMinor} = subtotal
	 * - discount + shipping fee - shipping discount; line discounts add up to
	 * {@code discountMinor}.
	 */
	public record PromotionQuote(String currency, long subtotalMinor, long discountMinor, long shippingFeeMinor,
			long shippingDiscountMinor, long payableMinor, List<QuotedLine> lines, List<QuotedPromotion> applied,
			boolean pointsAllowed) {

		public PromotionQuote {
			lines = (lines != null) ? lines : List.of();
			applied = (applied != null) ? applied : List.of();
		}

	}

	/**
	 * An order's promotions, locked at the quote. {@code asQuoted} is the quote as
	 * promotion-service sent it (with every promotion it considered), stored unread with
	 * the order as the record of its pricing.
	 */
	public record PromotionLock(PromotionQuote quote, JsonNode asQuoted) {
	}

	/** What a returned SKU's units were paid, to refund. */
	public record RefundLine(String sku, long refundMinor) {
	}

	/** A return's refund at what its units were paid, per line and in all. */
	public record ReturnRefund(List<RefundLine> lines, long refundMinor) {

		public ReturnRefund {
			lines = (lines != null) ? lines : List.of();
		}

	}

	/** What an order's points paid, as member-service debited them. */
	public record PointsRedemption(long points, long valueMinor) {
	}

	/** promotion-service's locked order: the quote is all the order flow keeps of it. */
	private record Participation(JsonNode quote) {
	}

	/** Points given back (a reversal or a return's share). */
	private record PointsGivenBack(long points) {
	}

	/** member-service's answer to an identity resolve. */
	private record ResolvedMember(UUID memberId) {
	}

	/** Units of a SKU the channel can promise now. */
	private record Availability(String sku, int available) {
	}

	private final PartnerAnswers answers;

	private final PartnerCalls inventory;

	private final PartnerCalls member;

	private final PartnerCalls memberAfterSale;

	private final PartnerCalls promotion;

	// Calls after a sale (confirm, redeem, release, refund returns) have breakers of
	// their
	// own: a partner refusing placements at peak never blocks paid orders (M2).
	private final PartnerCalls inventoryAfterSale;

	private final PartnerCalls promotionAfterSale;

	// Cart reads have breakers of their own: a slow availability or price read for carts
	// never opens the breaker that placements go through, nor the other way round.
	private final PartnerCalls inventoryReads;

	private final PartnerCalls promotionQuotes;

	private final PartnerCalls memberReads;

	// Resolving a channel order's buyer has a breaker of its own: its fallback (the
	// connector's buyer id) must never open the breaker carts or placements go through.
	private final PartnerCalls memberIdentities;

	Partners(RestClient.Builder builder, ServiceTokens tokens, JsonMapper json, MeterRegistry meters,
			@Value("${concord.fulfillment.partners.inventory-url:http://localhost:8082}") String inventoryUrl,
			@Value("${concord.fulfillment.partners.promotion-url:http://localhost:8083}") String promotionUrl,
			@Value("${concord.fulfillment.partners.member-url:http://localhost:8081}") String memberUrl,
			@Value("${concord.fulfillment.partners.timeout:5s}") Duration timeout) {
		this.answers = new PartnerAnswers(json);
		CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
		this.inventory = new PartnerCalls("inventory-service", inventoryUrl, builder, tokens, json, timeout, breakers);
		this.promotion = new PartnerCalls("promotion-service", promotionUrl, builder, tokens, json, timeout, breakers);
		this.member = new PartnerCalls("member-service", memberUrl, builder, tokens, json, timeout, breakers);
		this.memberAfterSale = new PartnerCalls("member-service-after-sale", memberUrl, builder, tokens, json, timeout,
				breakers);
		this.inventoryAfterSale = new PartnerCalls("inventory-service-after-sale", inventoryUrl, builder, tokens, json,
				timeout, breakers);
		this.promotionAfterSale = new PartnerCalls("promotion-service-after-sale", promotionUrl, builder, tokens, json,
				timeout, breakers);
		this.inventoryReads = new PartnerCalls("inventory-service-reads", inventoryUrl, builder, tokens, json, timeout,
				breakers);
		this.promotionQuotes = new PartnerCalls("promotion-service-quotes", promotionUrl, builder, tokens, json,
				timeout, breakers);
		this.memberReads = new PartnerCalls("member-service-reads", memberUrl, builder, tokens, json, timeout,
				breakers);
		this.memberIdentities = new PartnerCalls("member-service-identities", memberUrl, builder, tokens, json, timeout,
				breakers);
	}

	/** Holds stock for the order: all lines or a refusal naming the short ones. */
	public Reservation reserve(String orderId, String channel, @Nullable String region, List<StockLine> lines,
			Duration holdFor) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("orderId", orderId);
		request.put("channel", channel);
		if (region != null) {
			request.put("region", region);
		}
		request.put("lines", lines);
		request.put("holdMinutes", holdFor.toMinutes());
		return this.answers.read(this.inventory.post("/internal/inventory/reservations", request), Reservation.class);
	}

	public void releaseStock(String orderId) {
		this.inventoryAfterSale.postUnlessMissing("/internal/inventory/reservations/" + orderId + "/release");
	}

	public void confirmStock(String orderId) {
		this.inventoryAfterSale.post("/internal/inventory/reservations/" + orderId + "/confirmation", null);
	}

	/** Prices the cart and locks its coupons and budgets at that quote. */
	public PromotionLock lockPromotions(String orderId, UUID memberId, Cart cart) {
		JsonNode quote = this.answers
			.read(this.promotion.post("/internal/promotions/orders",
					Map.of("orderId", orderId, "memberId", memberId, "cart", cart)), Participation.class)
			.quote();
		return new PromotionLock(this.answers.read(quote, PromotionQuote.class), quote);
	}

	public void redeemPromotions(String orderId) {
		this.promotionAfterSale.post("/internal/promotions/orders/" + orderId + "/redemption", null);
	}

	public void releasePromotions(String orderId) {
		this.promotionAfterSale.postUnlessMissing("/internal/promotions/orders/" + orderId + "/release");
	}

	/** What returned units were paid, from the order's locked allocation. */
	public ReturnRefund returnLines(String orderId, String returnId, List<StockLine> lines) {
		return this.answers.read(this.promotionAfterSale.post("/internal/promotions/orders/" + orderId + "/returns",
				Map.of("returnId", returnId, "lines", lines)), ReturnRefund.class);
	}

	/**
	 * Debits the member's points for the order, once per order id, capped by the points
	 * rules on {@code payableMinor} (the quote's, never the shopper's).
	 */
	public PointsRedemption redeemPoints(String orderId, UUID memberId, long points, long payableMinor,
			String currency) {
		return this.answers.read(
				this.member.post("/internal/members/orders/" + orderId + "/points-redemption", Map.of("memberId",
						memberId, "points", points, "payableMinor", payableMinor, "currency", currency)),
				PointsRedemption.class);
	}

	/**
	 * Gives the order's points back (idempotent); the points given back, 0 when the order
	 * redeemed none (member-service then refuses a late redemption for it).
	 */
	public long reversePoints(String orderId) {
		JsonNode reversal = this.memberAfterSale
			.postUnlessMissing("/internal/members/orders/" + orderId + "/points-redemption/reversal");
		return (reversal != null) ? this.answers.read(reversal, PointsGivenBack.class).points() : 0;
	}

	/** Gives back a return's points, once per return id; the points given back. */
	public long restorePointsForReturn(String orderId, String returnId, long points) {
		return this.answers
			.read(this.memberAfterSale.post("/internal/members/orders/" + orderId + "/points-redemption/returns",
					Map.of("returnId", returnId, "points", points)), PointsGivenBack.class)
			.points();
	}

	/**
	 * Units of each SKU the channel can promise now (inventory's availability, net of
	 * other channels' ring-fences); a SKU inventory does not know has 0.
	 */
	public Map<String, Integer> availability(String channel, Collection<String> skus) {
		Availability[] answer = this.answers.read(
				this.inventoryReads
					.get("/api/inventory/availability?channel=" + channel + "&skus=" + String.join(",", skus)),
				Availability[].class);
		Map<String, Integer> available = new LinkedHashMap<>();
		for (Availability line : answer) {
			available.put(line.sku(), line.available());
		}
		return available;
	}

	/**
	 * Prices a cart as the member's order would be priced (their tier, their wallet or
	 * the chosen coupons), locking nothing; a guest's cart ({@code memberId} null) gets
	 * the channel's public promotions.
	 */
	public PromotionQuote quote(@Nullable UUID memberId, Cart cart) {
		Map<String, Object> request = new LinkedHashMap<>();
		if (memberId != null) {
			request.put("memberId", memberId);
		}
		request.put("cart", cart);
		return this.answers.read(this.promotionQuotes.post("/internal/promotions/quotes", request),
				PromotionQuote.class);
	}

	/** The member's points balance and what points could pay of {@code payableMinor}. */
	public PointsAllowance pointsAllowance(UUID memberId, long payableMinor, String currency) {
		return this.answers.read(this.memberReads.post("/internal/members/" + memberId + "/points-allowance",
				Map.of("payableMinor", payableMinor, "currency", currency)), PointsAllowance.class);
	}

	/**
	 * The member holding a proven identity (member-service follows merges), e.g. a
	 * marketplace buyer ({@code MARKETPLACE_BUYER} in the marketplace's namespace); empty
	 * when none does. Never throws: an outage, an open breaker or any other refusal also
	 * answers empty (logged), so the caller falls back and an order is never lost or
	 * blocked for it.
	 */
	public Optional<UUID> memberOfIdentity(String type, String namespace, String value) {
		try {
			return Optional.ofNullable(this.answers
				.read(this.memberIdentities.post("/internal/members/identities/resolve",
						Map.of("type", type, "namespace", namespace, "value", value)), ResolvedMember.class)
				.memberId());
		}
		catch (PartnerRefusal refusal) {
			if (refusal.status() != 404) {
				log.warn("member-service refused to resolve a {} identity in {} ({} {}): not a member's", type,
						namespace, refusal.status(), refusal.detail());
			}
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			log.warn("Could not resolve a {} identity in {}: not a member's this time ({})", type, namespace,
					ex.toString());
			return Optional.empty();
		}
	}

}
