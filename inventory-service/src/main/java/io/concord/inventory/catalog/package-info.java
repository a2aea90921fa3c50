/**
 * What is sold and where it is kept: SKUs, locations (warehouses, stores, supplier
 * dropship), shipping regions and which locations serve which channel, in order. Ops
 * maintain it through the admin API. Owns {@code sku}, {@code location}, {@code region},
 * {@code sales_channel} and {@code channel_location}.
 *
 * <p>
 * Public face: {@link io.concord.inventory.catalog.Catalog} (the reads other packages
 * need), {@link io.concord.inventory.catalog.TestRunStock} (what shadow traffic may
 * touch) and {@link io.concord.inventory.catalog.RoutingChanged}.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.inventory.catalog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
