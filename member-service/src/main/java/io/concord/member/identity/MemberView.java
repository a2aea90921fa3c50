package io.concord.member.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A member as the API shows it: identities masked, never in clear; proven identities
 * first ({@code verified: true}), then the hints the member stated without proof
 * ({@code verified: false}).
 */
record MemberView(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") UUID id,
		@Schema(example = "Li Wei") String displayName, @Schema(example = "APP") Channel registeredChannel,
		@Schema(example = "2026-11-11T02:15:30Z") Instant registeredAt, @Schema(example = "ACTIVE") String status,
		List<IdentityView> identities) {

	record IdentityView(@Schema(example = "PHONE") IdentityType type, @Schema(example = "") @Nullable String namespace,
			@Schema(description = "masked, never in clear", example = "+86*******8000") String value,
			@Schema(description = "true when proven, false for a stated hint", example = "true") boolean verified,
			@Schema(example = "2026-11-11T02:15:30Z") Instant linkedAt) {

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
