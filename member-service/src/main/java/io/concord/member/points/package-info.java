/**
 * The points ledger: append-only entries (earn, redeem, adjust, reverse, expire) and a
 * balance that is their sum, kept in the same transaction and never negative. Points
 * earned on a delivered order stay pending until the return window ends; a return
 * reverses them; each order earns once. The rules' arithmetic lives in
 * {@code PointsProperties}. Public face: {@link io.concord.member.points.PointsLedger}
 * (balance, grants) and {@link io.concord.member.points.PointsExpiry} (points about to
 * expire).
 */
@ApplicationModule(allowedDependencies = { "audit", "identity :: api", "identity :: events", "orders", "tiers" })
@NullMarked
package io.concord.member.points;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
