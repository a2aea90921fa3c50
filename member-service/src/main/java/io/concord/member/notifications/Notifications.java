package io.concord.member.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberErased;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.MemberMerged;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notifications a member is due and what they allow. A notification is recorded once
 * per member, kind and source (the coupon, the order, the expiry day): a repeated or
 * duplicated event finds it recorded and changes nothing. {@link NotificationDispatcher}
 * sends what is due.
 */
@Component
@EnableConfigurationProperties(NotificationPolicy.class)
class Notifications {

	/**
	 * What became of a notification, stored by name in {@code notification.status}:
	 * recorded PENDING, then it ends in exactly one of the others. (The SQL keeps
	 * {@code 'PENDING'} as a literal where a partial index depends on it.)
	 */
	enum Status {

		PENDING, SENT, SUPPRESSED, CANCELLED, FAILED;

		/** The only transitions: a pending notification ends once, one way. */
		boolean canBecome(Status next) {
			return this == PENDING && next != PENDING;
		}

		/** The end state, checked against the transitions. */
		static Status ending(Status next) {
			if (!PENDING.canBecome(next)) {
				throw new IllegalStateException("A notification cannot become " + next);
			}
			return next;
		}

	}

	record NotificationView(UUID id, NotificationKind kind, Status status, @Nullable String reason,
			@Nullable NotificationChannel channel, Instant createdAt, Instant sendAt, @Nullable Instant sentAt) {
	}

	private final JdbcClient jdbc;

	private final Identities identities;

	private final NotificationPolicy policy;

	private final JsonMapper json;

	private final Clock clock;

