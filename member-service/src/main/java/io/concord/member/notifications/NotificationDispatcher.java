package io.concord.member.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.IdentityType;
import io.concord.member.identity.MemberId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the notifications that are due. Each batch is claimed with a lease (its send time
 * moved forward) so replicas never send one twice at once, and a crash mid-send retries
 * after the lease. Consent, quiet hours and the daily cap are decided when sending, so a
 * member's opt-out counts until the last moment. Logs carry ids, kinds and channels,
 * never a destination or a message.
 */
@Component
class NotificationDispatcher {

	private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

	private static final Duration LEASE = Duration.ofMinutes(2);

	private static final int MAX_ATTEMPTS = 5;

	private static final TypeReference<List<String>> PARAMS = new TypeReference<>() {
	};

	private record Due(UUID id, UUID memberId, NotificationKind kind, List<String> params, int attempts) {
	}

	private final JdbcClient jdbc;

	private final Notifications notifications;

	private final Identities identities;

	private final NotificationPolicy policy;

	private final Map<NotificationChannel, NotificationSender> senders = new EnumMap<>(NotificationChannel.class);

	private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

	private final JsonMapper json;

	private final Clock clock;

	NotificationDispatcher(JdbcTemplate jdbc, Notifications notifications, Identities identities,
			NotificationPolicy policy, NotificationSender.Adapters senders, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.notifications = notifications;
		this.identities = identities;
		this.policy = policy;
		senders.all().forEach((sender) -> this.senders.putIfAbsent(sender.channel(), sender));
		this.json = json;
		this.clock = clock;
		this.messages.setBasename("notifications/messages");
		this.messages.setDefaultEncoding("UTF-8");
		this.messages.setFallbackToSystemLocale(false);
	}

	@Scheduled(fixedDelayString = "${concord.member.notifications.dispatch-interval:5s}")
	void dispatch() {
		List<Due> due;
		do {
			due = claim(50);
			due.forEach(this::send);
		}
		while (due.size() == 50);
	}

	private List<Due> claim(int limit) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("""
				update notification set send_at = ?, attempts = attempts + 1
				where id in (select id from notification where status = 'PENDING' and send_at <= ?
				  order by send_at limit ? for update skip locked)
				returning id, member_id, kind, params, attempts""")
			.params(Timestamp.from(now.plus(LEASE)), Timestamp.from(now), limit)
			.query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
					NotificationKind.valueOf(rs.getString("kind")), this.json.readValue(rs.getString("params"), PARAMS),
					rs.getInt("attempts")))
			.list();
	}

	private void send(Due due) {
		NotificationKind.Purpose purpose = due.kind().purpose();
		Instant now = this.clock.instant();
		Instant earliest = this.policy.earliestSend(purpose, now);
		if (earliest.isAfter(now)) {
			// Quiet hours: the claim's attempt does not count.
			this.jdbc.sql("update notification set send_at = ?, attempts = attempts - 1 where id = ?")
				.params(Timestamp.from(earliest), due.id())
				.update();
			return;
		}
		long sentToday = this.jdbc.sql("""
				select count(*) from notification where member_id = ? and purpose = ? and status = 'SENT'
				  and sent_at >= ?""")
			.params(due.memberId(), purpose.name(), Timestamp.from(this.policy.startOfDay(now)))
			.query(Long.class)
			.single();
		if (!this.policy.underDailyCap(purpose, sentToday)) {
			finish(due, Notifications.Status.SUPPRESSED, "DAILY_CAP", null);
			return;
		}
		Identities.ExportedMember member;
		try {
			member = this.identities.export(new MemberId(due.memberId()));
		}
		catch (NoSuchElementException ex) {
			finish(due, Notifications.Status.SUPPRESSED, "NO_MEMBER", null);
			return;
		}
		Map<NotificationChannel, Map<NotificationKind.Purpose, Boolean>> consents = this.notifications
			.consents(due.memberId());
		boolean refused = false;
		for (NotificationChannel channel : this.policy.channelsFor(purpose)) {
			String destination = destination(member, channel);
			NotificationSender sender = this.senders.get(channel);
			if (destination == null || sender == null) {
				continue;
			}
			if (!consents.get(channel).get(purpose)) {
				refused = true;
				continue;
			}
			String key = due.kind().name();
			Object[] args = due.params().toArray();
			String title = this.messages.getMessage(key + ".title", args, this.policy.locale());
			String body = this.messages.getMessage(key + ".body", args, this.policy.locale());
			try {
				sender
					.send(new NotificationSender.Message(due.id(), due.memberId(), channel, destination, title, body));
			}
			catch (RuntimeException ex) {
				retryLater(due, channel, ex);
				return;
			}
			finish(due, Notifications.Status.SENT, null, channel);
			log.info("Notification {} ({}) sent to member {} by {}", due.id(), due.kind(), due.memberId(), channel);
			return;
		}
		finish(due, Notifications.Status.SUPPRESSED, refused ? "NO_CONSENT" : "NO_CHANNEL", null);
	}

	private void retryLater(Due due, NotificationChannel channel, RuntimeException ex) {
		String error = channel + ": " + ex.getClass().getSimpleName();
		if (due.attempts() >= MAX_ATTEMPTS) {
			this.jdbc.sql("update notification set status = ?, reason = 'PROVIDER', last_error = ? where id = ?")
				.params(Notifications.Status.ending(Notifications.Status.FAILED).name(), error, due.id())
				.update();
			log.warn("Notification {} ({}) failed {} times by {}; given up", due.id(), due.kind(), due.attempts(),
					channel);
			return;
		}
		Duration backoff = Duration.ofSeconds(30L << Math.min(due.attempts(), 6));
		this.jdbc.sql("update notification set send_at = ?, last_error = ? where id = ?")
			.params(Timestamp.from(this.clock.instant().plus(backoff)), error, due.id())
			.update();
		log.warn("Notification {} ({}) not accepted by {}; retry in {}", due.id(), due.kind(), channel, backoff);
	}

	private void finish(Due due, Notifications.Status status, @Nullable String reason,
			@Nullable NotificationChannel channel) {
		this.jdbc.sql("update notification set status = ?, reason = ?, channel = ?, sent_at = ? where id = ?")
			.params(Notifications.Status.ending(status).name(), reason, (channel != null) ? channel.name() : null,
					(status == Notifications.Status.SENT) ? Timestamp.from(this.clock.instant()) : null, due.id())
			.update();
	}

	/** The member's verified address on a channel, if they have one. */
	private static @Nullable String destination(Identities.ExportedMember member, NotificationChannel channel) {
		for (Identities.ExportedIdentity identity : member.identities()) {
			if (!identity.verified()) {
				continue;
			}
			boolean matches = switch (channel) {
				case APP_PUSH -> identity.type() == IdentityType.APP_ACCOUNT;
				case MINI_PROGRAM -> identity.type() == IdentityType.SOCIAL_OPEN_ID && identity.namespace() != null
						&& identity.namespace().startsWith("wechat");
				case SMS -> identity.type() == IdentityType.PHONE;
				case EMAIL -> identity.type() == IdentityType.EMAIL;
			};
			if (matches) {
				return identity.value();
			}
		}
		return null;
	}

}
