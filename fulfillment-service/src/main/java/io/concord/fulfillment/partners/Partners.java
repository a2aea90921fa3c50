package io.concord.fulfillment.partners;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The order flow's view of inventory-service, promotion-service and member-service
 * (points as payment). Every call is idempotent by order id (or return id) at the
 * partner, so any of them may be repeated after a timeout or a restart.
 */
@Component
public class Partners {

	public record StockLine(String sku, int quantity) {
	}

	public record Reservation(Instant expiresAt, JsonNode allocations) {
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

	/** What an order's points paid, as member-service debited them. */
	public record PointsRedemption(long points, long valueMinor) {
	}

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

	Partners(RestClient.Builder builder, ServiceTokens tokens, JsonMapper json, MeterRegistry meters,
			@Value("${concord.fulfillment.partners.inventory-url:http://localhost:8082}") String inventoryUrl,
			@Value("${concord.fulfillment.partners.promotion-url:http://localhost:8083}") String promotionUrl,
			@Value("${concord.fulfillment.partners.member-url:http://localhost:8081}") String memberUrl,
			@Value("${concord.fulfillment.partners.timeout:5s}") Duration timeout) {
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
		JsonNode reservation = this.inventory.post("/internal/inventory/reservations", request);
		return new Reservation(Instant.parse(reservation.path("expiresAt").asString()),
				reservation.path("allocations"));
	}

	public void releaseStock(String orderId) {
		this.inventoryAfterSale.postUnlessMissing("/internal/inventory/reservations/" + orderId + "/release");
	}

	public void confirmStock(String orderId) {
		this.inventoryAfterSale.post("/internal/inventory/reservations/" + orderId + "/confirmation", null);
	}

	/** Prices the cart and locks its coupons and budgets; the answer holds the quote. */
	public JsonNode lockPromotions(String orderId, UUID memberId, Cart cart) {
		return this.promotion.post("/internal/promotions/orders",
				Map.of("orderId", orderId, "memberId", memberId, "cart", cart));
	}

	public void redeemPromotions(String orderId) {
		this.promotionAfterSale.post("/internal/promotions/orders/" + orderId + "/redemption", null);
	}

	public void releasePromotions(String orderId) {
		this.promotionAfterSale.postUnlessMissing("/internal/promotions/orders/" + orderId + "/release");
	}

	/** What returned units were paid, from the order's locked allocation. */
	public JsonNode returnLines(String orderId, String returnId, List<StockLine> lines) {
		return this.promotionAfterSale.post("/internal/promotions/orders/" + orderId + "/returns",
				Map.of("returnId", returnId, "lines", lines));
	}

	/**
	 * Debits the member's points for the order, once per order id, capped by the points
	 * rules on {@code payableMinor} (the quote's, never the shopper's).
	 */
	public PointsRedemption redeemPoints(String orderId, UUID memberId, long points, long payableMinor,
			String currency) {
		JsonNode redemption = this.member.post("/internal/members/orders/" + orderId + "/points-redemption",
				Map.of("memberId", memberId, "points", points, "payableMinor", payableMinor, "currency", currency));
		return new PointsRedemption(redemption.path("points").asLong(), redemption.path("valueMinor").asLong());
	}

	/**
	 * Gives the order's points back (idempotent); the points given back, 0 when the order
	 * redeemed none (member-service then refuses a late redemption for it).
	 */
	public long reversePoints(String orderId) {
		JsonNode reversal = this.memberAfterSale
			.postUnlessMissing("/internal/members/orders/" + orderId + "/points-redemption/reversal");
		return (reversal != null) ? reversal.path("points").asLong() : 0;
	}

	/** Gives back a return's points, once per return id; the points given back. */
	public long restorePointsForReturn(String orderId, String returnId, long points) {
		return this.memberAfterSale
			.post("/internal/members/orders/" + orderId + "/points-redemption/returns",
					Map.of("returnId", returnId, "points", points))
			.path("points")
			.asLong();
	}

	/**
	 * Units of each SKU the channel can promise now (inventory's availability, net of
	 * other channels' ring-fences); a SKU inventory does not know has 0.
	 */
	public Map<String, Integer> availability(String channel, Collection<String> skus) {
		JsonNode answer = this.inventoryReads
			.get("/api/inventory/availability?channel=" + channel + "&skus=" + String.join(",", skus));
		Map<String, Integer> available = new LinkedHashMap<>();
		answer.forEach((line) -> available.put(line.path("sku").asString(), line.path("available").asInt()));
		return available;
	}

	/**
	 * Prices a cart as the member's order would be priced (their tier, their wallet or
	 * the chosen coupons), locking nothing; a guest's cart ({@code memberId} null) gets
	 * the channel's public promotions.
	 */
	public JsonNode quote(@Nullable UUID memberId, Cart cart) {
		Map<String, Object> request = new LinkedHashMap<>();
		if (memberId != null) {
			request.put("memberId", memberId);
		}
		request.put("cart", cart);
		return this.promotionQuotes.post("/internal/promotions/quotes", request);
	}

	/** The member's points balance and what points could pay of {@code payableMinor}. */
	public PointsAllowance pointsAllowance(UUID memberId, long payableMinor, String currency) {
		JsonNode allowance = this.memberReads.post("/internal/members/" + memberId + "/points-allowance",
				Map.of("payableMinor", payableMinor, "currency", currency));
		return new PointsAllowance(allowance.path("balance").asLong(), allowance.path("maxPoints").asLong(),
				allowance.path("maxValueMinor").asLong());
	}

}
