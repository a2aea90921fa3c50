/**
 * Tiers (Bronze to Diamond) from the rolling 12-month spend and order count of delivered,
 * net of refunds, with thresholds and benefits ops configure; re-evaluated on every order
 * event and daily (as orders age out of the window). Public face:
 * {@link io.concord.member.tiers.Tiers} and the
 * {@link io.concord.member.tiers.TierChanged} and
 * {@link io.concord.member.tiers.TierBenefitsChanged} events.
 */
@NullMarked
package io.concord.member.tiers;

import org.jspecify.annotations.NullMarked;
