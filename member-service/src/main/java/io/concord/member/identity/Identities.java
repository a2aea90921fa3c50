package io.concord.member.identity;

import java.util.Optional;
import java.util.UUID;

import io.concord.member.privacy.PersonalDataProtector;
import io.concord.platform.web.ProblemException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The identity graph's public face for the rest of member-service: normalise an identity,
 * find who holds it, and follow merges to the surviving member.
 */
@Component
@EnableConfigurationProperties(IdentityProperties.class)
public class Identities {

	private final ChannelIdentities identities;

	private final MemberRepository members;

	private final PersonalDataProtector protector;

	private final IdentityProperties properties;

	Identities(ChannelIdentities identities, MemberRepository members, PersonalDataProtector protector,
			IdentityProperties properties) {
		this.identities = identities;
		this.members = members;
		this.protector = protector;
		this.properties = properties;
	}

	/** Normalises, or answers 400 with what is wrong. */
	public NormalizedIdentity normalize(IdentityType type, String namespace, String value) {
		return NormalizedIdentity.of(type, namespace, value, this.properties.defaultRegion());
	}

	/** The keyed hash the identity is stored and found under. */
	public String lookupHash(NormalizedIdentity identity) {
		return this.protector.lookupHash(identity.lookupKey());
	}

	/** The member holding this identity (after merges), if any. */
	@Transactional(readOnly = true)
	public Optional<MemberId> holderOf(NormalizedIdentity identity) {
		return find(identity).map((held) -> survivorOf(held.memberId()));
	}

	Optional<ChannelIdentity> find(NormalizedIdentity identity) {
		return this.identities.findByTypeAndNamespaceAndLookupHash(identity.type(), identity.namespace(),
				lookupHash(identity));
	}

	/** Follows merges: a merged member's id resolves to the member it was merged into. */
	@Transactional(readOnly = true)
	public MemberId survivorOf(MemberId id) {
		MemberId current = id;
		for (int hops = 0; hops < 16; hops++) {
			Member member = this.members.findById(current.value())
				.orElseThrow(() -> new ProblemException.NotFound("Member", id));
			if (member.isActive()) {
				return current;
			}
			current = member.mergedInto();
		}
		throw new IllegalStateException("Merge chain of " + id + " is too long");
	}

	/** Whether the id names a member (active or merged). */
	@Transactional(readOnly = true)
	public boolean exists(UUID memberId) {
		return this.members.existsById(memberId);
	}

}
