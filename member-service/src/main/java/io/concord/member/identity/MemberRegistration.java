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
 * Registration from any channel, with deterministic resolution. An identity is proven
 * only by its one-time code (phone, e-mail) or by the calling channel client vouching for
 * it; a proven identity that already belongs to a member resolves the registration to
 * that member instead of creating a duplicate (safe: whoever proves it could sign in with
 * it anyway). The strongest type in {@code concord.member.identity.resolution-priority}
 * decides; the request's other proven identities are linked to that member where nobody
 * holds them. Unproven identities are kept as hints of the member and never resolve,
 * link, merge or block, so the answer never tells whether somebody else holds them.
 */
@Service
class MemberRegistration {

	record Registration(MemberView member, boolean created, List<String> notLinked) {
	}

	/** Why a proven identity was not linked. */
	enum Refusal {

		HELD_BY_ANOTHER_MEMBER, LIMIT_REACHED

	}

	private final MemberRepository members;

	private final ChannelIdentities channelIdentities;

	private final IdentityHints hints;

	private final Identities identities;

	private final IdentityValues values;

	private final IdentityProperties properties;

	private final OneTimeCodes codes;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MemberRegistration(MemberRepository members, ChannelIdentities channelIdentities, IdentityHints hints,
			Identities identities, IdentityValues values, IdentityProperties properties, OneTimeCodes codes,
			ApplicationEventPublisher events, Clock clock) {
		this.members = members;
		this.channelIdentities = channelIdentities;
		this.hints = hints;
		this.identities = identities;
		this.values = values;
		this.properties = properties;
		this.codes = codes;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * @param channel the channel, already checked against the caller (see
	 * {@link ChannelClients#channelFor})
	 * @param client the calling channel client, whose word proves the identities it may
	 * vouch for
	 */
	@Transactional
	Registration register(String displayName, Channel channel, List<IdentityClaim> claims,
			Optional<ChannelClient> client) {
		Map<NormalizedIdentity, Boolean> proven = verifyClaims(claims, client);
		Optional<MemberId> existing = resolve(proven);
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
		for (Map.Entry<NormalizedIdentity, Boolean> claim : proven.entrySet()) {
			NormalizedIdentity identity = claim.getKey();
			if (!claim.getValue()) {
				// Kept for the member, never reported: what happens to an unproven
				// identity must not depend on who else states it.
				hint(member, identity, now);
			}
			else if (link(member, identity, now, !created).isPresent()) {
				notLinked.add(identity.type() + " could not be linked");
			}
			else {
				linkedTypes.add(identity.type());
			}
		}
		if (created) {
			this.events.publishEvent(new MemberRegistered(
					EventMetadata.of(member.id(), this.identities.nextEventVersion(member.id()), now),
					member.id().value(), channel, now, linkedTypes));
		}
		return new Registration(view(member), created, notLinked);
	}

	/**
	 * Links a proven identity to the member (replacing the member's own hint of it);
	 * returns why not, when it could not.
	 */
	Optional<Refusal> link(Member member, NormalizedIdentity identity, Instant now, boolean publish) {
		Optional<ChannelIdentity> held = this.identities.find(identity);
		if (held.isPresent()) {
			return held.get().memberId().equals(member.id()) ? Optional.empty()
					: Optional.of(Refusal.HELD_BY_ANOTHER_MEMBER);
		}
		if (this.channelIdentities.countByMemberIdAndType(member.id().value(), identity.type()) >= this.properties
			.limitFor(identity.type())) {
			return Optional.of(Refusal.LIMIT_REACHED);
		}
		String lookupHash = this.identities.lookupHash(identity);
		this.hints.deleteByMemberIdAndTypeAndNamespaceAndLookupHash(member.id().value(), identity.type(),
				identity.namespace(), lookupHash);
		this.channelIdentities.save(new ChannelIdentity(member.id(), identity.type(), identity.namespace(), lookupHash,
				this.values.encrypt(identity, lookupHash), mask(identity), now));
		if (publish) {
			this.events.publishEvent(new IdentityLinked(
					EventMetadata.of(member.id(), this.identities.nextEventVersion(member.id()), now),
					member.id().value(), identity.type(), identity.namespace(), true, now));
		}
		return Optional.empty();
	}

	/**
	 * Records an unproven identity as the member's hint; false if the member already
	 * states as many of the type as a member may hold.
	 */
	boolean hint(Member member, NormalizedIdentity identity, Instant now) {
		String lookupHash = this.identities.lookupHash(identity);
		Optional<ChannelIdentity> held = this.identities.find(identity);
		if ((held.isPresent() && held.get().memberId().equals(member.id()))
				|| this.hints.existsByMemberIdAndTypeAndNamespaceAndLookupHash(member.id().value(), identity.type(),
						identity.namespace(), lookupHash)) {
			return true;
		}
		if (this.hints.countByMemberIdAndType(member.id().value(), identity.type()) >= this.properties
			.limitFor(identity.type())) {
			return false;
		}
		this.hints.save(new IdentityHint(member.id(), identity.type(), identity.namespace(), lookupHash,
				this.values.encrypt(identity, lookupHash), mask(identity), now));
		return true;
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
		return MemberView.of(member, this.channelIdentities.findByMemberIdOrderByLinkedAt(member.id().value()),
				this.hints.findByMemberIdOrderByRecordedAt(member.id().value()));
	}

	/**
	 * Normalises every claim and decides whether it is proven: by its one-time code, or
	 * by the channel client vouching for it. A wrong code refuses the whole request;
	 * anything else unproven is a hint.
	 */
	Map<NormalizedIdentity, Boolean> verifyClaims(List<IdentityClaim> claims, Optional<ChannelClient> client) {
		Map<NormalizedIdentity, Boolean> verified = new LinkedHashMap<>();
		for (IdentityClaim claim : claims) {
			NormalizedIdentity identity = this.identities.normalize(claim.type(), claim.namespace(), claim.value());
			boolean proven;
			if (identity.type().verifiedByCode() && claim.verificationCode() != null) {
				proven = this.codes.verify(CodePurpose.VERIFY_IDENTITY, this.identities.lookupHash(identity),
						claim.verificationCode());
				if (!proven) {
					throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-verification-code"),
							"Invalid verification code",
							"The code for the " + identity.type() + " is wrong or expired; request a new one.");
				}
			}
			else {
				proven = client.isPresent() && client.get().mayVouchFor(identity);
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

	private static String mask(NormalizedIdentity identity) {
		return PersonalDataProtector.mask(identity.value(), identity.type() == IdentityType.EMAIL);
	}

}
