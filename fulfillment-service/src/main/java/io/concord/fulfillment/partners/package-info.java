/**
 * The order flow's calls to inventory-service (reservations) and promotion-service
 * (prices, coupons, budgets), with the service's own identity (a client-credentials token
 * with the {@code service:order-flow} role), timeouts, and refusals told apart from
 * outages.
 */
@NullMarked
package io.concord.fulfillment.partners;

import org.jspecify.annotations.NullMarked;
