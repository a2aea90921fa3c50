/**
 * Carts: one per member, the same from every channel, and guest carts until their shopper
 * signs in. A cart keeps SKUs, quantities, chosen coupons and points; prices, promotions
 * and availability are read when it is read (never stored, never stock holds). Owns the
 * cart table. Ordering checks a member's cart out through
 * {@link io.concord.fulfillment.cart.Carts}, its only public type.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "catalog", "partners" })
package io.concord.fulfillment.cart;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
