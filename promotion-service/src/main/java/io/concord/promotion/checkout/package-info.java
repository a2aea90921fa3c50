/**
 * Promotions in the order flow: quotes for carts, and an order's participation (coupons
 * and budgets locked when it is placed, redeemed when paid, released when cancelled) in
 * {@code OrderPromotions}; refunds of returned lines in {@code OrderReturns}; campaign
 * statistics. Unit prices come from the price lists ({@code prices}) wherever they have
 * one. Exposes only HTTP endpoints and event handlers.
 */
@ApplicationModule(
		allowedDependencies = { "audience", "campaign", "coupon", "prices", "pricing", "tiers", "tiers :: standing" })
@NullMarked
package io.concord.promotion.checkout;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
