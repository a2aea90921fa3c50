/**
 * The local stack's simulated marketplace (dev tools only): several in-memory shops that
 * serve the platform protocol of docs/connectors.md to the {@code SIMULATED_MARKETPLACE}
 * adapter, sell on their own (lagging) view of the stock, call Concord back on signed
 * webhooks, and misbehave on demand (throttling, errors, slowness, lost and repeated
 * callbacks). It stands for an external system, so it uses no other feature package: it
 * reaches Concord only over HTTP.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.fulfillment.marketplace;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
