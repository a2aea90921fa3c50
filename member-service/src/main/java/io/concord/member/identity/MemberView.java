package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

/** A member as the API shows it. */
record MemberView(UUID id, String displayName, Channel registeredChannel, Instant registeredAt) {

	static MemberView of(Member member) {
		return new MemberView(member.id().value(), member.displayName(), member.registeredChannel(),
				member.registeredAt());
	}

}
