package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/** A member gained an identity on a channel (its kind and namespace; never its value). */
@PublishedEvent(topic = MemberTopics.EVENTS, type = "concord.member.IdentityLinked")
public record IdentityLinked(EventMetadata metadata, UUID memberId, IdentityType identityType, String namespace,
		boolean verified, Instant linkedAt) implements IntegrationEvent {

}
