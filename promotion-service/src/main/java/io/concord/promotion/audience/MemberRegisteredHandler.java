package io.concord.promotion.audience;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import io.concord.platform.events.EventHandler;
import io.concord.platform.events.InboundEvent;

import org.springframework.stereotype.Component;

/**
 * Adds a newly registered member to the audience (consumes member-service's
 * MemberRegistered).
 */
@Component
class MemberRegisteredHandler implements EventHandler<MemberRegisteredHandler.MemberRegistered> {

	/** The facts this service reads from {@code concord.member.MemberRegistered} v1. */
	record MemberRegistered(UUID memberId, String channel, Instant registeredAt) {
	}

	private final EntityManager entityManager;

	private final Audience audience;

	MemberRegisteredHandler(EntityManager entityManager, Audience audience) {
		this.entityManager = entityManager;
		this.audience = audience;
	}

	@Override
	public String eventType() {
		return "concord.member.MemberRegistered";
	}

	@Override
	public Class<MemberRegistered> dataType() {
		return MemberRegistered.class;
	}

	@Override
	public void handle(InboundEvent<MemberRegistered> event) {
		MemberRegistered registered = event.data();
		if (this.audience.erased(registered.memberId())) {
			return; // the erasure overtook the registration: nothing of them comes back
		}
		// persist, not merge: a second insert of the same member must fail loudly, never
		// overwrite.
		this.entityManager.persist(new AudienceMember(registered.memberId(), registered.channel(),
				registered.registeredAt(), event.aggregateVersion()));
		this.entityManager.flush();
	}

}
