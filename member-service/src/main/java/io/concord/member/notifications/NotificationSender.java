package io.concord.member.notifications;

import java.util.List;
import java.util.UUID;

/**
 * The port to one delivery channel's provider (an SMS gateway, the push service, the
 * mini-program platform, a mail service). A send is idempotent at the provider by
 * {@code notificationId}, so a retry after a timeout does not send twice where the
 * provider honours it.
 */
interface NotificationSender {

	/** One message to one destination. */
	record Message(UUID notificationId, UUID memberId, NotificationChannel channel, String destination, String title,
			String body) {
	}

	NotificationChannel channel();

	/**
	 * Hands the message to the provider; throws when it was not accepted (it is retried
	 * later).
	 */
	void send(Message message);

	/** The adapters in use: the providers configured, or the development inbox. */
	record Adapters(List<NotificationSender> all) {
	}

}
