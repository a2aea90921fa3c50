package io.concord.member.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.member.audit.AuditLog;
import io.concord.member.privacy.PersonalDataProtector;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The identity graph's public face for the rest of member-service: normalise an identity,
 * find who holds it (proven identities only: hints never count), and follow merges to the
 * surviving member.
 */
@NamedInterface("api")
@Component
@EnableConfigurationProperties(IdentityProperties.class)
public class Identities {

	/**
	 * The members a load-test run registered, as a subquery taking the run id
	 * ({@code ?}): how each package's purge step (ADR-25) finds its rows of the run's
	 * members.
	 */
	public static final String TEST_RUN_MEMBERS = "(select id from member where test_run = ?)";

	private final ChannelIdentities identities;

	private final IdentityHints hints;

	private final MemberRepository members;

	private final PersonalDataProtector protector;

	private final IdentityValues values;

	private final IdentityProperties properties;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Identities(ChannelIdentities identities, IdentityHints hints, MemberRepository members,
			PersonalDataProtector protector, IdentityValues values, IdentityProperties properties, AuditLog audit,
			ApplicationEventPublisher events, JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.identities = identities;
		this.hints = hints;
		this.values = values;
		this.members = members;
		this.protector = protector;
		this.properties = properties;
		this.audit = audit;
		this.events = events;
	}

	/** Normalises, or answers 400 with what is wrong. */
	public NormalizedIdentity normalize(IdentityType type, String namespace, String value) {
		return NormalizedIdentity.of(type, namespace, value, this.properties.defaultRegion());
	}

	/** The keyed hash the identity is stored and found under. */
	public String lookupHash(NormalizedIdentity identity) {
		return this.protector.lookupHash(identity.lookupKey());
	}

	/**
	 * The member holding this proven identity (after merges), if any. Hints are not held:
	 * several members may state the same phone, and none of them holds it.
	 */
	@Transactional(readOnly = true)
	public Optional<MemberId> holderOf(NormalizedIdentity identity) {
		return find(identity).map((held) -> survivorOf(held.memberId()));
	}

	Optional<ChannelIdentity> find(NormalizedIdentity identity) {
		return this.identities.findByTypeAndNamespaceAndLookupHash(identity.type(), identity.namespace(),
				lookupHash(identity));
	}

