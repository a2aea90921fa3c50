/**
 * What can be sold and at what list price, with the category and brand promotions scope
 * by, and whether a SKU ships from its supplier (dropship). Owns the product table;
 * others read it through {@link io.concord.fulfillment.catalog.Products}, and charge the
 * shipping fee from {@link io.concord.fulfillment.catalog.ShippingFee}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package io.concord.fulfillment.catalog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
