/**
 * Shadow traffic in member-service (ADR-25): the audit record of a load-test run's purge.
 * Each feature package declares the purge steps for its own tables.
 */
@ApplicationModule(allowedDependencies = { "audit" })
@NullMarked
package io.concord.member.loadtest;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
