package io.concord.fulfillment.cart;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.security.SalesChannels;
import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shopper's cart at {@code /api/cart}: a signed-in member's is found by their token
 * (the same cart from every channel), a guest's by its {@code Guest-Cart-Id}. Each answer
 * carries the cart's version as its ETag; {@code If-Match} makes a write refuse (412) to
 * overwrite a change made elsewhere.
 */
@RestController
@Validated
@Tag(name = "cart",
		description = "One cart per member across channels (and guest carts until sign-in): lines, chosen coupons and points, priced and checked for availability when read.")
class CartController {

	static final String GUEST_CART = "Guest-Cart-Id";

	private static final String SKU = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	private static final String EXAMPLE = "{\"cartId\":\"5f0c6a9e-2b7d-4c1e-9a55-0d2f4b8e7c11\",\"version\":3,\"channel\":\"APP\",\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"name\":\"Down jacket, black, M\",\"quantity\":2,\"unitPriceMinor\":69900,\"netMinor\":132810,\"forSale\":true,\"available\":143,\"availability\":\"IN_STOCK\"}],\"couponIds\":[],\"pointsToRedeem\":200,\"totals\":{\"currency\":\"CNY\",\"subtotalMinor\":139800,\"discountMinor\":6990,\"shippingFeeMinor\":1000,\"shippingDiscountMinor\":1000,\"payableMinor\":132810,\"pointsAllowed\":true,\"promotions\":[{\"promotionId\":\"TIER-GOLD\",\"name\":\"Gold member price: 5% off\",\"couponId\":null,\"group\":\"MEMBER\",\"discountMinor\":6990,\"shippingDiscountMinor\":1000}]},\"points\":{\"balance\":500,\"maxPoints\":500,\"maxValueMinor\":500},\"notices\":[]}";

	record CartLineRequest(@Schema(example = "JACKET-BLK-M") @NotNull @Pattern(regexp = SKU) String sku,
			@Schema(example = "2") @NotNull @Min(1) @Max(Carts.MAX_QUANTITY) Integer quantity) {
	}

	/** The whole cart: what it holds replaces what it held. */
	record CartRequest(@NotNull @Size(max = Carts.MAX_LINES) List<@Valid @NotNull CartLineRequest> lines, @Schema(
			description = "coupons of the member's wallet to use; left out, checkout picks the best") @Nullable @Size(
					max = 10) List<@NotNull UUID> couponIds,
			@Schema(description = "points to pay with at checkout (capped there by the points rules)",
					example = "200") @Nullable @Min(0) @Max(10_000_000) Long pointsToRedeem) {

		Carts.Contents contents() {
			return new Carts.Contents(this.lines.stream().map((l) -> new Carts.Line(l.sku(), l.quantity())).toList(),
					(this.couponIds != null) ? List.copyOf(this.couponIds) : List.of(),
					(this.pointsToRedeem != null) ? this.pointsToRedeem : 0);
		}

	}

	record GuestCartMergeRequest(
			@Schema(description = "the cart the shopper filled before signing in") @NotNull UUID guestCartId) {
	}

	private final Carts carts;

	private final CartPricing pricing;

	private final SalesChannels channels;

	CartController(Carts carts, CartPricing pricing, SalesChannels channels) {
		this.carts = carts;
		this.pricing = pricing;
		this.channels = channels;
	}

