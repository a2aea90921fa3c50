/**
 * Orders: placement (a saga over inventory and promotion, persisted step by step),
 * payment callbacks, the lifecycle to delivery, cancellation and unpaid expiry, returns
 * refunded from the promotion allocation, and the order events.
 */
@NullMarked
package io.concord.fulfillment.ordering;

import org.jspecify.annotations.NullMarked;
