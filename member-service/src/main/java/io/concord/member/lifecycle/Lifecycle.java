package io.concord.member.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.orders.MemberOrderDelivered;
import io.concord.member.points.PointsLedger;
import io.concord.member.tiers.Tiers;
import io.concord.platform.events.EventMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Computes RFM and segments, signals churn risk and birthdays. */
@Service
@EnableConfigurationProperties(LifecycleProperties.class)
public class Lifecycle {

	/** How many members each run scored or signalled. */
	record Evaluation(int scored, int churnRisks, int birthdays) {
	}

	// Segments from the R, F, M scores (1-5), first match wins; documented in
	// docs/ARCHITECTURE.md.
	private static final String RFM_UPSERT = """
			with facts as (
			    select m.id as member_id,
			           (select extract(day from (:now - max(o.delivered_at)))::int from member_order o where o.member_id = m.id) as recency_days,
			           (select count(*) from member_order o where o.member_id = m.id and o.delivered_at > :since
			                and o.refunded_minor < o.paid_minor) as frequency,
			           (select coalesce(sum(o.paid_minor - o.refunded_minor), 0) from member_order o
			             where o.member_id = m.id and o.delivered_at > :since and o.currency = :currency) as monetary
			    from member m
			    where m.status = 'ACTIVE' and (cast(:member as uuid) is null or m.id = cast(:member as uuid))
			      and exists (select 1 from member_order o where o.member_id = m.id)
			), scored as (
			    select f.*,
			           case when recency_days <= :r1 then 5 when recency_days <= :r2 then 4 when recency_days <= :r3 then 3
			                when recency_days <= :r4 then 2 else 1 end as r,
			           case when frequency >= :f4 then 5 when frequency >= :f3 then 4 when frequency >= :f2 then 3
			                when frequency >= :f1 then 2 else 1 end as f,
			           case when monetary >= :m4 then 5 when monetary >= :m3 then 4 when monetary >= :m2 then 3
			                when monetary >= :m1 then 2 else 1 end as m
			    from facts f
			)
			insert into member_rfm (member_id, recency_days, frequency, monetary_minor, r, f, m, segment, computed_at)
			select member_id, recency_days, frequency, monetary, r, f, m,
			       case when r >= 4 and f >= 4 and m >= 4 then 'CHAMPIONS'
			            when f >= 4 then 'LOYAL'
			            when r <= 2 and f >= 3 then 'AT_RISK'
			            when r >= 4 and frequency <= 1 then 'NEW'
			            when r <= 2 then 'HIBERNATING'
			            else 'PROMISING' end,
			       :now
			from scored
			on conflict (member_id) do update set recency_days = excluded.recency_days, frequency = excluded.frequency,
			    monetary_minor = excluded.monetary_minor, r = excluded.r, f = excluded.f, m = excluded.m,
			    segment = excluded.segment, computed_at = excluded.computed_at""";

	private final NamedParameterJdbcTemplate jdbc;

	private final LifecycleProperties properties;

	private final Identities identities;

	private final Tiers tiers;

	private final PointsLedger points;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String currency;

