/**
 * What can be sold and at what list price, with the category and brand promotions scope
 * by, and whether a SKU ships from its supplier (dropship).
 */
@NullMarked
package io.concord.fulfillment.catalog;

import org.jspecify.annotations.NullMarked;
