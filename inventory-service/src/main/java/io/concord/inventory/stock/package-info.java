/**
 * Stock per SKU x location and what happens to it: the only writer of
 * {@code stock_level}. On-hand changes only through {@code StockLedger.move} (with its
 * movement in the append-only ledger), reserved units only through {@code ReservedStock},
 * transfers between locations, and goods received from fulfillment. Owns
 * {@code stock_level}, {@code stock_movement} and {@code stock_transfer}.
 *
 * <p>
 * Public face: {@link io.concord.inventory.stock.StockLedger},
 * {@link io.concord.inventory.stock.ReservedStock},
 * {@link io.concord.inventory.stock.StockTransfers},
 * {@link io.concord.inventory.stock.StockLevelsChanged}.
 */
@ApplicationModule(allowedDependencies = { "catalog" })
@NullMarked
package io.concord.inventory.stock;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
