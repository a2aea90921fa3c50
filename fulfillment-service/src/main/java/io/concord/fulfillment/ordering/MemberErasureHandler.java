package io.concord.fulfillment.ordering;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes member-service's {@code MemberErased}: the member's shipping addresses are
 * erased from every order that has nothing left to deliver, and from the rest once they
 * are delivered or cancelled ({@link ShippingAddresses}). Once per event id (the inbox);
 * a repeated erasure finds nothing left to erase.
 */
@Configuration(proxyBeanMethods = false)
class MemberErasureHandler {

	record MemberErased(UUID memberId, Instant erasedAt) {
	}

	@Bean
	EventHandler<MemberErased> eraseShippingAddresses(ShippingAddresses addresses) {
		return EventHandler.of("concord.member.MemberErased", MemberErased.class, "erase-shipping-addresses",
				(event) -> addresses.memberErased(event.data().memberId(), event.data().erasedAt()));
	}

}
