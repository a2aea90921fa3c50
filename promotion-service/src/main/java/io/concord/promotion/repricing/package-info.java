/**
 * Dynamic pricing: rules per SKU or SKU group that turn stock cover, sell-through against
 * plan, competitor prices and time windows into a target price; {@code Guardrails}
 * (floor, ceiling, step per change, move per day, price guarantees, kill switches),
 * applied last, always hold. SUGGEST rules wait for ops' approval, AUTO rules apply
 * through the price authority; every decision is audited with its inputs and reason, and
 * a rule can be replayed over the stored inputs without applying anything. Exposes only
 * HTTP endpoints and event handlers.
 */
@ApplicationModule(allowedDependencies = { "prices", "competitors" })
@NullMarked
package io.concord.promotion.repricing;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
