/**
 * Prices: the price lists (SKU x channel x currency, validity windows, scheduled changes,
 * full history), the reference price (lowest selling price of the prior N days), the
 * PriceChanged event when an entry takes effect, and cross-channel consistency rules per
 * SKU group with overrides and violations. promotion-service is the price authority
 * (ADR-31): quotes and order locks take their unit prices from {@code PriceLists}, the
 * package's public face; {@code Savings} says what saving may be advertised.
 */
@ApplicationModule(allowedDependencies = { "campaign" })
@NullMarked
package io.concord.promotion.prices;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