	/**
	 * {@link #survivorOf}, or empty when the id was never a member's: an order can be
	 * placed under a buyer id that is no member (a marketplace buyer not linked to one,
	 * issue 24), and its events then concern no member.
	 */
	@Transactional(readOnly = true)
	public Optional<MemberId> survivorIfMember(MemberId id) {
		if (this.members.findById(id.value()).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(survivorOf(id));
	}

	/**
	 * Follows merges: a merged member's id resolves to the member it was merged into. An
	 * erased member is gone (404).
	 */
	@Transactional(readOnly = true)
	public MemberId survivorOf(MemberId id) {
		MemberId current = id;
		for (int hops = 0; hops < 16; hops++) {
			Member member = this.members.findById(current.value())
				.orElseThrow(() -> new ProblemException.NotFound("Member", id));
			if (member.isActive()) {
				return current;
			}
			if (member.isErased()) {
				throw new ProblemException.NotFound("Member", id);
			}
			current = member.mergedInto();
		}
		throw new IllegalStateException("Merge chain of " + id + " is too long");
	}

	/**
	 * One identity in clear, for the member's own data export; {@code verified} is false
	 * for a hint (stated, never proven).
	 */
	public record ExportedIdentity(IdentityType type, @Nullable String namespace, String value, boolean verified,
			Instant linkedAt) {
	}

	/** The member's profile and identities in clear: only for the member's own export. */
	public record ExportedMember(UUID id, String displayName, Channel registeredChannel, Instant registeredAt,
			List<ExportedIdentity> identities) {
	}

	@Transactional(readOnly = true)
	public ExportedMember export(MemberId id) {
		Member member = this.members.findById(survivorOf(id).value()).orElseThrow();
		List<ExportedIdentity> exported = new ArrayList<>();
		for (ChannelIdentity identity : this.identities.findByMemberIdOrderByLinkedAt(member.id().value())) {
			exported
				.add(new ExportedIdentity(
						identity.type(), identity.namespace(), this.values.decrypt(identity.type(),
								identity.namespace(), identity.lookupHash(), identity.protectedValue()),
						true, identity.linkedAt()));
		}
		for (IdentityHint hint : this.hints.findByMemberIdOrderByRecordedAt(member.id().value())) {
			exported.add(new ExportedIdentity(hint.type(), hint.namespace(),
					this.values.decrypt(hint.type(), hint.namespace(), hint.lookupHash(), hint.protectedValue()), false,
					hint.recordedAt()));
		}
		return new ExportedMember(member.id().value(), member.displayName(), member.registeredChannel(),
				member.registeredAt(), exported);
	}

	/**
	 * Erases the member: identities and hints deleted (the phone or e-mail may register
	 * again), name forgotten, the id kept so ledgers and order history keep their totals;
	 * {@link MemberErased} tells this service (sign-in revokes its tokens) and the others
	 * (drop personal data).
	 */
	@Transactional
	public void erase(MemberId id, String actor, Instant now) {
		Member member = this.members.findById(survivorOf(id).value()).orElseThrow();
		List<ChannelIdentity> identities = this.identities.findByMemberIdOrderByLinkedAt(member.id().value());
		List<IdentityHint> hints = this.hints.findByMemberIdOrderByRecordedAt(member.id().value());
		this.identities.deleteAll(identities);
		this.hints.deleteAll(hints);
		member.erase();
		this.audit.record(actor, "MEMBER_ERASED", member.id().value(), "erasure requested",
				Map.of("identitiesDeleted", identities.size(), "hintsDeleted", hints.size()));
		this.events.publishEvent(new MemberErased(EventMetadata.of(member.id(), nextEventVersion(member.id()), now),
				member.id().value(), now));
	}

	/**
	 * The next version of the member's event stream: every event member-service publishes
	 * about a member (identity, points, tier, lifecycle) takes the next number, so
	 * consumers can order them all by {@code aggregateversion}. Must run in the event's
	 * transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long nextEventVersion(MemberId member) {
		return this.jdbc.queryForObject(
				"update member set event_version = event_version + 1 where id = ? returning event_version", Long.class,
				member.value());
	}

	/**
	 * Every member id that resolves to this member: itself and, transitively, the members
	 * merged into it (their old tokens and sessions are the survivor's).
	 */
	@Transactional(readOnly = true)
	public List<MemberId> idsResolvingTo(MemberId survivor) {
		return this.jdbc.queryForList("""
				with recursive merged(id) as (
				    select ?::uuid
				    union
				    select m.id from member m join merged on m.merged_into = merged.id
				)
				select id from merged""", UUID.class, survivor.value()).stream().map(MemberId::new).toList();
	}

	/** Whether the id names a member (active or merged). */
	@Transactional(readOnly = true)
	public boolean exists(UUID memberId) {
		return this.members.existsById(memberId);
	}

	/** Sets the (surviving) member's birthday. */
	@Transactional
	public void setBirthday(MemberId member, LocalDate birthday) {
		this.jdbc.update("update member set birthday = ? where id = ?", birthday, survivorOf(member).value());
	}

	/**
	 * Active members born on this day of the year; a load test's members (test_run) are
	 * left out, so they never get a birthday gift.
	 */
	@Transactional(readOnly = true)
	public List<MemberId> activeMembersBornOn(MonthDay day) {
		return this.jdbc
			.queryForList("""
					select id from member
					where status = 'ACTIVE' and birthday is not null and test_run is null
					  and extract(month from birthday) = ? and extract(day from birthday) = ?""", UUID.class,
					day.getMonthValue(), day.getDayOfMonth())
			.stream()
			.map(MemberId::new)
			.toList();
	}

}
