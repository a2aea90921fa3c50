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
import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Quote;
import org.jspecify.annotations.Nullable;

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

	record LineRequest(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(10_000) Integer quantity,
			@NotNull @PositiveOrZero @Max(1_000_000_000_00L) Long unitPriceMinor,
			@Nullable @Size(max = 64) String category, @Nullable @Size(max = 64) String brand) {

		CartLine toLine() {
			return new CartLine(this.sku, this.quantity, this.unitPriceMinor, this.category, this.brand);
		}

	}

	record QuoteRequest(@NotBlank @Size(max = 32) String channel,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotEmpty @Size(max = 200) List<@Valid @NotNull LineRequest> lines,
			@Nullable @PositiveOrZero Long shippingFeeMinor, @Nullable Boolean usePoints,
			@Nullable @Size(max = 10) List<@NotNull UUID> couponIds) {

		OrderPromotions.CartRequest toCart(@Nullable UUID memberId) {
			return new OrderPromotions.CartRequest(memberId, this.channel, this.currency,
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

	record ReturnedLineRequest(@NotBlank String sku, @NotNull @Min(1) Integer quantity) {
	}

	private final OrderPromotions orders;

	CheckoutController(OrderPromotions orders) {
		this.orders = orders;
	}

	@PostMapping("/api/promotions/quote")
	Quote quote(@Valid @RequestBody QuoteRequest request, @Nullable Authentication caller) {
		// Guests and staff (previewing a price) quote without a wallet.
		boolean signedInMember = caller != null && caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()));
		UUID member = signedInMember ? UUID.fromString(caller.getName()) : null;
		if (member == null && request.couponIds() != null && !request.couponIds().isEmpty()) {
			throw new ProblemException.Unprocessable("Sign in to use coupons");
		}
		return this.orders.quote(request.toCart(member));
	}

	@PostMapping("/internal/promotions/orders")
	ResponseEntity<OrderPromotions.Participation> lock(@Valid @RequestBody LockRequest request) {
		OrderPromotions.Participation participation = this.orders.lock(request.orderId(),
				request.cart().toCart(request.memberId()));
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
