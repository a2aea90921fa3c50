/**
 * What can be sold and at what list price, with the category and brand promotions scope
 * by, and whether a SKU ships from its supplier (dropship); the price authority's channel
 * prices as promotion-service's PriceChanged events set them
 * ({@link io.concord.fulfillment.catalog.ChannelPrices}, which keeps the catalogue price
 * current). Owns the product and channel_price tables; others read them through
 * {@link io.concord.fulfillment.catalog.Products} and
 * {@link io.concord.fulfillment.catalog.ChannelPrices}, and charge the shipping fee from
 * {@link io.concord.fulfillment.catalog.ShippingFee}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package io.concord.fulfillment.catalog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
