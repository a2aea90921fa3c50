/**
 * Shadow traffic in fulfillment-service (ADR-25): what purging a load-test run deletes.
 */
@NullMarked
package io.concord.fulfillment.loadtest;

import org.jspecify.annotations.NullMarked;
