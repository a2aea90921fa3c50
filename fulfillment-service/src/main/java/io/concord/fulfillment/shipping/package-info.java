/**
 * Shipping: carriers with rate cards, shipments planned from where the stock was reserved
 * (one parcel per {@link io.concord.fulfillment.shipping.Source}: one of our locations or
 * a dropship supplier), the carrier that meets the promised delivery at the lowest cost,
 * and signed carrier tracking callbacks applied once and never backwards
 * ({@link io.concord.fulfillment.shipping.ShipmentStatus}). Owns {@code carrier},
 * {@code carrier_rate}, {@code shipment} and {@code carrier_event}.
 * <p>
 * Public face: {@link io.concord.fulfillment.shipping.Shipments} (plan and read an
 * order's parcels, for ordering), {@link io.concord.fulfillment.shipping.Carriers} (the
 * carrier records), and the named interface {@code events}:
 * {@link io.concord.fulfillment.shipping.ShipmentEvents} with the
 * {@link io.concord.fulfillment.shipping.Source} they carry, for whoever follows parcels
 * (ordering, supply's dropship settlement). Shipping moves no order itself.
 */
@ApplicationModule(allowedDependencies = { "encryption" })
@NullMarked
package io.concord.fulfillment.shipping;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
