package io.concord.member.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.concord.member.privacy.PersonalDataProtector;
import io.concord.member.verification.CodePurpose;
import io.concord.member.verification.OneTimeCodes;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registration from any channel, with deterministic resolution: an incoming identity that
 * proves a person (a verified phone or e-mail, or an id the channel vouches for: union
 * id, app account) and already belongs to a member resolves to that member instead of
 * creating a duplicate. The strongest type in
 * {@code concord.member.identity.resolution-priority} decides; the request's other
 * identities are linked to that member where nobody holds them.
 */
@Service
class MemberRegistration {

	record Registration(MemberView member, boolean created, List<String> notLinked) {
	}

	private final MemberRepository members;

	private final ChannelIdentities channelIdentities;

	private final Identities identities;

	private final IdentityProperties properties;

	private final OneTimeCodes codes;

	private final PersonalDataProtector protector;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MemberRegistration(MemberRepository members, ChannelIdentities channelIdentities, Identities identities,
			IdentityProperties properties, OneTimeCodes codes, PersonalDataProtector protector,
			ApplicationEventPublisher events, Clock clock) {
		this.members = members;
		this.channelIdentities = channelIdentities;
		this.identities = identities;
		this.properties = properties;
		this.codes = codes;
		this.protector = protector;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	Registration register(String displayName, Channel channel, List<IdentityClaim> claims) {
		Map<NormalizedIdentity, Boolean> verified = verifyClaims(claims);
		Optional<MemberId> existing = resolve(verified);
		Instant now = this.clock.instant();
		Member member;
		boolean created = existing.isEmpty();
		if (created) {
			member = this.members.saveAndFlush(new Member(MemberId.random(), displayName.strip(), channel, now));
		}
		else {
			member = this.members.findById(existing.get().value()).orElseThrow();
		}
		List<String> notLinked = new ArrayList<>();
		List<IdentityType> linkedTypes = new ArrayList<>();
		for (Map.Entry<NormalizedIdentity, Boolean> claim : verified.entrySet()) {
			link(member, claim.getKey(), claim.getValue(), now, !created).ifPresentOrElse(notLinked::add,
					() -> linkedTypes.add(claim.getKey().type()));
		}
		if (created) {
			this.events.publishEvent(new MemberRegistered(
					EventMetadata.of(member.id(), this.identities.nextEventVersion(member.id()), now),
					member.id().value(), channel, now, linkedTypes));
		}
		return new Registration(view(member), created, notLinked);
	}

	/** Links an identity to the member; returns why not, when it could not. */
	Optional<String> link(Member member, NormalizedIdentity identity, boolean verified, Instant now, boolean publish) {
		Optional<ChannelIdentity> held = this.identities.find(identity);
		if (held.isPresent()) {
			ChannelIdentity existing = held.get();
			if (existing.memberId().equals(member.id())) {
				if (verified && !existing.verified()) {
					existing.markVerified();
				}
				return Optional.empty();
			}
			return Optional.of(identity.type() + " belongs to another member");
		}
		if (this.channelIdentities.countByMemberIdAndType(member.id().value(), identity.type()) >= this.properties
			.limitFor(identity.type())) {
			return Optional.of(identity.type() + " limit of " + this.properties.limitFor(identity.type()) + " reached");
		}
		this.channelIdentities.save(new ChannelIdentity(member.id(), identity.type(), identity.namespace(),
				this.identities.lookupHash(identity), this.protector.encrypt(identity.value()),
				PersonalDataProtector.mask(identity.value(), identity.type() == IdentityType.EMAIL), verified, now));
		if (publish) {
			this.events.publishEvent(new IdentityLinked(
					EventMetadata.of(member.id(), this.identities.nextEventVersion(member.id()), now),
					member.id().value(), identity.type(), identity.namespace(), verified, now));
		}
		return Optional.empty();
	}

	@Transactional(readOnly = true)
	MemberView find(MemberId id) {
		return view(this.members.findById(this.identities.survivorOf(id).value()).orElseThrow());
	}

	/**
	 * Ops read any member: a merged id shows the survivor; an erased member shows what is
	 * left.
	 */
	@Transactional(readOnly = true)
	MemberView findForOps(MemberId id) {
		Member member = this.members.findById(id.value())
			.orElseThrow(() -> new ProblemException.NotFound("Member", id));
		return member.isErased() ? view(member) : find(id);
	}

	MemberView view(Member member) {
		return MemberView.of(member, this.channelIdentities.findByMemberIdOrderByLinkedAt(member.id().value()));
	}

	/**
	 * Normalises every claim and checks its code; a wrong code refuses the whole request.
	 */
	Map<NormalizedIdentity, Boolean> verifyClaims(List<IdentityClaim> claims) {
		Map<NormalizedIdentity, Boolean> verified = new LinkedHashMap<>();
		for (IdentityClaim claim : claims) {
			NormalizedIdentity identity = this.identities.normalize(claim.type(), claim.namespace(), claim.value());
			boolean proven;
			if (identity.type().verifiedByCode()) {
				proven = claim.verificationCode() != null && this.codes.verify(CodePurpose.VERIFY_IDENTITY,
						this.identities.lookupHash(identity), claim.verificationCode());
				if (claim.verificationCode() != null && !proven) {
					throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-verification-code"),
							"Invalid verification code",
							"The code for the " + identity.type() + " is wrong or expired; request a new one.");
				}
			}
			else {
				proven = true; // the channel authenticated the shopper and vouches for
								// its own id
			}
			verified.merge(identity, proven, Boolean::logicalOr);
		}
		return verified;
	}

	private Optional<MemberId> resolve(Map<NormalizedIdentity, Boolean> claims) {
		List<IdentityType> priority = this.properties.resolutionPriority();
		return claims.entrySet()
			.stream()
			.filter(Map.Entry::getValue)
			.map(Map.Entry::getKey)
			.filter((identity) -> priority.contains(identity.type()))
			.sorted(Comparator.comparingInt((NormalizedIdentity identity) -> priority.indexOf(identity.type())))
			.map(this.identities::holderOf)
			.flatMap(Optional::stream)
			.findFirst();
	}

}
