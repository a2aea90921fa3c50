package io.concord.member.tiers;

import java.time.Instant;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * Ops changed a tier's rule: what the tier now gives, for services that apply the
 * benefits themselves (promotion-service prices the tier discount and free shipping).
 * Keyed by the tier; the aggregate version orders one tier's changes.
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.TierBenefitsChanged")
record TierBenefitsChanged(EventMetadata metadata, Tier tier, TierBenefits benefits,
		Instant changedAt) implements IntegrationEvent {

}
