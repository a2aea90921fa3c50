package io.concord.member.lifecycle;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/** A member has not been active for {@code inactiveDays}: time for a win-back offer. */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.MemberChurnRisk")
record MemberChurnRisk(EventMetadata metadata, UUID memberId, Instant lastActiveAt, long inactiveDays,
		String segment) implements IntegrationEvent {

}
