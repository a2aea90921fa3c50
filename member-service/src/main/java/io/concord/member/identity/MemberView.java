package io.concord.member.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member as the API shows it: identities masked, never in clear. */
record MemberView(UUID id, String displayName, Channel registeredChannel, Instant registeredAt, String status,
		List<IdentityView> identities) {

	record IdentityView(IdentityType type, String namespace, String value, boolean verified, Instant linkedAt) {

		static IdentityView of(ChannelIdentity identity) {
			return new IdentityView(identity.type(), identity.namespace(), identity.maskedValue(), identity.verified(),
					identity.linkedAt());
		}

	}

	static MemberView of(Member member, List<ChannelIdentity> identities) {
		return new MemberView(member.id().value(), member.displayName(), member.registeredChannel(),
				member.registeredAt(), member.status(), identities.stream().map(IdentityView::of).toList());
	}

}
