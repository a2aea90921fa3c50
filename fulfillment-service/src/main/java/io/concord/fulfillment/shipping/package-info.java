/**
 * Shipping: carriers with rate cards, shipments planned from where the stock was reserved
 * (one parcel per source, dropship lines from their supplier), the carrier that meets the
 * promised delivery at the lowest cost, and signed carrier tracking callbacks applied
 * once and never backwards.
 */
@NullMarked
package io.concord.fulfillment.shipping;

import org.jspecify.annotations.NullMarked;
