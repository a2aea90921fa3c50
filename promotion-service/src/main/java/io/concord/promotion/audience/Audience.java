package io.concord.promotion.audience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.concord.platform.events.OutOfOrderEventException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What pricing and targeting know about a member, projected from member-service's events:
 * tier, segment, and whether they are new (registered within the new-member window).
 */
@Component
public class Audience {

	public record MemberProfile(UUID memberId, @Nullable String tier, Set<String> segments, boolean newMember,
			Instant registeredAt) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration newMemberWindow;

	Audience(JdbcTemplate jdbc, Clock clock,
			@Value("${concord.promotion.new-member-window:30d}") Duration newMemberWindow) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
		this.newMemberWindow = newMemberWindow;
	}

	public Optional<MemberProfile> profile(UUID memberId) {
		Instant newSince = this.clock.instant().minus(this.newMemberWindow);
		return this.jdbc.sql("select member_id, tier, segment, registered_at from audience_member where member_id = ?")
			.params(memberId)
			.query((rs, n) -> {
				Instant registeredAt = rs.getTimestamp("registered_at").toInstant();
				String segment = rs.getString("segment");
				return new MemberProfile(memberId, rs.getString("tier"), (segment != null) ? Set.of(segment) : Set.of(),
						registeredAt.isAfter(newSince), registeredAt);
			})
			.optional();
	}

	/**
	 * Applies a tier change unless a newer one was applied already. A change for a member
	 * not registered here yet is out of order (retried until the registration arrives);
	 * one for an erased member is dropped.
	 */
	void changeTier(UUID memberId, String tier, long version) {
		int updated = this.jdbc.sql("""
				update audience_member set tier = ?, tier_version = ? where member_id = ? and tier_version < ?""")
			.params(tier, version, memberId, version)
			.update();
		if (updated == 0) {
			requireKnown(memberId, "TierChanged");
		}
	}

	/** Applies a segment unless a newer one was applied already (as for tiers). */
	void segment(UUID memberId, String segment, long version, String event) {
		if (this.jdbc.sql(
				"update audience_member set segment = ?, segment_version = ? where member_id = ? and segment_version < ?")
			.params(segment, version, memberId, version)
			.update() == 0) {
			requireKnown(memberId, event);
		}
	}

	/** Members of any of these segments and any of these tiers (an empty set: any). */
	public long count(Set<String> segments, Set<String> tiers) {
		return this.jdbc.sql("""
				select count(*) from audience_member
				where (cardinality(cast(? as varchar[])) = 0 or segment = any(cast(? as varchar[])))
				  and (cardinality(cast(? as varchar[])) = 0 or tier = any(cast(? as varchar[])))""")
			.params(array(segments), array(segments), array(tiers), array(tiers))
			.query(Long.class)
			.single();
	}

	/** The next members of these segments and tiers after {@code after}, by id. */
	public List<UUID> members(Set<String> segments, Set<String> tiers, @Nullable UUID after, int limit) {
		return this.jdbc.sql("""
				select member_id from audience_member
				where (cardinality(cast(? as varchar[])) = 0 or segment = any(cast(? as varchar[])))
				  and (cardinality(cast(? as varchar[])) = 0 or tier = any(cast(? as varchar[])))
				  and (cast(? as uuid) is null or member_id > cast(? as uuid))
				order by member_id limit ?""")
			.params(array(segments), array(segments), array(tiers), array(tiers), after, after, limit)
			.query(UUID.class)
			.list();
	}

	private static String array(Set<String> values) {
		// A PostgreSQL array literal of plain names (segments, tiers: letters and _
		// only).
		return values.stream().sorted().collect(java.util.stream.Collectors.joining(",", "{", "}"));
	}

	/** A merged member's profile goes; the survivor keeps its own. */
	void forget(UUID memberId) {
		this.jdbc.sql("delete from audience_member where member_id = ?").params(memberId).update();
	}

	/** An erased member's profile goes, and nothing arriving later brings it back. */
	void erase(UUID memberId, Instant erasedAt) {
		forget(memberId);
		this.jdbc.sql("insert into audience_erased (member_id, erased_at) values (?, ?) on conflict do nothing")
			.params(memberId, java.sql.Timestamp.from(erasedAt))
			.update();
	}

	/** Whether member-service erased the member (events about them are dropped). */
	public boolean erased(UUID memberId) {
		return this.jdbc.sql("select count(*) from audience_erased where member_id = ?")
			.params(memberId)
			.query(Long.class)
			.single() > 0;
	}

	private void requireKnown(UUID memberId, String event) {
		boolean known = this.jdbc.sql("select count(*) from audience_member where member_id = ?")
			.params(memberId)
			.query(Long.class)
			.single() > 0;
		if (!known && !erased(memberId)) {
			throw new OutOfOrderEventException(event + " for member " + memberId + " before its MemberRegistered");
		}
	}

}
