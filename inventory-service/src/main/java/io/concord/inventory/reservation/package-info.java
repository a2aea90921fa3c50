/**
 * Available-to-promise per channel and reservations that never oversell: channel
 * ring-fences, allocation strategies, the batched peak path, expiry, and the availability
 * events partners mirror. Owns {@code reservation}, {@code reservation_line},
 * {@code reservation_fence}, {@code ring_fence}, {@code campaign},
 * {@code availability_signal} and {@code stock_out_period} (the availability history);
 * the reserved units themselves land in {@code stock}'s rows through
 * {@link io.concord.inventory.stock.ReservedStock}.
 *
 * <p>
 * Public face: {@link io.concord.inventory.reservation.Reservations},
 * {@link io.concord.inventory.reservation.RingFences},
 * {@link io.concord.inventory.reservation.StockOuts}, and the named interface
 * {@code topics} ({@link io.concord.inventory.reservation.InventoryTopics}, the public
 * topic other packages publish to).
 */
@ApplicationModule(allowedDependencies = { "catalog", "stock" })
@NullMarked
package io.concord.inventory.reservation;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
