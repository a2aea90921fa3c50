/**
 * inventory-service: Stock per SKU x location x channel, available-to-promise,
 * reservations and demand forecasting.
 */
@NullMarked
package io.concord.inventory;

import org.jspecify.annotations.NullMarked;
