package io.concord.inventory.replenishment;

import java.time.Instant;

import io.concord.inventory.reservation.InventoryTopics;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/** Replenishment's published event (schema {@code inventory/ReplenishmentSuggested}). */
final class ReplenishmentEvents {

	private ReplenishmentEvents() {
	}

	/**
	 * {@code termsSource}: whether lead time and order quantities came from the
	 * supplier's contract or inventory's own settings.
	 */
	@PublishedEvent(topic = InventoryTopics.EVENTS, type = "concord.inventory.ReplenishmentSuggested")
	record ReplenishmentSuggested(EventMetadata metadata, String suggestionId, String sku, String location,
			int quantity, @Nullable String supplierId, Instant needBy,
			ReplenishmentPlanner.TermsSource termsSource) implements IntegrationEvent {
	}

}
