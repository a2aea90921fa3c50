package io.concord.console.campaigns;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A campaign as promotion-service's admin API answers it
 * ({@code /admin/promotions/campaigns/{id}}): only what the screens show. Which action
 * the API accepts in which status is the service's rule; these only decide which buttons
 * are worth offering.
 */
public record Campaign(String id, String name, @Nullable String description, Instant startsAt, Instant endsAt,
		String status, int earlyAccessHours, @Nullable String earlyAccessMinTier) {

	/** Every status the API names (each needs a label in both languages). */
	public static final List<String> STATES = List.of("DRAFT", "SCHEDULED", "ACTIVE", "PAUSED", "ENDED");

	/** A draft is scheduled, a paused campaign resumes. */
	public boolean activatable() {
		return "DRAFT".equals(this.status) || "PAUSED".equals(this.status);
	}

	/** Only a running campaign pauses. */
	public boolean pausable() {
		return "ACTIVE".equals(this.status);
	}

	/** Promotions can still be added and the campaign ended. */
	public boolean open() {
		return !"ENDED".equals(this.status);
	}

}
