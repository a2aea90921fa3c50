package io.concord.member.points;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Points an order had redeemed came back: all that was left of them when the order was
 * reversed ({@code returnId} null), or a return's share.
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.PointsRestored")
record PointsRestored(EventMetadata metadata, UUID memberId, String orderId, @Nullable String returnId, long points,
		long balanceAfter, Instant restoredAt) implements IntegrationEvent {

}
