package io.concord.member.notifications;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.concord.platform.web.WebhookSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production's channel adapters post the channel's message, signed and keyed, to its
 * provider.
 */
class ProviderSendersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-11-11T00:00:00Z");

	private final List<String[]> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger answer = new AtomicInteger(202);

	private HttpServer server;

	@BeforeEach
	void provider() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/sms", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.received.add(new String[] { exchange.getRequestHeaders().getFirst("X-Signature"),
					exchange.getRequestHeaders().getFirst("Idempotency-Key"),
					new String(body, StandardCharsets.UTF_8) });
			exchange.sendResponseHeaders(this.answer.get(), -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void anSmsIsPostedSignedAndKeyedByTheNotification() throws Exception {
		ProviderSenders.HttpSender sms = sender("sms-provider-secret");
		UUID notification = UUID.randomUUID();
		sms.send(new NotificationSender.Message(notification, UUID.randomUUID(), NotificationChannel.SMS,
				"+8613912345678", "Your order is on its way", "Order ORD-1 has shipped."));
		assertThat(this.received).hasSize(1);
		String[] request = this.received.get(0);
		assertThat(request[1]).isEqualTo(notification.toString());
		JsonNode payload = JSON.readTree(request[2]);
		assertThat(payload.path("phone").asString()).isEqualTo("+8613912345678");
		assertThat(payload.path("text").asString()).isEqualTo("Your order is on its way: Order ORD-1 has shipped.");
		// The provider checks it as Concord checks its own partners' callbacks.
		WebhookSignatures.verify("sms-provider-secret", request[0], "POST", "/v1/sms",
				request[2].getBytes(StandardCharsets.UTF_8), NOW, Duration.ofMinutes(5));
		assertThatThrownBy(() -> WebhookSignatures.verify("another-secret", request[0], "POST", "/v1/sms",
				request[2].getBytes(StandardCharsets.UTF_8), NOW, Duration.ofMinutes(5)))
			.isNotNull();
	}

	@Test
	void aRefusalIsAFailureToRetry() {
		this.answer.set(503);
		assertThatThrownBy(() -> sender("s").send(new NotificationSender.Message(UUID.randomUUID(), UUID.randomUUID(),
				NotificationChannel.SMS, "+8613912345678", "t", "b")))
			.hasMessageContaining("503");
	}

	private ProviderSenders.HttpSender sender(String secret) {
		return new ProviderSenders.HttpSender(NotificationChannel.SMS,
				new ProviderSenders.Provider(
						URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/sms"), secret),
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), JSON,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
