package io.concord.member.tiers;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * A member moved up or down a tier; carries the new tier's benefits for other services.
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.TierChanged")
record TierChanged(EventMetadata metadata, UUID memberId, Tier previousTier, Tier tier, long spendMinor,
		String currency, int orders, TierBenefits benefits, Instant changedAt) implements IntegrationEvent {

}
