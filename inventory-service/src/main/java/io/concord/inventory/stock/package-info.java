/**
 * Stock per SKU x location and what happens to it: an append-only ledger of movements
 * (receipts, adjustments, sales), reservations for orders that never oversell, and
 * available-to-promise per channel for storefronts.
 *
 * <p>
 * Public face: {@link io.concord.inventory.stock.Reservations}.
 */
@NullMarked
package io.concord.inventory.stock;

import org.jspecify.annotations.NullMarked;
