/**
 * The member's rights over their data: a self-service export of everything held about
 * them, and erasure (anonymise, keep ledger totals, tell every service through
 * MemberErased).
 */
@ApplicationModule(allowedDependencies = { "identity :: api", "points", "tiers" })
@NullMarked
package io.concord.member.personaldata;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
