package io.concord.inventory.catalog;

/**
 * In-process notice that a channel's locations or a location's region changed, so this
 * replica's cached routes are read again (other replicas' expire on their own).
 */
public record RoutingChanged(String what) {
}
