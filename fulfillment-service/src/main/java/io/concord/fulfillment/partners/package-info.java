/**
 * The order flow's calls to inventory-service (reservations, availability),
 * promotion-service (quotes, locks, redemption, return refunds) and member-service
 * (points as payment, the member holding a marketplace buyer id), with the service's own
 * identity (a client-credentials token with the {@code service:order-flow} role),
 * timeouts, circuit breakers, and refusals told apart from outages. Its face is
 * {@link io.concord.fulfillment.partners.Partners} with the records fulfillment owns for
 * what it sends and gets back (no code of the other services: each answer is read into
 * these records, unknown fields ignored),
 * {@link io.concord.fulfillment.partners.PartnerRefusal} and
 * {@link io.concord.fulfillment.partners.PartnerUnavailable}. It owns no table.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package io.concord.fulfillment.partners;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
