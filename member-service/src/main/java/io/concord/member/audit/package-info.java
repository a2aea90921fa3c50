/**
 * Who did what to which member and why: every merge and admin action, queryable by ops.
 * Public face: {@link io.concord.member.audit.AuditLog}. The bottom layer: uses no other
 * feature package.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.member.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
