package io.concord.member.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in member links another identity. A phone or e-mail needs its one-time code
 * and is then proven: if another member holds it, the two are one person and the other
 * member is merged into the signed-in one. Any other identity a member states is only a
 * hint (a member's token vouches for no channel id), which never merges, resolves or
 * conflicts with anyone.
 */
@Service
class IdentityLinking {

	private final MemberRegistration registration;

	private final MemberRepository members;

	private final Identities identities;

	private final MemberMerge merge;

	private final IdentityProperties properties;

	private final Clock clock;

	IdentityLinking(MemberRegistration registration, MemberRepository members, Identities identities, MemberMerge merge,
			IdentityProperties properties, Clock clock) {
		this.registration = registration;
		this.members = members;
		this.identities = identities;
		this.merge = merge;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	MemberView link(MemberId signedIn, IdentityClaim claim) {
		MemberId memberId = this.identities.survivorOf(signedIn);
		if (claim.type().verifiedByCode() && claim.verificationCode() == null) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("verification-required"), "Verification required",
					"Linking a " + claim.type() + " needs the one-time code sent to it.");
		}
		Map<NormalizedIdentity, Boolean> verified = this.registration.verifyClaims(List.of(claim), Optional.empty());
		NormalizedIdentity identity = verified.keySet().iterator().next();
		Instant now = this.clock.instant();
		if (!verified.get(identity)) {
			Member member = this.members.findById(memberId.value()).orElseThrow();
			if (!this.registration.hint(member, identity, now)) {
				throw limitReached(identity.type());
			}
			return this.registration.view(member);
		}
		Optional<MemberId> holder = this.identities.holderOf(identity);
		if (holder.isPresent() && !holder.get().equals(memberId)) {
			if (!identity.type().verifiedByCode()) {
				throw new ProblemException.Conflict(ProblemTypes.of("identity-taken"), "Identity taken",
						"This " + identity.type() + " belongs to another member.");
			}
			// The shopper proved holding the other member's phone or e-mail, which that
			// member proved too: one person, one member.
			this.merge.merge(memberId, holder.get(), "member:" + memberId, "verified " + identity.type() + " link");
		}
		Member member = this.members.findById(memberId.value()).orElseThrow();
		if (this.registration.link(member, identity, now, true).isPresent()) {
			throw limitReached(identity.type());
		}
		return this.registration.view(member);
	}

	private ProblemException limitReached(IdentityType type) {
		return new ProblemException.Unprocessable(ProblemTypes.of("identity-limit"), "Identity not linked",
				type + " limit of " + this.properties.limitFor(type) + " reached");
	}

}
