package io.concord.promotion.checkout;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.security.SalesChannels;
import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Quote;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Quotes for shoppers ({@code POST /api/promotions/quote}, signed in or not), and the
 * order flow's calls ({@code /internal/promotions/orders/...}, service token with the
 * {@code service:order-flow} role; never routed by the gateway).
 */
@RestController
class CheckoutController {

	record LineRequest(@Schema(example = "SKU-TEA-LONGJING-250G") @NotBlank @Size(max = 64) String sku,
			@Schema(example = "2") @NotNull @Min(1) @Max(Cart.MAX_QUANTITY) Integer quantity,
			@Schema(description = "ignored when the SKU has a price on the channel (the price list's selling price is used, ADR-31); "
					+ "otherwise the unit price in minor units (CNY 168.00): a preview for shoppers (the line says priced: false), "
					+ "the catalogue price for the order flow; required for such SKUs (422 price-unknown)",
					example = "16800") @Nullable @PositiveOrZero @Max(Cart.MAX_AMOUNT_MINOR) Long unitPriceMinor,
			@Schema(example = "tea") @Nullable @Size(max = 64) String category,
			@Schema(example = "west-lake") @Nullable @Size(max = 64) String brand) {

		CartLine toLine() {
			// Without a caller's price, 0 stands in until the price list prices the line.
			return new CartLine(this.sku, this.quantity, (this.unitPriceMinor != null) ? this.unitPriceMinor : 0,
					this.category, this.brand);
		}

	}

	/**
	 * A cart to price. {@code channel} may be left out by a signed-in member (their
	 * token's channel is used) and must match it when given; the order flow always names
	 * it.
	 */
	record QuoteRequest(@Schema(example = "APP") @Nullable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel,
			@Schema(example = "CNY") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotEmpty @Size(max = Cart.MAX_LINES) List<@Valid @NotNull LineRequest> lines,
			@Schema(example = "1000") @Nullable @PositiveOrZero @Max(Cart.MAX_AMOUNT_MINOR) Long shippingFeeMinor,
			@Schema(description = "the order will pay partly with points (some promotions do not combine with them)",
					example = "false") @Nullable Boolean usePoints,
			@Schema(description = "coupons of the member's wallet to apply; left out, the best of the wallet is chosen") @Nullable @Size(
					max = 10) List<@NotNull UUID> couponIds) {

		OrderPromotions.CartRequest toCart(@Nullable UUID memberId, String channel) {
			return new OrderPromotions.CartRequest(memberId, channel, this.currency,
					this.lines.stream().map(LineRequest::toLine).toList(),
					(this.shippingFeeMinor != null) ? this.shippingFeeMinor : 0, Boolean.TRUE.equals(this.usePoints),
					this.couponIds,
					this.lines.stream()
						.filter((line) -> line.unitPriceMinor() == null)
						.map(LineRequest::sku)
						.collect(java.util.stream.Collectors.toSet()));
		}

	}

	record LockRequest(@NotBlank @Size(max = 64) String orderId, @Nullable UUID memberId,
			@NotNull @Valid QuoteRequest cart) {
	}

	record MemberQuoteRequest(@Nullable UUID memberId, @NotNull @Valid QuoteRequest cart) {
	}

	record ReturnRequest(@NotBlank @Size(max = 64) String returnId,
			@NotEmpty List<@Valid @NotNull ReturnedLineRequest> lines) {
	}

	record ReturnedLineRequest(@NotBlank @Size(max = 64) String sku,
			@NotNull @Min(1) @Max(Cart.MAX_QUANTITY) Integer quantity) {
	}

	private final OrderPromotions orders;

	private final OrderReturns returns;

	private final SalesChannels channels;

	CheckoutController(OrderPromotions orders, OrderReturns returns, SalesChannels channels) {
		this.orders = orders;
		this.returns = returns;
		this.channels = channels;
	}

