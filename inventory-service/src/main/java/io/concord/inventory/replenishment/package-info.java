/**
 * Replenishment from forecasts: per SKU × location a safety stock, reorder point and
 * order-up-to level (the maths is {@code Replenishment} in the forecasting-engine
 * module), suggestions published as {@code ReplenishmentSuggested} for
 * fulfillment-service to draft purchase orders from, lead times and order quantities from
 * fulfillment's supplier contracts ({@code SupplierContractChanged}; its own policies
 * only as the fallback), the supply on order (purchase orders sent, not yet received),
 * and the stock-gap report. Owns {@code replenishment_policy},
 * {@code replenishment_suggestion}, {@code supplier_contract_terms} and
 * {@code incoming_supply}; nothing outside uses it.
 */
@ApplicationModule(allowedDependencies = { "catalog", "demand", "reservation :: topics", "stock" })
@NullMarked
package io.concord.inventory.replenishment;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
