package io.concord.promotion.coupon;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import io.concord.promotion.campaign.PromotionTopics;
import org.jspecify.annotations.Nullable;

/**
 * A coupon's life (schemas under {@code contracts/schemas/promotion}); keyed by coupon id
 * and versioned per coupon.
 */
final class CouponEvents {

	private CouponEvents() {
	}

	/**
	 * {@code trigger}: for coupons a member event issued (via TRIGGER), which one
	 * (NEW_MEMBER, TIER_UPGRADE, CHURN_RISK, BIRTHDAY), so member-service can tell the
	 * member a win-back coupon is waiting.
	 */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponIssued")
	record CouponIssued(EventMetadata metadata, UUID couponId, String promotionId, String campaignId, UUID memberId,
			String via, @Nullable String trigger, Instant validFrom, Instant validUntil,
			Instant issuedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponLocked")
	record CouponLocked(EventMetadata metadata, UUID couponId, String promotionId, UUID memberId, String orderId,
			Instant lockedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponRedeemed")
	record CouponRedeemed(EventMetadata metadata, UUID couponId, String promotionId, @Nullable UUID memberId,
			String orderId, Instant redeemedAt) implements IntegrationEvent {
	}

	/**
	 * Back in the wallet (status AVAILABLE), or EXPIRED if its validity ran out
	 * meanwhile.
	 */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponReleased")
	record CouponReleased(EventMetadata metadata, UUID couponId, String promotionId, @Nullable UUID memberId,
			String orderId, String status, Instant releasedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponExpiringSoon")
	record CouponExpiringSoon(EventMetadata metadata, UUID couponId, String promotionId, UUID memberId,
			Instant validUntil, Instant warnedAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CouponExpired")
	record CouponExpired(EventMetadata metadata, UUID couponId, String promotionId, @Nullable UUID memberId,
			Instant expiredAt) implements IntegrationEvent {
	}

}
