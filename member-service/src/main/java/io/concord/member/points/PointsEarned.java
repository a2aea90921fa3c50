package io.concord.member.points;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * A delivered order earned points; pending until {@code availableAt} (the return window).
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.PointsEarned")
record PointsEarned(EventMetadata metadata, UUID memberId, String orderId, long points, boolean pending,
		Instant availableAt) implements IntegrationEvent {

}
