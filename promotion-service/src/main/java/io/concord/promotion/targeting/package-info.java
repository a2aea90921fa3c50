/**
 * Targeted issuance: member-service's events issue coupons of the templates waiting for
 * them (new-member pack, upgrade gift, win-back, birthday), each occasion at most once;
 * merges move wallets to the survivor and erasure voids the member's coupons. Ops issue a
 * template to members of RFM segments and tiers, previewed first, run in batches. Exposes
 * only HTTP endpoints and event handlers.
 */
@ApplicationModule(allowedDependencies = { "audience", "campaign", "coupon" })
@NullMarked
package io.concord.promotion.targeting;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
