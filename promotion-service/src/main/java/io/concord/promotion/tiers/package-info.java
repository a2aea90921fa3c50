/**
 * What a member's tier gives at checkout (ADR-27): promotion-service's own copy of
 * member-service's tier benefits (from {@code TierBenefitsChanged}), the member's tier
 * (from the audience, never from a request), the tier's offers for the pricing engine
 * (member price, free shipping) and admission to campaigns' early-access windows. The
 * named interface {@code standing} ({@code MemberTier}, {@code MemberStanding}) is all a
 * campaign needs: a shopper's tier, never how it is found.
 */
@ApplicationModule(allowedDependencies = { "audience", "pricing" })
@NullMarked
package io.concord.promotion.tiers;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
