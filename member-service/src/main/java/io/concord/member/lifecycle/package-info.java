/**
 * Lifecycle signals: RFM scores and segments from delivered orders, a churn-risk signal
 * after a stretch without activity, and birthdays (with the tier's birthday gift).
 * Promotion-service turns the signals into win-back and birthday offers. Public face:
 * {@link io.concord.member.lifecycle.Lifecycle} (churn signals for the loop statistics).
 * Its set-based scoring reads member, order, session and check-in tables (declared in
 * {@code ModularityTests}).
 */
@ApplicationModule(allowedDependencies = { "identity :: api", "orders", "points", "tiers" })
@NullMarked
package io.concord.member.lifecycle;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
