/**
 * Test support: one real PostgreSQL and one real Kafka per test JVM, wired into every
 * Spring test context, and validation of published events against their JSON Schemas.
 */
@NullMarked
package io.concord.platform.test;

import org.jspecify.annotations.NullMarked;
