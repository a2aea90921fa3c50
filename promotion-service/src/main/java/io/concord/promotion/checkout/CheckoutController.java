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
import io.concord.promotion.pricing.Cart;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Quote;
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

	record LineRequest(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(Cart.MAX_QUANTITY) Integer quantity,
			@NotNull @PositiveOrZero @Max(Cart.MAX_AMOUNT_MINOR) Long unitPriceMinor,
			@Nullable @Size(max = 64) String category, @Nullable @Size(max = 64) String brand) {

		CartLine toLine() {
			return new CartLine(this.sku, this.quantity, this.unitPriceMinor, this.category, this.brand);
		}

	}

	/**
	 * A cart to price. {@code channel} may be left out by a signed-in member (their
	 * token's channel is used) and must match it when given; the order flow always names
	 * it.
	 */
	record QuoteRequest(@Nullable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotEmpty @Size(max = Cart.MAX_LINES) List<@Valid @NotNull LineRequest> lines,
			@Nullable @PositiveOrZero @Max(Cart.MAX_AMOUNT_MINOR) Long shippingFeeMinor, @Nullable Boolean usePoints,
			@Nullable @Size(max = 10) List<@NotNull UUID> couponIds) {

		OrderPromotions.CartRequest toCart(@Nullable UUID memberId, String channel) {
			return new OrderPromotions.CartRequest(memberId, channel, this.currency,
					this.lines.stream().map(LineRequest::toLine).toList(),
					(this.shippingFeeMinor != null) ? this.shippingFeeMinor : 0, Boolean.TRUE.equals(this.usePoints),
					this.couponIds);
		}

	}

	record LockRequest(@NotBlank @Size(max = 64) String orderId, @Nullable UUID memberId,
			@NotNull @Valid QuoteRequest cart) {
	}

	record ReturnRequest(@NotBlank @Size(max = 64) String returnId,
			@NotEmpty List<@Valid @NotNull ReturnedLineRequest> lines) {
	}

	record ReturnedLineRequest(@NotBlank @Size(max = 64) String sku,
			@NotNull @Min(1) @Max(Cart.MAX_QUANTITY) Integer quantity) {
	}

	private final OrderPromotions orders;

	private final SalesChannels channels;

	CheckoutController(OrderPromotions orders, SalesChannels channels) {
		this.orders = orders;
		this.channels = channels;
	}

	/**
	 * The channel's prices: a member's token decides the channel (naming another is 403
	 * channel-not-permitted), guests may quote open channels only, so channel-only offers
	 * stay on their channel.
	 */
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

	// The order flow took the channel from the member's token (fulfillment-service).
	@PostMapping("/internal/promotions/orders")
	ResponseEntity<OrderPromotions.Participation> lock(@Valid @RequestBody LockRequest request) {
		String channel = request.cart().channel();
		if (channel == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"The request has 1 invalid field(s).")
				.with("errors", List.of(java.util.Map.of("field", "cart.channel", "message", "must not be blank")));
		}
		OrderPromotions.Participation participation = this.orders.lock(request.orderId(),
				request.cart().toCart(request.memberId(), channel));
		return ResponseEntity.created(URI.create("/internal/promotions/orders/" + request.orderId()))
			.body(participation);
	}

	@GetMapping({ "/internal/promotions/orders/{orderId}", "/admin/promotions/orders/{orderId}" })
	OrderPromotions.Participation find(@PathVariable String orderId) {
		return this.orders.find(orderId).orElseThrow(() -> new ProblemException.NotFound("Order promotions", orderId));
	}

	@PostMapping("/internal/promotions/orders/{orderId}/redemption")
	OrderPromotions.Participation redeem(@PathVariable String orderId) {
		return this.orders.redeem(orderId);
	}

	@PostMapping("/internal/promotions/orders/{orderId}/release")
	OrderPromotions.Participation release(@PathVariable String orderId) {
		return this.orders.release(orderId);
	}

	@PostMapping("/internal/promotions/orders/{orderId}/returns")
	OrderPromotions.ReturnResult returnLines(@PathVariable String orderId, @Valid @RequestBody ReturnRequest request) {
		return this.orders.returnLines(orderId, request.returnId(),
				request.lines()
					.stream()
					.map((line) -> new OrderPromotions.ReturnedLine(line.sku(), line.quantity()))
					.toList());
	}

}
