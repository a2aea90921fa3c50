package io.concord.fulfillment.cart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.catalog.ShippingFee;
import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A cart as the shopper sees it on one channel: catalogue names and prices, the quote
 * promotion-service would give the order (tier, promotions, the chosen or best coupons)
 * and what inventory can promise per line. Read every time, never stored: a cart shows
 * today's price. A partner that does not answer leaves its part out with a notice rather
 * than failing the read.
 */
@Component
class CartPricing {

	private static final Logger log = LoggerFactory.getLogger(CartPricing.class);

	/** Whether a line can be served now, from inventory's availability. */
	enum Availability {

		/** The channel can promise the whole quantity. */
		IN_STOCK,
		/** Some units, fewer than the line asks for. */
		NOT_ENOUGH,
		/** None. */
		OUT_OF_STOCK,
		/** Inventory did not answer; checkout will tell. */
		UNKNOWN

	}

	record CartLineView(@Schema(example = "JACKET-BLK-M") String sku,
			@Schema(description = "null when the SKU is no longer for sale",
					example = "Down jacket, black, M") @Nullable String name,
			@Schema(example = "2") int quantity,
			@Schema(description = "the unit price the order would pay (the price list's, as promotion-service quoted it; the catalogue price without a quote); null when not for sale",
					example = "69900") @Nullable Long unitPriceMinor,
			@Schema(description = "the line after its share of discounts; null without a quote",
					example = "129300") @Nullable Long netMinor,
			@Schema(description = "false: the SKU is not for sale and checkout will refuse it",
					example = "true") boolean forSale,
			@Schema(description = "units the channel can promise; null when unknown",
					example = "143") @Nullable Integer available,
			Availability availability) {
	}

	record CartPromotion(@Schema(example = "TIER-GOLD") String promotionId,
			@Schema(example = "Gold member price: 5% off") String name, @Nullable UUID couponId,
			@Schema(example = "MEMBER") String group, @Schema(example = "6990") long discountMinor,
			@Schema(example = "1000") long shippingDiscountMinor) {
	}

	/** What the order would cost now (promotion-service's quote). */
	record CartTotals(@Schema(example = "CNY") String currency, @Schema(example = "139800") long subtotalMinor,
			@Schema(example = "6990") long discountMinor, @Schema(example = "1000") long shippingFeeMinor,
			@Schema(example = "1000") long shippingDiscountMinor,
			@Schema(description = "subtotal - discount + shipping fee - shipping discount, before points",
					example = "132810") long payableMinor,
			@Schema(description = "whether the order may also pay with points", example = "true") boolean pointsAllowed,
			List<CartPromotion> promotions) {
	}

	/**
	 * What points could pay of this cart (member-service's rules on the quote's payable).
	 */
	record CartPoints(@Schema(description = "the member's points balance", example = "500") long balance, @Schema(
			description = "the most points this cart may use: the rules' share of the payable, within the balance",
			example = "500") long maxPoints,
			@Schema(description = "their value in minor units", example = "500") long maxValueMinor) {
	}

	record CartView(@Schema(
			description = "a guest keeps it and sends it as Guest-Cart-Id; null while a guest has no cart") @Nullable UUID cartId,
			@Schema(description = "bumped by every change; send it as If-Match to refuse overwriting a change made on another channel",
					example = "3") long version,
			@Schema(example = "APP") String channel, List<CartLineView> lines, List<UUID> couponIds,
			@Schema(example = "200") long pointsToRedeem,
			@Schema(description = "null for an empty cart or when prices could not be read (see notices)") @Nullable CartTotals totals,
			@Schema(description = "for a member: what points could pay of the totals; null for guests or when unknown") @Nullable CartPoints points,
			@Schema(description = "what the shopper should know: lines not for sale, coupons no longer usable, prices or availability not read") List<String> notices) {
	}

	private final Products products;

	private final Partners partners;

	private final ShippingFee shippingFee;

	CartPricing(Products products, Partners partners, ShippingFee shippingFee) {
		this.products = products;
		this.partners = partners;
		this.shippingFee = shippingFee;
	}

	CartView view(Carts.@Nullable Cart cart, String channel) {
		if (cart == null || cart.lines().isEmpty()) {
			return new CartView((cart != null) ? cart.cartId() : null, (cart != null) ? cart.version() : 0, channel,
					List.of(), (cart != null && cart.couponIds() != null) ? cart.couponIds() : List.of(),
					(cart != null) ? cart.pointsToRedeem() : 0, null, null, List.of());
		}
		List<String> notices = new ArrayList<>();
		Map<String, Products.Product> catalogue = this.products
			.findAll(cart.lines().stream().map(Carts.Line::sku).toList());
		Map<String, Integer> available = availability(channel, cart, notices);
		List<UUID> coupons = (cart.couponIds() != null) ? cart.couponIds() : List.of();
		Partners.PromotionQuote quote = quote(cart, channel, catalogue, notices);
		Map<String, Long> net = new LinkedHashMap<>();
		Map<String, Long> quotedPrice = new LinkedHashMap<>();
		if (quote != null) {
			quote.lines().forEach((line) -> net.put(line.sku(), line.netMinor()));
			quote.lines()
				.stream()
				.filter((line) -> line.unitPriceMinor() != null)
				.forEach((line) -> quotedPrice.put(line.sku(), line.unitPriceMinor()));
		}
		List<CartLineView> lines = new ArrayList<>();
		for (Carts.Line line : cart.lines()) {
			Products.Product product = catalogue.get(line.sku());
			if (product == null) {
				notices.add(line.sku() + " is no longer for sale: remove it to check out.");
			}
			Integer units = (available != null) ? available.getOrDefault(line.sku(), 0) : null;
			lines.add(new CartLineView(line.sku(), (product != null) ? product.name() : null, line.quantity(),
					(product != null) ? quotedPrice.getOrDefault(line.sku(), product.unitPriceMinor()) : null,
					net.get(line.sku()), product != null, units, availability(units, line.quantity())));
		}
		CartTotals totals = (quote != null) ? totals(quote) : null;
		CartPoints points = (totals != null && cart.memberId() != null) ? points(cart, totals, notices) : null;
		return new CartView(cart.cartId(), cart.version(), channel, lines, coupons, cart.pointsToRedeem(), totals,
				points, notices);
	}

