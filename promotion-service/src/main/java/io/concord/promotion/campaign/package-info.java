/**
 * Campaigns and their promotions: definitions with validation, the campaign lifecycle
 * (draft, scheduled, active, paused, ended) on its window, budgets, and the campaign
 * events inventory-service follows for ring-fences. Exposes the catalogue
 * ({@code PromotionCatalog}, {@code CatalogPromotion}, {@code Campaigns}), budgets, the
 * in-process {@code CatalogChanged}, and {@code CouponPool}: what a coupon template needs
 * from its pool, implemented by {@code coupon} (which alone writes coupon rows).
 */
@ApplicationModule(allowedDependencies = { "pricing", "tiers :: standing" })
@NullMarked
package io.concord.promotion.campaign;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
