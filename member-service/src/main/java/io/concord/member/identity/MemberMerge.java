package io.concord.member.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.concord.member.audit.AuditLog;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges a member into a survivor: identities and hints move (a hint the survivor already
 * has or holds proven is dropped), the merged member points to the survivor (its id keeps
 * resolving), {@link MemberMerged} tells the rest of member-service (points, in this
 * transaction) and other services (over Kafka), and the audit log records who, why,
 * before and after.
 */
@Service
class MemberMerge {

	private final MemberRepository members;

	private final ChannelIdentities channelIdentities;

	private final IdentityHints hints;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Clock clock;

	private final Identities identities;

	MemberMerge(MemberRepository members, ChannelIdentities channelIdentities, IdentityHints hints,
			ApplicationEventPublisher events, AuditLog audit, Clock clock, Identities identities) {
		this.identities = identities;
		this.hints = hints;
		this.members = members;
		this.channelIdentities = channelIdentities;
		this.events = events;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional
	void merge(MemberId survivorId, MemberId mergedId, String actor, String reason) {
		if (survivorId.equals(mergedId)) {
			throw new ProblemException.Unprocessable("A member cannot be merged into itself");
		}
		Member survivor = active(survivorId);
		Member merged = active(mergedId);
		List<ChannelIdentity> moving = this.channelIdentities.findByMemberIdOrderByLinkedAt(mergedId.value());
		int survivorIdentitiesBefore = this.channelIdentities.findByMemberIdOrderByLinkedAt(survivorId.value()).size();
		moving.forEach((identity) -> identity.moveTo(survivorId));
		moveHints(survivorId, mergedId);
		merged.mergeInto(survivorId);
		Instant now = this.clock.instant();
		this.events.publishEvent(
				new MemberMerged(EventMetadata.of(survivorId, this.identities.nextEventVersion(survivorId), now),
						survivorId.value(), mergedId.value(), reason, now));
		this.audit.record(actor, "MEMBER_MERGED", survivorId.value(), reason,
				Map.of("survivor", survivorId.toString(), "merged", mergedId.toString(), "identitiesBefore",
						survivorIdentitiesBefore, "identitiesMoved", moving.size(), "identitiesAfter",
						survivorIdentitiesBefore + moving.size()));
	}

	private void moveHints(MemberId survivorId, MemberId mergedId) {
		List<ChannelIdentity> proven = this.channelIdentities.findByMemberIdOrderByLinkedAt(survivorId.value());
		List<IdentityHint> kept = new ArrayList<>();
		for (IdentityHint hint : this.hints.findByMemberIdOrderByRecordedAt(survivorId.value())) {
			if (provenAmong(proven, hint)) {
				this.hints.delete(hint);
			}
			else {
				kept.add(hint);
			}
		}
		for (IdentityHint hint : this.hints.findByMemberIdOrderByRecordedAt(mergedId.value())) {
			if (provenAmong(proven, hint) || kept.stream()
				.anyMatch((own) -> own.sameIdentityAs(hint.type(), hint.namespace(), hint.lookupHash()))) {
				this.hints.delete(hint);
			}
			else {
				hint.moveTo(survivorId);
			}
		}
	}

	private static boolean provenAmong(List<ChannelIdentity> proven, IdentityHint hint) {
		return proven.stream()
			.anyMatch((identity) -> hint.sameIdentityAs(identity.type(), identity.namespace(), identity.lookupHash()));
	}

	private Member active(MemberId id) {
		Member member = this.members.findById(id.value())
			.orElseThrow(() -> new ProblemException.NotFound("Member", id));
		if (!member.isActive()) {
			throw new ProblemException.Conflict("Member " + id + " was already merged into " + member.mergedInto());
		}
		return member;
	}

}
