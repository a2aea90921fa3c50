/**
 * Promotions in the order flow: quotes for carts, and an order's participation (coupons
 * and budgets locked when it is placed, redeemed when paid, released when cancelled,
 * partly restored when lines are returned); campaign statistics.
 */
@NullMarked
package io.concord.promotion.checkout;

import org.jspecify.annotations.NullMarked;