	Notifications(JdbcTemplate jdbc, Identities identities, NotificationPolicy policy, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.identities = identities;
		this.policy = policy;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Records that the member is due this notification, not before {@code notBefore};
	 * false when it was recorded before (the same source).
	 * @param params the message's arguments, already formatted
	 */
	@Transactional
	public boolean request(UUID memberId, NotificationKind kind, String sourceKey, @Nullable String orderId,
			List<String> params, Instant notBefore) {
		java.util.Optional<MemberId> survivor = this.identities.survivorIfMember(new MemberId(memberId));
		if (survivor.isEmpty()) {
			// No member to tell: an order placed under a buyer id that is no member's
			// (an unlinked marketplace buyer); the platform tells its buyer itself.
			return false;
		}
		UUID member = survivor.get().value();
		return this.jdbc.sql("""
				insert into notification (id, member_id, kind, purpose, source_key, order_id, params, status, send_at,
				  created_at)
				values (?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?, ?)
				on conflict (member_id, kind, source_key) do nothing""")
			.params(UUID.randomUUID(), member, kind.name(), kind.purpose().name(), sourceKey, orderId,
					this.json.writeValueAsString(params), Timestamp.from(notBefore),
					Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	/**
	 * The order was paid: its unpaid reminder, if not sent yet, is not; if it was, the
	 * reminder worked.
	 */
	@Transactional
	public void orderPaid(String orderId, Instant paidAt) {
		orderCancelled(orderId);
		this.jdbc.sql("""
				update notification set converted_at = ?, converted_order_id = order_id
				where order_id = ? and kind = 'UNPAID_ORDER' and status = 'SENT' and converted_at is null""")
			.params(Timestamp.from(paidAt), orderId)
			.update();
	}

	/**
	 * The order was cancelled (or paid): its unpaid reminder, if not sent yet, is not.
	 */
	public int orderCancelled(String orderId) {
		return this.jdbc.sql("""
				update notification set status = ?, reason = 'ORDER_SETTLED'
				where order_id = ? and kind = 'UNPAID_ORDER' and status = 'PENDING'""")
			.params(Status.ending(Status.CANCELLED).name(), orderId)
			.update();
	}

	/** A win-back coupon was redeemed on an order: the loop closed. */
	public void couponRedeemed(UUID couponId, String orderId, Instant redeemedAt) {
		this.jdbc.sql("""
				update notification set converted_at = ?, converted_order_id = ?
				where kind = 'WIN_BACK_COUPON' and source_key = ? and converted_at is null""")
			.params(Timestamp.from(redeemedAt), orderId, "coupon:" + couponId)
			.update();
	}

	/** The member's choices, with the defaults where they made none. */
	Map<NotificationChannel, Map<NotificationKind.Purpose, Boolean>> consents(UUID memberId) {
		Map<NotificationChannel, Map<NotificationKind.Purpose, Boolean>> consents = new EnumMap<>(
				NotificationChannel.class);
		for (NotificationChannel channel : NotificationChannel.values()) {
			Map<NotificationKind.Purpose, Boolean> byPurpose = new EnumMap<>(NotificationKind.Purpose.class);
			for (NotificationKind.Purpose purpose : NotificationKind.Purpose.values()) {
				byPurpose.put(purpose, this.policy.allowedByDefault(channel, purpose));
			}
			consents.put(channel, byPurpose);
		}
		this.jdbc.sql("select channel, purpose, allowed from notification_consent where member_id = ?")
			.params(memberId)
			.query((rs) -> {
				consents.get(NotificationChannel.valueOf(rs.getString("channel")))
					.put(NotificationKind.Purpose.valueOf(rs.getString("purpose")), rs.getBoolean("allowed"));
			});
		return consents;
	}

	@Transactional
	void consent(UUID memberId, NotificationChannel channel, NotificationKind.Purpose purpose, boolean allowed) {
		this.jdbc
			.sql("""
					insert into notification_consent (member_id, channel, purpose, allowed, updated_at) values (?, ?, ?, ?, ?)
					on conflict (member_id, channel, purpose) do update set allowed = excluded.allowed,
					  updated_at = excluded.updated_at""")
			.params(memberId, channel.name(), purpose.name(), allowed, Timestamp.from(this.clock.instant()))
			.update();
	}

	List<NotificationView> ofMember(UUID memberId, int limit) {
		return this.jdbc.sql("""
				select id, kind, status, reason, channel, created_at, send_at, sent_at from notification
				where member_id = ? order by created_at desc limit ?""")
			.params(memberId, limit)
			.query((rs, n) -> new NotificationView(rs.getObject("id", UUID.class),
					NotificationKind.valueOf(rs.getString("kind")), Status.valueOf(rs.getString("status")),
					rs.getString("reason"),
					(rs.getString("channel") != null) ? NotificationChannel.valueOf(rs.getString("channel")) : null,
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("send_at").toInstant(),
					(rs.getTimestamp("sent_at") != null) ? rs.getTimestamp("sent_at").toInstant() : null))
			.list();
	}

	/** An erased member is told nothing more, and what they were told is forgotten. */
	@EventListener
	void erased(MemberErased erased) {
		this.jdbc.sql("delete from notification where member_id = ?").params(erased.memberId()).update();
		this.jdbc.sql("delete from notification_consent where member_id = ?").params(erased.memberId()).update();
	}

	/**
	 * Two members became one: the survivor keeps their own choices and gains the merged
	 * member's where they had made none; pending notifications follow.
	 */
	@EventListener
	void merged(MemberMerged merged) {
		this.jdbc.sql("""
				insert into notification_consent (member_id, channel, purpose, allowed, updated_at)
				select ?, channel, purpose, allowed, updated_at from notification_consent where member_id = ?
				on conflict (member_id, channel, purpose) do nothing""")
			.params(merged.survivorMemberId(), merged.mergedMemberId())
			.update();
		this.jdbc.sql("delete from notification_consent where member_id = ?").params(merged.mergedMemberId()).update();
		this.jdbc.sql("""
				update notification n set member_id = ? where member_id = ? and status = 'PENDING'
				  and not exists (select 1 from notification s where s.member_id = ? and s.kind = n.kind
				    and s.source_key = n.source_key)""")
			.params(merged.survivorMemberId(), merged.mergedMemberId(), merged.survivorMemberId())
			.update();
	}

}