	/**
	 * The channel's prices: a member's token decides the channel (naming another is 403
	 * channel-not-permitted), guests may quote open channels only, so channel-only offers
	 * stay on their channel.
	 */
	@Tag(name = "quotes",
			description = "Price a cart with the best combination of promotions and coupons, explaining every promotion considered.")
	@Operation(operationId = "quoteCart", summary = "Quote a cart", description = """
			Prices the cart on the channel's promotions: the best combination of running automatic promotions \
			and (for a signed-in member) the wallet's coupons, or the coupons chosen in couponIds. Every \
			promotion considered is listed, applied or why not. Amounts are minor units; payableMinor = \
			subtotal - discount + shipping fee - shipping discount. Nothing is reserved: placing the order \
			prices it again.

			Unit prices come from the price lists (ADR-31): a line's unitPriceMinor is ignored when its SKU \
			has a price on the channel in the currency (the line says priced: true, with its list and \
			reference price and the saving it may advertise, against the reference price when the list \
			price is above it). A SKU without a price keeps the body's unitPriceMinor as a preview \
			(priced: false); without one it is refused (422 price-unknown).

			Who may call: anonymous, on an open channel (APP, WEB by default), without coupons; a signed-in \
			member, on their token's channel (channel may be left out); staff and services may name any \
			channel (a price preview, without a wallet).""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
					@ExampleObject(name = "guest", summary = "A guest's cart on the app",
							value = """
									{"channel": "APP", "currency": "CNY", "shippingFeeMinor": 1000, "lines": [
									  {"sku": "SKU-TEA-LONGJING-250G", "quantity": 2, "unitPriceMinor": 16800, "category": "tea", "brand": "west-lake"},
									  {"sku": "SKU-CUP-CELADON", "quantity": 1, "unitPriceMinor": 8900, "category": "teaware"}]}"""),
					@ExampleObject(name = "member-with-coupon", summary = "A member chooses a coupon from the wallet",
							value = """
									{"currency": "CNY", "lines": [
									  {"sku": "SKU-TEA-LONGJING-250G", "quantity": 2, "unitPriceMinor": 16800}],
									 "couponIds": ["8e1f4c2a-5b6d-4e7f-9a0b-1c2d3e4f5a6b"]}""") })))
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "a member names another channel than their token's, or a guest names a channel that is not open")
	@ProblemResponse(status = 422, type = "business-rule", when = "couponIds are given without a signed-in member")
	@ProblemResponse(status = 422, type = "coupon-not-usable",
			when = "a chosen coupon is not in the member's wallet, or is locked, used or expired (couponIds[] given)")
	@ProblemResponse(status = 422, type = "amount-out-of-range",
			when = "the cart's amounts are too large to price exactly")
	@ProblemResponse(status = 422, type = "price-unknown",
			when = "a line without unitPriceMinor names a SKU with no price on the channel (skus[] given)")
	@PostMapping("/api/promotions/quote")
	Quote quote(@Valid @RequestBody QuoteRequest request, @Nullable Authentication caller) {
		String channel = this.channels.resolve(caller, request.channel());
		// Guests and staff (previewing a price) quote without a wallet.
		boolean signedInMember = caller != null && caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()));
		UUID member = signedInMember ? UUID.fromString(caller.getName()) : null;
		if (member == null && request.couponIds() != null && !request.couponIds().isEmpty()) {
			throw new ProblemException.Unprocessable("Sign in to use coupons");
		}
		return this.orders.quote(request.toCart(member, channel));
	}

	// A member's saved cart, priced as their order would be (fulfillment-service's cart):
	// their tier and wallet, without locking anything.
	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "quoteMemberCart", summary = "Quote a member's cart",
			description = """
					Prices a cart (cart.channel required) for the member as their order would be priced: their tier's \
					member price and free shipping, their wallet's best coupons or the chosen ones. Nothing is locked.

					Who may call: the order flow only (staff-issuer client with role service:order-flow); internal, not routed by the gateway.""")
	@ProblemResponse(status = 422, type = "coupon-not-usable",
			when = "a chosen coupon is not in the member's wallet, or is locked, used or expired (couponIds[] given)")
	@ProblemResponse(status = 422, type = "amount-out-of-range",
			when = "the cart's amounts are too large to price exactly")
	@PostMapping("/internal/promotions/quotes")
	Quote quoteForMember(@Valid @RequestBody MemberQuoteRequest request) {
		return this.orders.quote(request.cart().toCart(request.memberId(), requiredChannel(request.cart())));
	}

	// The order flow took the channel from the member's token (fulfillment-service).
	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "lockOrderPromotions", summary = "Lock an order's promotions",
			description = """
					Prices the order's cart (cart.channel required; unit prices from the price lists, the line's \
					unitPriceMinor only for SKUs without one, and the quote says per line which it used) and locks \
					what its price relies on: the applied \
					coupons (no other order can use them) and each discount against its promotion's budget. Repeating \
					it for the same order id answers the first lock. Answers 201.

