/**
 * Tiers (Bronze to Diamond) from the rolling 12-month spend and order count of delivered,
 * net of refunds, with thresholds and benefits ops configure; re-evaluated on every order
 * event and daily (as orders age out of the window). Public face:
 * {@link io.concord.member.tiers.Tiers} (with {@link io.concord.member.tiers.Tier} and
 * {@link io.concord.member.tiers.TierBenefits}); it publishes {@code TierChanged} and
 * {@code TierBenefitsChanged} to other services (no package here listens to them).
 */
@ApplicationModule(allowedDependencies = { "audit", "identity :: api", "identity :: events", "orders" })
@NullMarked
package io.concord.member.tiers;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
