/**
 * What is sold and where it is kept: SKUs, locations (warehouses, stores, supplier
 * dropship) and which locations serve which channel, in order. Ops maintain it through
 * the admin API.
 */
@NullMarked
package io.concord.inventory.catalog;

import org.jspecify.annotations.NullMarked;
