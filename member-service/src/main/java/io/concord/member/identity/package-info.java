/**
 * Members, their proven channel identities and unproven hints, and the channel clients
 * whose word proves an identity. Public face:
 * {@link io.concord.member.identity.MemberId},
 * {@link io.concord.member.identity.Channel},
 * {@link io.concord.member.identity.Identities},
 * {@link io.concord.member.identity.ChannelClients} and the events; the rest is internal.
 */
@NullMarked
package io.concord.member.identity;

import org.jspecify.annotations.NullMarked;
