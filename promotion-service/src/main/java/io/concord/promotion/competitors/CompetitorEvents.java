package io.concord.promotion.competitors;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * Competitor watch's event (schema under {@code contracts/schemas/promotion}), keyed by
 * SKU and versioned per SKU by the number of undercut alerts it has had.
 */
final class CompetitorEvents {

	// promotion-service's public topic (campaign's PromotionTopics.EVENTS, not a
	// dependency worth taking for one constant).
	static final String TOPIC = "concord.promotion.events.v1";

	private CompetitorEvents() {
	}

	/** An in-stock competitor price undercuts ours by more than the threshold. */
	@PublishedEvent(topic = TOPIC, type = "concord.promotion.CompetitorUndercut")
	record CompetitorUndercut(EventMetadata metadata, UUID alertId, String sku, String sourceId, String channel,
			String currency, long competitorPriceMinor, long ourPriceMinor, BigDecimal undercutPercent,
			BigDecimal thresholdPercent, Instant observedAt) implements IntegrationEvent {
	}

}
