package io.concord.fulfillment.cart;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes member-service's {@code MemberMerged} (the merged member's cart joins the
 * survivor's, {@link Carts#merged}) and {@code MemberErased} (the member's cart is
 * deleted). Once per event id (the inbox); a repeat finds no cart left.
 */
@Configuration(proxyBeanMethods = false)
class CartMemberEvents {

	record MemberMerged(UUID survivorMemberId, UUID mergedMemberId, String reason, Instant mergedAt) {
	}

	record MemberErased(UUID memberId, Instant erasedAt) {
	}

	@Bean
	EventHandler<MemberErased> eraseCart(Carts carts) {
		return EventHandler.of("concord.member.MemberErased", MemberErased.class, "erase-cart",
				(event) -> carts.clearMembers(event.data().memberId()));
	}

	@Bean
	EventHandler<MemberMerged> mergeCarts(Carts carts) {
		return EventHandler.of("concord.member.MemberMerged", MemberMerged.class, "merge-carts",
				(event) -> carts.membersMerged(event.data().survivorMemberId(), event.data().mergedMemberId()));
	}

}
