package io.concord.promotion.prices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import io.concord.promotion.campaign.PromotionTopics;
import org.jspecify.annotations.Nullable;

/**
 * Prices' integration events (schemas under {@code contracts/schemas/promotion}), keyed
 * by SKU; the aggregate version is a sequence, so it only grows per SKU.
 */
final class PriceEvents {

	private PriceEvents() {
	}

	/** An entry took effect (or, source EXPIRY, the price that applies again). */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.PriceChanged")
	record PriceChanged(EventMetadata metadata, UUID changeId, String sku, String channel, String currency,
			long listPriceMinor, long sellingPriceMinor, @Nullable Long previousSellingPriceMinor,
			long referencePriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo,
			String source) implements IntegrationEvent {
	}

	/**
	 * An entry was scheduled to take effect later (its PriceChanged follows at
	 * {@code effectiveFrom} unless it is cancelled first), so consumers can plan with it.
	 */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.PriceScheduled")
	record PriceScheduled(EventMetadata metadata, UUID entryId, String sku, String channel, String currency,
			long listPriceMinor, long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo,
			String source, Instant scheduledAt) implements IntegrationEvent {
	}

	/**
	 * A scheduled entry was cancelled before it took effect: it never will. Carries the
	 * entry's facts, so a consumer that missed the PriceScheduled still knows what was
	 * withdrawn.
	 */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.PriceScheduleCancelled")
	record PriceScheduleCancelled(EventMetadata metadata, UUID entryId, String sku, String channel, String currency,
			long listPriceMinor, long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo,
			Instant cancelledAt) implements IntegrationEvent {
	}

	/** A consistency rule of a SKU group was found broken (once per open violation). */
	@PublishedEvent(topic = PromotionTopics.EVENTS, type = "concord.promotion.PriceRuleViolated")
	record PriceRuleViolated(EventMetadata metadata, UUID violationId, UUID ruleId, String groupId, String kind,
			@Nullable BigDecimal maxDifferencePercent, String severity, String sku, String currency, String channel,
			long channelPriceMinor, long allChannelsPriceMinor, boolean overridden, String detectedBy,
			Instant openedAt) implements IntegrationEvent {
	}

}
