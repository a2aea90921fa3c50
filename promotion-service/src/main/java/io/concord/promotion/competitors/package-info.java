/**
 * Competitor watch: competitor sources (with their webhook secret and undercut
 * threshold), the mapping of their product ids to SKUs, observations from the signed
 * webhook and the partner topic kept with history (unmapped ones too), and undercut
 * alerts against the price authority's current price (one open alert per SKU and source,
 * announced as CompetitorUndercut). Exposes {@code CompetitorPrices}: what dynamic
 * pricing reads.
 */
@ApplicationModule(allowedDependencies = { "prices" })
@NullMarked
package io.concord.promotion.competitors;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
