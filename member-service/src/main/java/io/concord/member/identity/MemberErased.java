package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

import org.springframework.modulith.NamedInterface;

/**
 * The member asked to be forgotten: every service drops the personal data it holds for
 * this id.
 */
@NamedInterface("events")
@PublishedEvent(topic = MemberTopics.EVENTS, type = "concord.member.MemberErased")
public record MemberErased(EventMetadata metadata, UUID memberId, Instant erasedAt) implements IntegrationEvent {

}
