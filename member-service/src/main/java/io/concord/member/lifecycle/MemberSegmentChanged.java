package io.concord.member.lifecycle;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * The member's RFM segment changed (CHAMPIONS, LOYAL, AT_RISK, NEW, HIBERNATING,
 * PROMISING): promotion-service targets coupon issuances at segments.
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.MemberSegmentChanged")
record MemberSegmentChanged(EventMetadata metadata, UUID memberId, String segment, @Nullable String previousSegment,
		int r, int f, int m, Instant changedAt) implements IntegrationEvent {

}
