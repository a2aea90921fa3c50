package io.concord.member.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.platform.web.WebhookSignatures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Production's adapters: one per channel with a provider configured under
 * {@code concord.member.notifications.providers.<CHANNEL>} (url, secret). Each posts the
 * channel's message as JSON (SMS: phone and text; push: app account, title and body;
 * mini-program: open id and the message; e-mail: address, subject and body), signed with
 * the provider's shared secret as Concord's own partners sign to us
 * ({@link WebhookSignatures}: time, method, path and body) and keyed by the notification
 * id ({@code Idempotency-Key}), with a 5-second timeout. A channel without a provider is
 * not used. Replaced by the development inbox when development tools are on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "concord.member.dev-tools.enabled", havingValue = "false", matchIfMissing = true)
@EnableConfigurationProperties(ProviderSenders.Providers.class)
class ProviderSenders {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@ConfigurationProperties("concord.member.notifications")
	record Providers(@Nullable Map<NotificationChannel, Provider> providers) {

		Providers {
			providers = (providers != null) ? Map.copyOf(providers) : Map.of();
		}

	}

	record Provider(URI url, String secret) {
	}

	@Bean
	NotificationSender.Adapters notificationProviders(Providers providers, JsonMapper json, Clock clock) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		List<NotificationSender> senders = new ArrayList<>();
		providers.providers()
			.forEach((channel, provider) -> senders.add(new HttpSender(channel, provider, http, json, clock)));
		return new NotificationSender.Adapters(senders);
	}

	/** One channel's provider over HTTP. */
	static final class HttpSender implements NotificationSender {

		private final NotificationChannel channel;

		private final Provider provider;

		private final HttpClient http;

		private final JsonMapper json;

		private final Clock clock;

		HttpSender(NotificationChannel channel, Provider provider, HttpClient http, JsonMapper json, Clock clock) {
			this.channel = channel;
			this.provider = provider;
			this.http = http;
			this.json = json;
			this.clock = clock;
		}

		@Override
		public NotificationChannel channel() {
			return this.channel;
		}

		@Override
		public void send(Message message) {
			String body = this.json.writeValueAsString(payload(message));
			long time = this.clock.instant().getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(this.provider.url())
				.timeout(TIMEOUT)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", message.notificationId().toString())
				.header(WebhookSignatures.HEADER,
						WebhookSignatures.sign(this.provider.secret(), time, "POST", this.provider.url().getRawPath(),
								body.getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<String> response;
			try {
				response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IllegalStateException(this.channel + " provider did not answer", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(this.channel + " provider answered " + response.statusCode());
			}
		}

		private Map<String, Object> payload(Message message) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("messageId", message.notificationId());
			switch (this.channel) {
				case SMS -> {
					payload.put("phone", message.destination());
					payload.put("text", message.title() + ": " + message.body());
				}
				case APP_PUSH -> {
					payload.put("account", message.destination());
					payload.put("title", message.title());
					payload.put("body", message.body());
				}
				case MINI_PROGRAM -> {
					payload.put("openId", message.destination());
					payload.put("title", message.title());
					payload.put("content", message.body());
				}
				case EMAIL -> {
					payload.put("to", message.destination());
					payload.put("subject", message.title());
					payload.put("text", message.body());
				}
			}
			return payload;
		}

	}

}
