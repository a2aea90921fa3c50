package io.concord.member.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * A new member exists; promotion-service sends the new-member pack, others start keying
 * on the id. Carries the kinds of proven identity the member registered with (hints are
 * not announced), never their values.
 */
@PublishedEvent(topic = MemberTopics.EVENTS, type = "concord.member.MemberRegistered")
record MemberRegistered(EventMetadata metadata, UUID memberId, Channel channel, Instant registeredAt,
		List<IdentityType> identityTypes) implements IntegrationEvent {

}
