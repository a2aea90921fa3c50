package io.concord.promotion.targeting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.concord.platform.events.EventHandler;
import io.concord.promotion.audience.Audience;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.campaign.PromotionDefinition.Trigger;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each trigger names its occasion (registration; reaching a tier; a stretch of
 * inactivity, by its last activity; a birthday, by its date), and a coupon is issued per
 * template and occasion at most once: the event inbox drops redelivered events, and a
 * unique index on (template, member, occasion) drops a second event about the same
 * occasion.
 */
@Configuration(proxyBeanMethods = false)
class TargetedIssuance {

	private static final Logger log = LoggerFactory.getLogger(TargetedIssuance.class);

	private static final List<String> TIERS = List.of("BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND");

	private final Audience audience;

	TargetedIssuance(Audience audience) {
		this.audience = audience;
	}

	record MemberRegistered(UUID memberId, Instant registeredAt) {
	}

	record TierChanged(UUID memberId, String previousTier, String tier) {
	}

	record MemberChurnRisk(UUID memberId, Instant lastActiveAt) {
	}

	record MemberBirthday(UUID memberId, LocalDate date) {
	}

	record MemberMerged(UUID survivorMemberId, UUID mergedMemberId) {
	}

	record MemberErased(UUID memberId) {
	}

	@Bean
	EventHandler<MemberRegistered> newMemberPack(PromotionCatalog catalog, CouponClaims coupons) {
		return EventHandler.of("concord.member.MemberRegistered", MemberRegistered.class, "issue-new-member-pack",
				(event) -> issue(catalog, coupons, Trigger.NEW_MEMBER, event.data().memberId(), "registered", null));
	}

	@Bean
	EventHandler<TierChanged> upgradeGift(PromotionCatalog catalog, CouponClaims coupons) {
		return EventHandler.of("concord.member.TierChanged", TierChanged.class, "issue-upgrade-gift", (event) -> {
			TierChanged change = event.data();
			if (TIERS.indexOf(change.tier()) > TIERS.indexOf(change.previousTier())) {
				issue(catalog, coupons, Trigger.TIER_UPGRADE, change.memberId(), "tier:" + change.tier(),
						change.tier());
			}
		});
	}

	@Bean
	EventHandler<MemberChurnRisk> winBack(PromotionCatalog catalog, CouponClaims coupons) {
		return EventHandler.of("concord.member.MemberChurnRisk", MemberChurnRisk.class, "issue-win-back",
				(event) -> issue(catalog, coupons, Trigger.CHURN_RISK, event.data().memberId(),
						"inactive-since:" + event.data().lastActiveAt(), null));
	}

	@Bean
	EventHandler<MemberBirthday> birthdayGift(PromotionCatalog catalog, CouponClaims coupons) {
		return EventHandler.of("concord.member.MemberBirthday", MemberBirthday.class, "issue-birthday-gift",
				(event) -> issue(catalog, coupons, Trigger.BIRTHDAY, event.data().memberId(),
						"birthday:" + event.data().date(), null));
	}

	@Bean
	EventHandler<MemberMerged> walletMerge(Coupons coupons) {
		return EventHandler.of("concord.member.MemberMerged", MemberMerged.class, "wallet-merge",
				(event) -> coupons.merge(event.data().survivorMemberId(), event.data().mergedMemberId()));
	}

	@Bean
	EventHandler<MemberErased> walletErase(Coupons coupons) {
		return EventHandler.of("concord.member.MemberErased", MemberErased.class, "wallet-erase",
				(event) -> coupons.erase(event.data().memberId()));
	}

	private void issue(PromotionCatalog catalog, CouponClaims coupons, Trigger trigger, UUID memberId, String occasion,
			@Nullable String tier) {
		if (this.audience.erased(memberId)) {
			log.debug("No {} coupon for erased member {}", trigger, memberId);
			return;
		}
		for (CatalogPromotion template : catalog.triggered(trigger)) {
			String wantedTier = template.definition().coupon().triggerTier();
			if (wantedTier != null && !wantedTier.equals(tier)) {
				continue;
			}
			coupons.issueFor(template, memberId, occasion)
				.ifPresentOrElse(
						(coupon) -> log.debug("Issued {} of {} to {} for {}", coupon.id(), template.id(), memberId,
								occasion),
						() -> log.debug("No {} coupon for {} ({}): issued before, sold out or at the limit",
								template.id(), memberId, occasion));
		}
	}

}
