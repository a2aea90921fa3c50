/**
 * Suppliers: contracts (prices, lead times, penalties), purchase orders drafted by hand
 * or from inventory's replenishment suggestions, approved by ops and sent on the supplier
 * topic, confirmed and announced (ASN) by the supplier through signed partner calls,
 * received with quality inspection (GoodsReceived), settled at once from the contract,
 * and graded by a scorecard from the real history.
 */
@NullMarked
package io.concord.fulfillment.supply;

import org.jspecify.annotations.NullMarked;
