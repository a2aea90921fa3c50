/**
 * Members and their channel identities. Public face:
 * {@link io.concord.member.identity.MemberId}, {@link io.concord.member.identity.Channel}
 * and the {@link io.concord.member.identity.MemberRegistered} event; the rest is
 * internal.
 */
@NullMarked
package io.concord.member.identity;

import org.jspecify.annotations.NullMarked;
