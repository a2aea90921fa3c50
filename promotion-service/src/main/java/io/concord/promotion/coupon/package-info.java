/**
 * Coupons: minted into a pool per template, handed to members by flash claims, codes and
 * member-event triggers, kept in wallets with their validity, locked by an order,
 * redeemed on payment, released on cancellation, expired when unused.
 */
@NullMarked
package io.concord.promotion.coupon;

import org.jspecify.annotations.NullMarked;
