/**
 * Carts: one per member, the same from every channel, and guest carts until their shopper
 * signs in. A cart keeps SKUs, quantities, chosen coupons and points; prices, promotions
 * and availability are read when it is read (never stored, never stock holds). Ordering
 * checks a member's cart out through {@link io.concord.fulfillment.cart.Carts}.
 */
@NullMarked
package io.concord.fulfillment.cart;

import org.jspecify.annotations.NullMarked;
