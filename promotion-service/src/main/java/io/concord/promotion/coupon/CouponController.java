package io.concord.promotion.coupon;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.pricing.Offer;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shoppers claim coupons (flash claims and codes, each with an {@code Idempotency-Key} so
 * a retried tap never claims twice) and see their wallet; storefronts show how many of a
 * template are left; ops look up a member's coupons.
 */
@RestController
class CouponController {

	/** A coupon with what it gives, as a wallet shows it. */
	record WalletCoupon(UUID couponId, String promotionId, String name, Offer.Kind kind, Offer.Rule rule,
			Offer.Scope scope, String status, @Nullable String code, @Nullable Instant issuedAt,
			@Nullable Instant validFrom, @Nullable Instant validUntil, @Nullable String orderId) {
	}

	record TemplateView(String promotionId, String name, Offer.Kind kind, Offer.Rule rule, Offer.Scope scope,
			Instant startsAt, Instant endsAt, boolean claimableNow, long total, long remaining, int perMemberLimit) {
	}

	private final Coupons coupons;

	private final PromotionCatalog catalog;

	CouponController(Coupons coupons, PromotionCatalog catalog) {
		this.coupons = coupons;
		this.catalog = catalog;
	}

	@PostMapping("/api/promotions/coupons/{templateId}/claim")
	@IdempotencyKeyRequired
	ResponseEntity<WalletCoupon> claim(@PathVariable String templateId, Principal principal) {
		return created(this.coupons.claim(templateId, member(principal)));
	}

	@PostMapping("/api/promotions/codes/{code}/claim")
	@IdempotencyKeyRequired
	ResponseEntity<WalletCoupon> claimCode(@PathVariable String code, Principal principal) {
		return created(this.coupons.claimCode(code, member(principal)));
	}

	@GetMapping("/api/promotions/wallet")
	List<WalletCoupon> wallet(Principal principal, @RequestParam(defaultValue = "false") boolean all) {
		return withPromotions(this.coupons.wallet(member(principal), all));
	}

	@GetMapping("/api/promotions/coupons/{templateId}")
	TemplateView template(@PathVariable String templateId) {
		CatalogPromotion promotion = this.catalog.find(templateId);
		if (!promotion.isCouponTemplate() || promotion.definition().coupon().trigger() != null) {
			throw new io.concord.platform.web.ProblemException.NotFound("Coupon template", templateId);
		}
		Coupons.TemplateCounts counts = this.coupons.counts(List.of(templateId))
			.stream()
			.findFirst()
			.orElse(new Coupons.TemplateCounts(templateId, 0, 0, 0, 0, 0));
		return new TemplateView(templateId, promotion.definition().name(), promotion.definition().kind(),
				promotion.definition().rule(), promotion.definition().scope(), promotion.startsAt(), promotion.endsAt(),
				promotion.unavailableAt(Instant.now()) == null, counts.minted(), counts.remaining(),
				promotion.definition().coupon().perMemberLimit());
	}

	@GetMapping("/admin/promotions/members/{memberId}/coupons")
	List<WalletCoupon> memberCoupons(@PathVariable UUID memberId) {
		return withPromotions(this.coupons.wallet(memberId, true));
	}

	@GetMapping("/admin/promotions/coupons/{couponId}")
	WalletCoupon coupon(@PathVariable UUID couponId) {
		return withPromotions(List.of(this.coupons.find(couponId))).get(0);
	}

	private ResponseEntity<WalletCoupon> created(Coupons.Coupon coupon) {
		return ResponseEntity.created(URI.create("/api/promotions/wallet/" + coupon.id()))
			.body(withPromotions(List.of(coupon)).get(0));
	}

	private List<WalletCoupon> withPromotions(List<Coupons.Coupon> wallet) {
		Map<String, CatalogPromotion> promotions = this.catalog
			.findAll(wallet.stream().map(Coupons.Coupon::promotionId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(CatalogPromotion::id, Function.identity()));
		return wallet.stream().map((coupon) -> {
			CatalogPromotion promotion = promotions.get(coupon.promotionId());
			return new WalletCoupon(coupon.id(), coupon.promotionId(), promotion.definition().name(),
					promotion.definition().kind(), promotion.definition().rule(), promotion.definition().scope(),
					coupon.status(), coupon.code(), coupon.issuedAt(), coupon.validFrom(), coupon.validUntil(),
					coupon.orderId());
		}).toList();
	}

	private static UUID member(Principal principal) {
		return UUID.fromString(principal.getName());
	}

}
