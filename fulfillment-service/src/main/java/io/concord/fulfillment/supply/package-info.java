/**
 * Suppliers: contracts (prices, lead times, penalties), purchase orders drafted by hand
 * or from inventory's replenishment suggestions, approved by ops and sent on the supplier
 * topic, confirmed and announced (ASN) by the supplier through signed partner calls,
 * received with quality inspection (GoodsReceived) and settled at once from the contract
 * ({@link io.concord.fulfillment.supply.Settlements}); dropship purchase orders
 * ({@link io.concord.fulfillment.supply.Dropship}) sent at once and settled when the
 * carrier delivers to the shopper; suppliers graded by a scorecard from the real history.
 * The lifecycle is one table, {@link io.concord.fulfillment.supply.PurchaseOrderStatus}.
 * Owns {@code supplier}, {@code supplier_contract}, {@code purchase_order},
 * {@code purchase_order_line} and {@code supplier_settlement}.
 * <p>
 * Public face, for ordering: {@link io.concord.fulfillment.supply.Suppliers} (who ships a
 * dropship SKU), {@link io.concord.fulfillment.supply.Dropship} (a shopper's dropship
 * lines, and erasing their address),
 * {@link io.concord.fulfillment.supply.PurchaseOrders}' records and
 * {@link io.concord.fulfillment.supply.GoodsReceived} (also published for inventory).
 * Supply follows delivered dropship parcels through shipping's events only.
 */
@ApplicationModule(allowedDependencies = { "encryption", "shipping :: events" })
@NullMarked
package io.concord.fulfillment.supply;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
