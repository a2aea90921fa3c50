package io.concord.member.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A member as the API shows it: identities masked, never in clear; proven identities
 * first ({@code verified: true}), then the hints the member stated without proof
 * ({@code verified: false}).
 */
record MemberView(UUID id, String displayName, Channel registeredChannel, Instant registeredAt, String status,
		List<IdentityView> identities) {

	record IdentityView(IdentityType type, String namespace, String value, boolean verified, Instant linkedAt) {

		static IdentityView of(ChannelIdentity identity) {
			return new IdentityView(identity.type(), identity.namespace(), identity.maskedValue(), true,
					identity.linkedAt());
		}

		static IdentityView of(IdentityHint hint) {
			return new IdentityView(hint.type(), hint.namespace(), hint.maskedValue(), false, hint.recordedAt());
		}

	}

	static MemberView of(Member member, List<ChannelIdentity> identities, List<IdentityHint> hints) {
		return new MemberView(member.id().value(), member.displayName(), member.registeredChannel(),
				member.registeredAt(), member.status(),
				Stream.concat(identities.stream().map(IdentityView::of), hints.stream().map(IdentityView::of))
					.toList());
	}

}
