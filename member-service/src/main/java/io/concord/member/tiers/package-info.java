/**
 * Tiers (Bronze to Diamond) from the rolling 12-month spend and order count of delivered,
 * net of refunds, with thresholds and benefits ops configure; re-evaluated on every order
 * event and daily (as orders age out of the window). Public face:
 * {@link io.concord.member.tiers.Tiers} (with {@link io.concord.member.tiers.Tier} and
 * {@link io.concord.member.tiers.TierBenefits}) and the
 * {@link io.concord.member.tiers.TierChanged} and
 * {@link io.concord.member.tiers.TierBenefitsChanged} events.
 */
@ApplicationModule(allowedDependencies = { "audit", "identity :: api", "identity :: events", "orders" })
@NullMarked
package io.concord.member.tiers;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
