package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

import org.springframework.modulith.NamedInterface;

/**
 * Two members proved to be one person: everything of {@code mergedMemberId} now belongs
 * to {@code survivorMemberId}, and the merged id keeps resolving to the survivor. Other
 * services re-key coupons and orders. Listeners inside member-service (points) move their
 * data in the same transaction.
 */
@NamedInterface("events")
@PublishedEvent(topic = MemberTopics.EVENTS, type = "concord.member.MemberMerged")
public record MemberMerged(EventMetadata metadata, UUID survivorMemberId, UUID mergedMemberId, String reason,
		Instant mergedAt) implements IntegrationEvent {

}
