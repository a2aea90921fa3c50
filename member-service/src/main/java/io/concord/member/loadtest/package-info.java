/**
 * Shadow traffic in member-service (ADR-25): what purging a load-test run deletes, and
 * its audit record.
 */
@NullMarked
package io.concord.member.loadtest;

import org.jspecify.annotations.NullMarked;
