/**
 * Members, their proven channel identities and unproven hints, and the channel clients
 * whose word proves an identity; the {@code member} table is written only here (birthday
 * included). Public face, as named interfaces: {@code api}
 * ({@link io.concord.member.identity.Identities},
 * {@link io.concord.member.identity.MemberId},
 * {@link io.concord.member.identity.NormalizedIdentity},
 * {@link io.concord.member.identity.IdentityType},
 * {@link io.concord.member.identity.Channel}), {@code events}
 * ({@link io.concord.member.identity.MemberMerged},
 * {@link io.concord.member.identity.MemberErased}: in-process listeners elsewhere) and
 * {@code channels} ({@link io.concord.member.identity.ChannelClients},
 * {@link io.concord.member.identity.ChannelClient}: for sign-in); the rest is internal.
 */
@ApplicationModule(allowedDependencies = { "audit", "privacy", "verification" })
@NullMarked
package io.concord.member.identity;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
