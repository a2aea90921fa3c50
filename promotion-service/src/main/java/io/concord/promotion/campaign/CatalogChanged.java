package io.concord.promotion.campaign;

/**
 * In-process notice that a campaign's or promotion's state changed, so this replica's
 * caches of definitions drop what they hold (other replicas' expire within a second).
 */
public record CatalogChanged(String id) {
}
