/**
 * Prices a cart: which promotions apply, how they stack, the best combination, and how
 * order-level discounts are spread over lines. Pure Java with no Spring and no database,
 * so every rule is tested table-driven and the quote is the same wherever it is computed.
 * Uses no other feature package.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.promotion.pricing;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