					Who may call: the order flow only (staff-issuer client with role service:order-flow); internal, not routed by the gateway.""")
	@ApiResponse(responseCode = "201", description = "The order's promotions are locked (or were, for this order id)")
	@ProblemResponse(status = 422, type = "coupon-not-usable",
			when = "a chosen coupon is not in the member's wallet, or is locked, used or expired (couponIds[] given)")
	@ProblemResponse(status = 409, type = "coupon-not-usable",
			when = "another order locked a chosen coupon a moment earlier (couponId given)")
	@ProblemResponse(status = 422, type = "coupon-not-applicable",
			when = "a chosen coupon does not apply to the cart (coupons[] gives each with its reason)")
	@ProblemResponse(status = 409, type = "promotion-budget-exhausted",
			when = "a promotion's remaining budget no longer covers the order's discount (promotionId given)")
	@ProblemResponse(status = 422, type = "amount-out-of-range",
			when = "the cart's amounts are too large to price exactly")
	@ProblemResponse(status = 422, type = "price-unknown",
			when = "a line without unitPriceMinor names a SKU with no price on the channel (skus[] given)")
	@PostMapping("/internal/promotions/orders")
	ResponseEntity<OrderPromotions.Participation> lock(@Valid @RequestBody LockRequest request) {
		String channel = requiredChannel(request.cart());
		OrderPromotions.Participation participation = this.orders.lock(request.orderId(),
				request.cart().toCart(request.memberId(), channel));
		return ResponseEntity.created(URI.create("/internal/promotions/orders/" + request.orderId()))
			.body(participation);
	}

	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "getOrderPromotions", summary = "Read an order's promotions", description = """
			The order's promotions: status (LOCKED, REDEEMED, RELEASED) and the quote it was locked with.

			Who may call: at /internal/promotions/orders/{orderId}, the order flow only (role \
			service:order-flow; internal, not routed by the gateway); at /admin/promotions/orders/{orderId}, \
			staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotions were locked for this order id")
	@GetMapping({ "/internal/promotions/orders/{orderId}", "/admin/promotions/orders/{orderId}" })
	OrderPromotions.Participation find(@PathVariable String orderId) {
		return this.orders.find(orderId).orElseThrow(() -> new ProblemException.NotFound("Order promotions", orderId));
	}

	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "redeemOrderPromotions", summary = "Redeem an order's promotions",
			description = """
					The order was paid: its coupons become used and its discounts spent from the budgets. Repeatable.

					Who may call: the order flow only (staff-issuer client with role service:order-flow); internal, not routed by the gateway.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotions were locked for this order id")
	@ProblemResponse(status = 409, type = "conflict",
			when = "the order's promotions were released (the order was cancelled)")
	@PostMapping("/internal/promotions/orders/{orderId}/redemption")
	OrderPromotions.Participation redeem(@PathVariable String orderId) {
		return this.orders.redeem(orderId);
	}

	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "releaseOrderPromotions", summary = "Release an order's promotions",
			description = """
					The order was cancelled before shipping: its coupons go back to the wallet and its discounts back \
					to the budgets, paid or not. Repeatable.

					Who may call: the order flow only (staff-issuer client with role service:order-flow); internal, not routed by the gateway.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotions were locked for this order id")
	@PostMapping("/internal/promotions/orders/{orderId}/release")
	OrderPromotions.Participation release(@PathVariable String orderId) {
		return this.orders.release(orderId);
	}

	@Tag(name = "order-promotions",
			description = "An order's promotions: the order flow locks, redeems, releases and returns them; ops read them.")
	@Operation(operationId = "returnOrderLines", summary = "Return lines of an order",
			description = """
					Lines of a paid order came back: answers each returned unit's refund at what it was paid (its \
					share of the discounts) and gives discounts back to budgets whose promotion says so. Repeating a \
					return id answers the first result.

					Who may call: the order flow only (staff-issuer client with role service:order-flow); internal, not routed by the gateway.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotions were locked for this order id")
	@ProblemResponse(status = 409, type = "conflict",
			when = "the order is not paid (its promotions are locked or released)")
	@ProblemResponse(status = 422, type = "return-exceeds-order",
			when = "more units of a SKU are returned than the order has left to return (sku given)")
	@PostMapping("/internal/promotions/orders/{orderId}/returns")
	OrderReturns.ReturnResult returnLines(@PathVariable String orderId, @Valid @RequestBody ReturnRequest request) {
		return this.returns.returnLines(orderId, request.returnId(),
				request.lines()
					.stream()
					.map((line) -> new OrderReturns.ReturnedLine(line.sku(), line.quantity()))
					.toList());
	}

	private static String requiredChannel(QuoteRequest cart) {
		if (cart.channel() == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"The request has 1 invalid field(s).")
				.with("errors", List.of(java.util.Map.of("field", "cart.channel", "message", "must not be blank")));
		}
		return cart.channel();
	}

}
