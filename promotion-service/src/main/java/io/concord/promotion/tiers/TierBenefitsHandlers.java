package io.concord.promotion.tiers;

import java.math.BigDecimal;
import java.time.Instant;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps the tiers' benefits current from member-service (the newest version wins). */
@Configuration(proxyBeanMethods = false)
class TierBenefitsHandlers {

	/**
	 * The facts this service reads from {@code concord.member.TierBenefitsChanged} v1.
	 */
	record TierBenefitsChanged(MemberTier tier, Benefits benefits, Instant changedAt) {
	}

	record Benefits(BigDecimal discountPercent, boolean freeShipping, boolean earlyAccess) {
	}

	@Bean
	EventHandler<TierBenefitsChanged> tierBenefitsChanged(MemberBenefits benefits) {
		return EventHandler.of("concord.member.TierBenefitsChanged", TierBenefitsChanged.class, "tier-benefits-changed",
				(event) -> benefits.changed(event.data().tier(), event.data().benefits().discountPercent(),
						event.data().benefits().freeShipping(), event.data().benefits().earlyAccess(),
						event.aggregateVersion()));
	}

}
