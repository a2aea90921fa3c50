/**
 * Available-to-promise per channel and reservations that never oversell: channel
 * ring-fences, allocation strategies, the batched peak path, expiry, and the availability
 * events partners mirror.
 *
 * <p>
 * Public face: {@link io.concord.inventory.reservation.Reservations},
 * {@link io.concord.inventory.reservation.RingFences}.
 */
@NullMarked
package io.concord.inventory.reservation;

import org.jspecify.annotations.NullMarked;
