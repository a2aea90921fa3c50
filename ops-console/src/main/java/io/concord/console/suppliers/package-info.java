/**
 * Suppliers and purchase orders (fulfillment-service): the suppliers with their grades,
 * one supplier's scorecard, contract terms and purchase orders, a purchase order's lines
 * and settlement; ops-managers draft, approve, cancel and receive purchase orders (the
 * API decides, the console shows its answer).
 */
@NullMarked
package io.concord.console.suppliers;

import org.jspecify.annotations.NullMarked;
