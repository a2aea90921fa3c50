package io.concord.promotion.campaign;

import java.time.Instant;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Campaign and budget events (schemas under {@code contracts/schemas/promotion}), keyed
 * by campaign id and versioned per campaign; BudgetExhausted is keyed by promotion id.
 */
final class CampaignEvents {

	private CampaignEvents() {
	}

	/** Scheduled or rescheduled: inventory aligns the campaign's ring-fences. */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CampaignScheduled")
	record CampaignScheduled(EventMetadata metadata, String campaignId, @Nullable String name, Instant startsAt,
			Instant endsAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CampaignStarted")
	record CampaignStarted(EventMetadata metadata, String campaignId, String name, Instant startedAt,
			Instant endsAt) implements IntegrationEvent {
	}

	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.CampaignEnded")
	record CampaignEnded(EventMetadata metadata, String campaignId, Instant endedAt) implements IntegrationEvent {
	}

	/** A promotion's budget is spent: no more issuing or redeeming. */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.BudgetExhausted")
	record BudgetExhausted(EventMetadata metadata, String promotionId, String campaignId, long budgetMinor,
			long spentMinor, String currency, Instant exhaustedAt) implements IntegrationEvent {
	}

}
