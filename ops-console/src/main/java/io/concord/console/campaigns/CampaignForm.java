package io.concord.console.campaigns;

import org.jspecify.annotations.Nullable;

/**
 * The create form as typed: an id (optional: the API makes one), a name, a description,
 * and the window as {@code datetime-local} values in the business time zone.
 */
public record CampaignForm(@Nullable String id, @Nullable String name, @Nullable String description,
		@Nullable String startsAt, @Nullable String endsAt) {
}
