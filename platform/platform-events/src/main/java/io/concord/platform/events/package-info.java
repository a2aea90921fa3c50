/**
 * Events between services: integration events recorded in the business transaction
 * (Spring Modulith's event publication registry as the outbox), externalized to Kafka as
 * CloudEvents, and consumed by idempotent handlers with bounded retries and dead letters.
 */
@NullMarked
package io.concord.platform.events;

import org.jspecify.annotations.NullMarked;
