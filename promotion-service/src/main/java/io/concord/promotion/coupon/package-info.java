/**
 * Coupons: minted into a pool per template ({@code CouponMinting}, campaign's
 * {@code CouponPool}), handed to members by flash claims, codes, member-event triggers
 * and ops' issuances ({@code CouponClaims}), kept in wallets with their validity, locked
 * by an order, redeemed on payment, released on cancellation, expired when unused, voided
 * on erasure ({@code Coupons}); the states and their moves are {@code CouponStatus}. Owns
 * the {@code coupon} and {@code member_claim} tables.
 */
@ApplicationModule(allowedDependencies = { "campaign", "pricing", "tiers" })
@NullMarked
package io.concord.promotion.coupon;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
