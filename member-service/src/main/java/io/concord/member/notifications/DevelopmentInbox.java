package io.concord.member.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local stack's SMS gateway, push service, mini-program platform and mail service in
 * one: every channel's messages land here, readable at
 * {@code GET /dev/notifications?memberId=...} like the one-time codes. Exists only with
 * {@code concord.member.dev-tools.enabled=true} (the local stack and tests); production
 * configures a provider per channel ({@link ProviderSenders}).
 */
@RestController
@ConditionalOnProperty(name = "concord.member.dev-tools.enabled", havingValue = "true")
@Tag(name = "development",
		description = "Local-stack tools that exist only with development tools enabled, never in production.")
class DevelopmentInbox {

	record Delivered(UUID notificationId, UUID memberId, NotificationChannel channel, String destination, String title,
			String body, Instant deliveredAt) {
	}

	/** Newest first, bounded: a development inbox, not a store. */
	private final ConcurrentLinkedDeque<Delivered> delivered = new ConcurrentLinkedDeque<>();

	private final Clock clock;

	DevelopmentInbox(Clock clock) {
		this.clock = clock;
	}

	@Bean
	NotificationSender.Adapters developmentInboxAdapters() {
		return new NotificationSender.Adapters(Arrays.stream(NotificationChannel.values()).map(this::sender).toList());
	}

	@Operation(operationId = "listDevelopmentNotifications", summary = "Read what was sent to a member",
			description = """
					The messages the development inbox "sent" to a member on any channel, newest first, so demos and \
					tests can see them. Exists only with concord.member.dev-tools.enabled (the local stack and tests); \
					never in the public document.

					Who may call: anonymous (anyone), where it exists.""")
	@GetMapping("/dev/notifications")
	List<Delivered> of(@RequestParam UUID memberId) {
		return this.delivered.stream().filter((message) -> message.memberId().equals(memberId)).toList();
	}

	private NotificationSender sender(NotificationChannel channel) {
		return new NotificationSender() {

			@Override
			public NotificationChannel channel() {
				return channel;
			}

			@Override
			public void send(Message message) {
				DevelopmentInbox.this.delivered.addFirst(
						new Delivered(message.notificationId(), message.memberId(), channel, message.destination(),
								message.title(), message.body(), DevelopmentInbox.this.clock.instant()));
				while (DevelopmentInbox.this.delivered.size() > 10_000) {
					DevelopmentInbox.this.delivered.pollLast();
				}
			}

		};
	}

}
