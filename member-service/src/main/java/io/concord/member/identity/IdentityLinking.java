package io.concord.member.identity;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in member links another identity. A phone or e-mail needs its one-time code.
 * If the proven identity belongs to another member, the two are one person: the other
 * member is merged into the signed-in one.
 */
@Service
class IdentityLinking {

	private final MemberRegistration registration;

	private final MemberRepository members;

	private final Identities identities;

	private final MemberMerge merge;

	private final Clock clock;

	IdentityLinking(MemberRegistration registration, MemberRepository members, Identities identities, MemberMerge merge,
			Clock clock) {
		this.registration = registration;
		this.members = members;
		this.identities = identities;
		this.merge = merge;
		this.clock = clock;
	}

	@Transactional
	MemberView link(MemberId signedIn, IdentityClaim claim) {
		MemberId memberId = this.identities.survivorOf(signedIn);
		if (claim.type().verifiedByCode() && claim.verificationCode() == null) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("verification-required"), "Verification required",
					"Linking a " + claim.type() + " needs the one-time code sent to it.");
		}
		Map<NormalizedIdentity, Boolean> verified = this.registration.verifyClaims(List.of(claim));
		NormalizedIdentity identity = verified.keySet().iterator().next();
		Optional<MemberId> holder = this.identities.holderOf(identity);
		if (holder.isPresent() && !holder.get().equals(memberId)) {
			if (!identity.type().verifiedByCode()) {
				throw new ProblemException.Conflict(ProblemTypes.of("identity-taken"), "Identity taken",
						"This " + identity.type() + " belongs to another member.");
			}
			// The shopper proved holding the other member's phone or e-mail: one person,
			// one member.
			this.merge.merge(memberId, holder.get(), "member:" + memberId, "verified " + identity.type() + " link");
		}
		Member member = this.members.findById(memberId.value()).orElseThrow();
		Optional<String> refused = this.registration.link(member, identity, verified.get(identity),
				this.clock.instant(), true);
		if (refused.isPresent()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("identity-limit"), "Identity not linked",
					refused.get());
		}
		return this.registration.view(member);
	}

}
