package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * A member gained a proven identity on a channel (its kind and namespace; never its
 * value). {@code verified} is always true: unproven identities are hints and are not
 * announced.
 */
@PublishedEvent(topic = MemberTopics.EVENTS, type = "concord.member.IdentityLinked")
record IdentityLinked(EventMetadata metadata, UUID memberId, IdentityType identityType, String namespace,
		boolean verified, Instant linkedAt) implements IntegrationEvent {

}
