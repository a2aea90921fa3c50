/**
 * Who did what to which member and why: every merge and admin action, queryable by ops.
 */
@NullMarked
package io.concord.member.audit;

import org.jspecify.annotations.NullMarked;