	private @Nullable Map<String, Integer> availability(String channel, Carts.Cart cart, List<String> notices) {
		try {
			return this.partners.availability(channel, cart.lines().stream().map(Carts.Line::sku).toList());
		}
		catch (PartnerUnavailable | PartnerRefusal ex) {
			log.warn("Cart availability not read: {}", ex.getMessage());
			notices.add("Availability could not be read just now; checkout checks it.");
			return null;
		}
	}

	/**
	 * The order's quote: with the chosen coupons, or (when one is no longer usable) with
	 * the best of the wallet and a notice.
	 */
	private Partners.@Nullable PromotionQuote quote(Carts.Cart cart, String channel,
			Map<String, Products.Product> catalogue, List<String> notices) {
		List<Partners.PricedLine> priced = cart.lines()
			.stream()
			.filter((line) -> catalogue.containsKey(line.sku()))
			.map((line) -> {
				Products.Product product = catalogue.get(line.sku());
				return new Partners.PricedLine(line.sku(), line.quantity(), product.unitPriceMinor(),
						product.category(), product.brand());
			})
			.toList();
		List<String> currencies = priced.stream()
			.map((line) -> catalogue.get(line.sku()).currency())
			.distinct()
			.toList();
		if (priced.isEmpty() || currencies.size() > 1) {
			if (currencies.size() > 1) {
				notices.add("An order is in one currency; these products are in " + currencies + ".");
			}
			return null;
		}
		boolean usePoints = cart.pointsToRedeem() > 0;
		try {
			try {
				return this.partners.quote(cart.memberId(), new Partners.Cart(channel, currencies.get(0), priced,
						this.shippingFee.minor(), usePoints, cart.couponIds()));
			}
			catch (PartnerRefusal ex) {
				if (cart.couponIds() == null || !"coupon-not-usable".equals(ex.type())) {
					throw ex;
				}
				notices.add("A chosen coupon can no longer be used (" + ex.detail()
						+ "); priced with the best of the wallet instead.");
				return this.partners.quote(cart.memberId(), new Partners.Cart(channel, currencies.get(0), priced,
						this.shippingFee.minor(), usePoints, null));
			}
		}
		catch (PartnerUnavailable | PartnerRefusal ex) {
			log.warn("Cart not priced: {}", ex.getMessage());
			notices.add("Prices and promotions could not be read just now; checkout prices the order.");
			return null;
		}
	}

	private @Nullable CartPoints points(Carts.Cart cart, CartTotals totals, List<String> notices) {
		try {
			Partners.PointsAllowance allowance = this.partners.pointsAllowance(cart.memberId(), totals.payableMinor(),
					totals.currency());
			if (cart.pointsToRedeem() > allowance.maxPoints()) {
				notices.add("At most " + allowance.maxPoints() + " points can pay for this cart (balance "
						+ allowance.balance() + "); checkout refuses " + cart.pointsToRedeem() + ".");
			}
			return new CartPoints(allowance.balance(), allowance.maxPoints(), allowance.maxValueMinor());
		}
		catch (PartnerUnavailable | PartnerRefusal ex) {
			log.warn("Cart points allowance not read: {}", ex.getMessage());
			notices.add("Points could not be read just now; checkout checks them.");
			return null;
		}
	}

	private static CartTotals totals(Partners.PromotionQuote quote) {
		List<CartPromotion> promotions = new ArrayList<>();
		for (Partners.QuotedPromotion offer : quote.applied()) {
			promotions.add(new CartPromotion(offer.promotionId(), offer.name(),
					(offer.couponId() != null) ? UUID.fromString(offer.couponId()) : null, offer.group(),
					offer.discountMinor(), offer.shippingDiscountMinor()));
		}
		return new CartTotals(quote.currency(), quote.subtotalMinor(), quote.discountMinor(), quote.shippingFeeMinor(),
				quote.shippingDiscountMinor(), quote.payableMinor(), quote.pointsAllowed(), promotions);
	}

	private static Availability availability(@Nullable Integer available, int wanted) {
		if (available == null) {
			return Availability.UNKNOWN;
		}
		if (available <= 0) {
			return Availability.OUT_OF_STOCK;
		}
		return (available >= wanted) ? Availability.IN_STOCK : Availability.NOT_ENOUGH;
	}

}