	Lifecycle(NamedParameterJdbcTemplate jdbc, LifecycleProperties properties, Identities identities, Tiers tiers,
			PointsLedger points, ApplicationEventPublisher events, Clock clock,
			@Value("${concord.member.points.currency:CNY}") String currency) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.identities = identities;
		this.tiers = tiers;
		this.points = points;
		this.events = events;
		this.clock = clock;
		this.currency = currency;
	}

	/** Scores one member, or every member with orders when {@code member} is null. */
	@Transactional
	int scoreRfm(MemberId member) {
		Instant now = this.clock.instant();
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("now", Timestamp.from(now));
		parameters.put("since", Timestamp.from(now.minus(Duration.ofDays(365))));
		parameters.put("currency", this.currency);
		parameters.put("member", (member != null) ? member.value() : null);
		for (int i = 0; i < 4; i++) {
			parameters.put("r" + (i + 1), this.properties.recencyDays().get(i));
			parameters.put("f" + (i + 1), this.properties.frequencyOrders().get(i));
			parameters.put("m" + (i + 1), this.properties.monetaryMinor().get(i));
		}
		int scored = this.jdbc.update(RFM_UPSERT, parameters);
		announceSegmentChanges(member, now);
		return scored;
	}

	/**
	 * Announces each member whose segment moved since it was last announced (one
	 * MemberSegmentChanged per change, in the scoring transaction).
	 */
	private void announceSegmentChanges(@Nullable MemberId member, Instant now) {
		this.jdbc.query("""
				with changed as (
				  select member_id, announced_segment from member_rfm
				  where segment is distinct from announced_segment
				    and (cast(:member as uuid) is null or member_id = cast(:member as uuid))
				  for update)
				update member_rfm r set announced_segment = r.segment from changed
				where r.member_id = changed.member_id
				returning r.member_id, r.segment, changed.announced_segment as previous, r.r, r.f, r.m""",
				Collections.singletonMap("member", (member != null) ? member.value() : null), (rs) -> {
					MemberId changed = new MemberId(rs.getObject("member_id", UUID.class));
					this.events.publishEvent(new MemberSegmentChanged(
							EventMetadata.of(changed, this.identities.nextEventVersion(changed), now), changed.value(),
							rs.getString("segment"), rs.getString("previous"), rs.getInt("r"), rs.getInt("f"),
							rs.getInt("m"), now));
				});
	}

	/**
	 * Members inactive for {@code churnAfterDays}: one MemberChurnRisk per stretch of
	 * inactivity.
	 */
	@Transactional
	int signalChurnRisks() {
		// A load test's members (test_run) are never signalled: no win-back for them.
		Instant now = this.clock.instant();
		List<Map<String, Object>> inactive = this.jdbc.queryForList(
				"""
						select m.id, a.last_active, coalesce(r.segment, 'NO_ORDERS') as segment
						from member m
						cross join lateral (select greatest(m.registered_at,
						        (select max(delivered_at) from member_order o where o.member_id = m.id),
						        (select max(issued_at) from refresh_token t where t.member_id = m.id),
						        (select max(day)::timestamptz from member_check_in c where c.member_id = m.id)) as last_active) a
						left join member_rfm r on r.member_id = m.id
						where m.status = 'ACTIVE' and a.last_active < :cutoff and m.test_run is null
						  and not exists (select 1 from member_churn_signal s where s.member_id = m.id and s.last_active_at = a.last_active)""",
				Map.of("cutoff", Timestamp.from(now.minus(Duration.ofDays(this.properties.churnAfterDays())))));
		int signalled = 0;
		for (Map<String, Object> row : inactive) {
			MemberId member = new MemberId((UUID) row.get("id"));
			Instant lastActive = ((Timestamp) row.get("last_active")).toInstant();
			// Another replica's run may have signalled it a moment ago: once is enough.
			if (this.jdbc.update(
					"""
							insert into member_churn_signal (member_id, last_active_at, signalled_at) values (:member, :last, :now)
							on conflict do nothing""",
					Map.of("member", member.value(), "last", Timestamp.from(lastActive), "now",
							Timestamp.from(now))) == 0) {
				continue;
			}
			signalled++;
			this.events.publishEvent(new MemberChurnRisk(
					EventMetadata.of(member, this.identities.nextEventVersion(member), now), member.value(), lastActive,
					Duration.between(lastActive, now).toDays(), (String) row.get("segment")));
		}
		return signalled;
	}

	/**
	 * Today's birthdays, once a year each: the tier's gift points and a MemberBirthday.
	 */
	@Transactional
	int celebrateBirthdays() {
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, this.properties.zone());
		int celebrated = 0;
		// Signalled once a year: the insert is the guard, so a replica's second run is a
		// no-op.
		for (MemberId member : this.identities.activeMembersBornOn(MonthDay.from(today))) {
			UUID id = member.value();
			if (this.jdbc.update(
					"insert into member_birthday_signal (member_id, year) values (:member, :year) on conflict do nothing",
					Map.of("member", id, "year", today.getYear())) == 0) {
				continue;
			}
			celebrated++;
			Tiers.MemberTier tier = this.tiers.current(member);
			long gift = tier.benefits().birthdayGiftPoints();
			this.points.grant(member, gift, "birthday", id + ":" + today.getYear(), "birthday gift");
			this.events.publishEvent(
					new MemberBirthday(EventMetadata.of(member, this.identities.nextEventVersion(member), now), id,
							today, tier.tier().name(), gift));
		}
		return celebrated;
	}

	@EventListener
	@Order(3)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberOrderDelivered order) {
		scoreRfm(order.memberId());
	}

	@Transactional(readOnly = true)
	Map<String, Long> segmentSizes() {
		Map<String, Long> sizes = new TreeMap<>();
		this.jdbc.query("select segment, count(*) from member_rfm group by segment", Map.of(), (rs) -> {
			sizes.put(rs.getString(1), rs.getLong(2));
		});
		return sizes;
	}

	/** A churn-risk signal: the member, and when they were signalled. */
	public record ChurnSignal(UUID memberId, Instant signalledAt) {
	}

	/** The churn-risk signals raised between {@code from} and {@code to}. */
	public List<ChurnSignal> churnSignals(Instant from, Instant to) {
		return this.jdbc.query(
				"select member_id, signalled_at from member_churn_signal where signalled_at >= :from and signalled_at < :to",
				Map.of("from", Timestamp.from(from), "to", Timestamp.from(to)),
				(rs, n) -> new ChurnSignal(rs.getObject("member_id", UUID.class),
						rs.getTimestamp("signalled_at").toInstant()));
	}

	/** Members of a segment with their scores. */
	record ScoredMember(UUID memberId, Integer recencyDays, int frequency, long monetaryMinor, int r, int f, int m,
			String segment) {
	}

	/** One member's scores and segment, if they were evaluated. */
	@Transactional(readOnly = true)
	Optional<ScoredMember> scoreOf(UUID member) {
		return this.jdbc
			.query("""
					select member_id, recency_days, frequency, monetary_minor, r, f, m, segment from member_rfm
					where member_id = :member""", Map.of("member", member),
					(rs, i) -> new ScoredMember(rs.getObject(1, UUID.class), (Integer) rs.getObject(2), rs.getInt(3),
							rs.getLong(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getString(8)))
			.stream()
			.findFirst();
	}

	@Transactional(readOnly = true)
	List<ScoredMember> segment(String segment, int limit) {
		return this.jdbc.query("""
				select member_id, recency_days, frequency, monetary_minor, r, f, m, segment from member_rfm
				where segment = :segment order by monetary_minor desc limit :limit""",
				Map.of("segment", segment, "limit", limit),
				(rs, i) -> new ScoredMember(rs.getObject(1, UUID.class), (Integer) rs.getObject(2), rs.getInt(3),
						rs.getLong(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getString(8)));
	}

}
