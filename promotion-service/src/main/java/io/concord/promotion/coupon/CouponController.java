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
import io.concord.platform.web.openapi.ProblemResponse;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.pricing.Offer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "coupons",
		description = "Coupon claims (flash claims and codes), the member's wallet, how many of a template are left, and ops lookups.")
class CouponController {

	/** A coupon with what it gives, as a wallet shows it. */
	record WalletCoupon(@Schema(example = "8e1f4c2a-5b6d-4e7f-9a0b-1c2d3e4f5a6b") UUID couponId,
			@Schema(example = "D11-GOLD-20") String promotionId,
			@Schema(example = "Gold members: 20% off, up to CNY 100") String name,
			@Schema(example = "PERCENT_OFF") Offer.Kind kind, Offer.Rule rule, Offer.Scope scope,
			@Schema(description = "AVAILABLE, LOCKED (by an order in flight), REDEEMED or EXPIRED",
					example = "AVAILABLE") String status,
			@Schema(description = "the single-use code it was claimed with, if any",
					example = "K7QM2XP9TV4H") @Nullable String code,
			@Schema(example = "2026-11-10T16:00:02Z") @Nullable Instant issuedAt,
			@Schema(example = "2026-11-10T16:00:02Z") @Nullable Instant validFrom,
			@Schema(example = "2026-11-17T16:00:02Z") @Nullable Instant validUntil,
			@Schema(description = "the order that locked or used it") @Nullable String orderId) {
	}

	record TemplateView(@Schema(example = "D11-GOLD-20") String promotionId,
			@Schema(example = "Gold members: 20% off, up to CNY 100") String name,
			@Schema(example = "PERCENT_OFF") Offer.Kind kind, Offer.Rule rule, Offer.Scope scope,
			@Schema(example = "2026-11-10T16:00:00Z") Instant startsAt,
			@Schema(example = "2026-11-11T16:00:00Z") Instant endsAt, @Schema(example = "true") boolean claimableNow,
			@Schema(example = "10000") long total, @Schema(example = "3127") long remaining,
			@Schema(example = "1") int perMemberLimit) {
	}

	private final Coupons coupons;

	private final CouponClaims claims;

	private final PromotionCatalog catalog;

	CouponController(Coupons coupons, CouponClaims claims, PromotionCatalog catalog) {
		this.coupons = coupons;
		this.claims = claims;
		this.catalog = catalog;
	}

	@Operation(operationId = "claimCoupon", summary = "Claim a coupon", description = """
			Claims one coupon of a template into the signed-in member's wallet (a flash claim): 201 with the \
			coupon. Needs an Idempotency-Key, so a retried tap never claims twice.

			Who may call: a signed-in member, for their own wallet.""")
	@ApiResponse(responseCode = "201", description = "The coupon is in the wallet")
	@ProblemResponse(status = 404, type = "not-found", when = "no coupon template has this id")
	@ProblemResponse(status = 422, type = "coupon-not-claimable",
			when = "the template is issued by a member event (new member, upgrade, birthday, win-back), not by claims")
	@ProblemResponse(status = 409, type = "coupon-claim-closed",
			when = "the template's campaign is not running (not started, paused, ended), or the promotion is paused or its budget spent")
	@ProblemResponse(status = 409, type = "coupons-exhausted", when = "every coupon of the template has been claimed")
	@ProblemResponse(status = 409, type = "coupon-limit-reached",
			when = "the member holds as many coupons of the template as allowed (limit given)")
	@ProblemResponse(status = 503, type = "claims-saturated",
			when = "more claims are waiting than the service queues, or the claim did not complete in time; retry with the same Idempotency-Key after retryAfterSeconds")
	@ProblemResponse(status = 422, type = "test-run-real-promotion",
			when = "a load-test run tries to claim a real promotion's coupon")
	@PostMapping("/api/promotions/coupons/{templateId}/claim")
	@IdempotencyKeyRequired
	ResponseEntity<WalletCoupon> claim(@PathVariable String templateId, Principal principal) {
		return created(this.claims.claim(templateId, member(principal)));
	}

	@Operation(operationId = "claimCouponByCode", summary = "Claim a coupon by code", description = """
			The member typed a code (case-insensitive): a template's public code claims like a flash claim, a \
			single-use code claims exactly its coupon, once. 201 with the coupon. Needs an Idempotency-Key.

			Who may call: a signed-in member, for their own wallet.""")
	@ApiResponse(responseCode = "201", description = "The coupon is in the wallet")
	@ProblemResponse(status = 404, type = "not-found", when = "no template or coupon has this code")
	@ProblemResponse(status = 409, type = "coupon-code-used", when = "the single-use code has been claimed")
	@ProblemResponse(status = 422, type = "coupon-not-claimable",
			when = "the template is issued by a member event (new member, upgrade, birthday, win-back), not by claims")
	@ProblemResponse(status = 409, type = "coupon-claim-closed",
			when = "the template's campaign is not running (not started, paused, ended), or the promotion is paused or its budget spent")
	@ProblemResponse(status = 409, type = "coupons-exhausted", when = "every coupon of the template has been claimed")
	@ProblemResponse(status = 409, type = "coupon-limit-reached",
			when = "the member holds as many coupons of the template as allowed (limit given)")
	@ProblemResponse(status = 503, type = "claims-saturated",
			when = "more claims are waiting than the service queues, or the claim did not complete in time; retry with the same Idempotency-Key after retryAfterSeconds")
	@PostMapping("/api/promotions/codes/{code}/claim")
	@IdempotencyKeyRequired
	ResponseEntity<WalletCoupon> claimCode(@PathVariable String code, Principal principal) {
		return created(this.claims.claimCode(code, member(principal)));
	}

	@Operation(operationId = "getMyWallet", summary = "Read my wallet", description = """
			The signed-in member's coupons, newest first, with what each gives: only usable ones (available \
			and not expired), or all of them with all=true.

			Who may call: a signed-in member, for their own wallet.""")
	@GetMapping("/api/promotions/wallet")
	List<WalletCoupon> wallet(Principal principal, @RequestParam(defaultValue = "false") boolean all) {
		return withPromotions(this.coupons.wallet(member(principal), all));
	}

	@Operation(operationId = "getCouponTemplate", summary = "Read a coupon template", description = """
			A claimable coupon template as a storefront shows it: what it gives, its window, whether it can be \
			claimed now, and how many of how many are left.

			Who may call: anonymous (anyone).""")
	@ProblemResponse(status = 404, type = "not-found",
			when = "no claimable coupon template has this id (automatic promotions and triggered templates are not shown)")
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

	@Operation(operationId = "listMemberCoupons", summary = "Read a member's coupons", description = """
			Every coupon a member holds or held (any status), newest first, for customer service.

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/promotions/members/{memberId}/coupons")
	List<WalletCoupon> memberCoupons(@PathVariable UUID memberId) {
		return withPromotions(this.coupons.wallet(memberId, true));
	}

	@Operation(operationId = "getCoupon", summary = "Read a coupon", description = """
			One coupon by id: its template, status, validity and the order that locked or used it.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no coupon has this id")
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
