/**
 * fulfillment-service: Orders and the checkout saga, sourcing, carriers, suppliers, SLA
 * and KPIs.
 */
@NullMarked
package io.concord.fulfillment;

import org.jspecify.annotations.NullMarked;