	@Operation(operationId = "getCart", summary = "Get my cart", description = """
			The cart priced for this channel now: catalogue prices, the order's quote (tier price, promotions, \
			the chosen or best coupons) and what each line can be served with. A member's cart is the same from \
			every channel; a guest's is found by Guest-Cart-Id (without it, an empty cart). The ETag is the \
			cart's version.

			Who may call: a signed-in member (member token; channel defaults to the token's), or anonymous with \
			Guest-Cart-Id on an open channel (channel required).""")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The cart",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = CartPricing.CartView.class),
					examples = @ExampleObject(name = "example", value = EXAMPLE)))
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "a member names another channel than their token's, or a guest names a channel that is not open")
	@GetMapping("/api/cart")
	ResponseEntity<CartPricing.CartView> get(@Nullable Authentication caller,
			@Parameter(description = "a guest's cart id, as a previous answer gave it") @RequestHeader(
					name = GUEST_CART, required = false) @Nullable UUID guestCartId,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel) {
		String pricedOn = this.channels.resolve(caller, channel);
		UUID member = member(caller);
		Carts.Cart cart = (member != null) ? this.carts.ofMember(member).orElse(null)
				: (guestCartId != null) ? this.carts.guest(guestCartId).orElse(null) : null;
		return answer(this.pricing.view(cart, pricedOn), member == null);
	}

	@Operation(operationId = "putCart", summary = "Set my cart", description = """
			Replaces the cart's lines, chosen coupons and points (the same SKU twice is one line). Nothing is \
			reserved: availability and prices are read, and checkout reserves. A guest without a cart, or whose \
			cart was dropped (30 days unused), gets a new one: keep its cartId. Guests cannot hold coupons or \
			points. With If-Match, a cart changed meanwhile (on another channel) is not overwritten.

			Who may call: a signed-in member (member token), or anonymous on an open channel (channel required).""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(examples = @ExampleObject(name = "example",
							value = "{\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":2}],\"couponIds\":[],\"pointsToRedeem\":200}"))))
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "a member names another channel than their token's, or a guest names a channel that is not open")
	@ProblemResponse(status = 412, type = "cart-changed",
			when = "If-Match names an older version than the cart's (version gives the current one)")
	@ProblemResponse(status = 422, type = "sign-in-required", when = "a guest's cart names coupons or points")
	@ProblemResponse(status = 422, type = "business-rule", when = "more than 999 units of one SKU")
	@PutMapping("/api/cart")
	ResponseEntity<CartPricing.CartView> put(@Valid @RequestBody CartRequest request, @Nullable Authentication caller,
			@RequestHeader(name = GUEST_CART, required = false) @Nullable UUID guestCartId,
			@Parameter(description = "the version (ETag) this change was made on") @RequestHeader(name = "If-Match",
					required = false) @Nullable String ifMatch,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}") String channel) {
		String pricedOn = this.channels.resolve(caller, channel);
		UUID member = member(caller);
		Long expected = version(ifMatch);
		Carts.Cart cart = (member != null) ? this.carts.replaceMembers(member, request.contents(), expected)
				: this.carts.replaceGuests(guestCartId, request.contents(), expected);
		return answer(this.pricing.view(cart, pricedOn), member == null);
	}

	@Operation(operationId = "deleteCart", summary = "Empty my cart",
			description = "Removes the cart (answers 204 also when there was none). Who may call: a signed-in member (member token), or anonymous with Guest-Cart-Id.")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "204", description = "The cart is empty")
	@DeleteMapping("/api/cart")
	ResponseEntity<Void> delete(@Nullable Authentication caller,
			@RequestHeader(name = GUEST_CART, required = false) @Nullable UUID guestCartId) {
		UUID member = member(caller);
		if (member != null) {
			this.carts.clearMembers(member);
		}
		else if (guestCartId != null) {
			this.carts.clearGuests(guestCartId);
		}
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "mergeGuestCart", summary = "Bring a guest cart into my cart", description = """
			After signing in: the guest cart's lines join the member's cart (quantities of the same SKU added, at \
			most 999) and the guest cart is gone. Repeating it changes nothing.

			Who may call: a signed-in member (member token).""")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The member's cart",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = CartPricing.CartView.class),
					examples = @ExampleObject(name = "example", value = EXAMPLE)))
	@ProblemResponse(status = 403, type = "forbidden", when = "the caller is not a signed-in member")
	@PostMapping("/api/cart/merge")
	ResponseEntity<CartPricing.CartView> merge(@Valid @RequestBody GuestCartMergeRequest request,
			Authentication caller) {
		UUID member = member(caller);
		if (member == null) {
			throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of("forbidden"), "Forbidden",
					"Sign in to bring a guest cart into a member's cart.");
		}
		Carts.Cart cart = this.carts.mergeGuestInto(member, request.guestCartId());
		return answer(this.pricing.view(cart, this.channels.resolve(caller, null)), false);
	}

	private static ResponseEntity<CartPricing.CartView> answer(CartPricing.CartView view, boolean guest) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().eTag("\"" + view.version() + "\"");
		if (guest && view.cartId() != null) {
			ok.header(GUEST_CART, view.cartId().toString());
		}
		return ok.body(view);
	}

	/**
	 * The signed-in member, or null for a guest; staff and service tokens have no cart.
	 */
	private static @Nullable UUID member(@Nullable Authentication caller) {
		if (caller == null || !caller.isAuthenticated()) {
			return null;
		}
		boolean member = caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()));
		if (!member) {
			throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of("forbidden"), "Forbidden",
					"Carts belong to shoppers; staff and service tokens have none.");
		}
		return UUID.fromString(caller.getName());
	}

	/** {@code If-Match: "3"} (or W/"3"); a value that names no version matches none. */
	private static @Nullable Long version(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return null;
		}
		String digits = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			return -1L;
		}
	}

}
