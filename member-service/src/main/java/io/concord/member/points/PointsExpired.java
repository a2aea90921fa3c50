package io.concord.member.points;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/** Points a member did not spend in time expired (oldest first). */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.PointsExpired")
record PointsExpired(EventMetadata metadata, UUID memberId, long points, long balanceAfter,
		Instant expiredAt) implements IntegrationEvent {

}
