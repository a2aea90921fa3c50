package io.concord.member.points;

import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/** A member spent points (on an order, when {@code orderId} is set). */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.PointsRedeemed")
record PointsRedeemed(EventMetadata metadata, UUID memberId, UUID redemptionId, String orderId, long points,
		Money value, long balanceAfter) implements IntegrationEvent {

}
